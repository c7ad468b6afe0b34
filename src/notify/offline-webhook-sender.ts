// POSTs offline messages to a company's webhook, signed like every request Switchboard sends out.
import { SIGNATURE_HEADER, signatureHeader } from "../agents/index.js";
import type { Clock, OfflineWebhook } from "../core/index.js";

/** How long one attempt may take before it counts as failed (and is retried later). */
const ATTEMPT_TIMEOUT_MS = 10_000;

/** The webhook adapter: one signed JSON POST per attempt; any 2xx is delivered. */
export class OfflineWebhookSender implements OfflineWebhook {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  async send(
    url: string,
    secret: string | null,
    body: string,
  ): Promise<{ ok: true } | { ok: false; error: string }> {
    const headers: Record<string, string> = {
      "Content-Type": "application/json",
      "User-Agent": "Switchboard-Offline-Messages",
    };
    if (secret) headers[SIGNATURE_HEADER] = signatureHeader(secret, body, this.#clock.now());
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body,
        redirect: "manual",
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      // The answer's body is not needed; reading it frees the connection.
      await response.arrayBuffer().catch(() => undefined);
      if (response.status >= 200 && response.status < 300) return { ok: true };
      return { ok: false, error: `HTTP ${response.status}` };
    } catch (error) {
      // The error's name only: a message could carry the URL's credentials.
      const name = error instanceof Error ? error.name : "Error";
      return {
        ok: false,
        error: name === "TimeoutError" ? "timed out" : `network error (${name})`,
      };
    }
  }
}
