// Where access tokens come from: the app's token provider, or minting with the connector token.
import { joinUrl, postJson, type Result } from "./http.js";
import type { ClientAuth, FetchLike } from "./types.js";

/** Gets and refreshes access tokens for one client. */
export class TokenSource {
  readonly #auth: ClientAuth;
  readonly #fetch: FetchLike;
  readonly #baseUrl: () => string;

  constructor(auth: ClientAuth, fetchFn: FetchLike, baseUrl: () => string) {
    this.#auth = auth;
    this.#fetch = fetchFn;
    this.#baseUrl = baseUrl;
  }

  /**
   * A token; with `previous`, one for the same subject, so an existing session accepts it
   * (the token provider is trusted to do the same on the app's backend).
   */
  async get(previous?: string): Promise<Result<string>> {
    if ("tokenProvider" in this.#auth)
      return this.#fromProvider(this.#auth.tokenProvider, previous);
    const headers: Record<string, string> = {
      "X-Token": this.#auth.connectorToken,
      "X-Host": this.#auth.host,
    };
    if (previous !== undefined) headers.Authorization = `Bearer ${previous}`;
    const url = joinUrl(this.#baseUrl(), "/api/v1/access-token");
    const answer = await postJson(this.#fetch, url, headers, {});
    if (!answer.ok) return answer;
    const token = answer.value.access_token;
    if (typeof token === "string" && token !== "") return { ok: true, value: token };
    return {
      ok: false,
      error: { status: 200, code: "bad_response", message: "no access_token in the answer" },
    };
  }

  async #fromProvider(
    provider: (previous?: string) => Promise<string>,
    previous: string | undefined,
  ): Promise<Result<string>> {
    try {
      const token = await provider(previous);
      if (typeof token === "string" && token !== "") return { ok: true, value: token };
      return {
        ok: false,
        error: { status: 0, code: "token_provider_failed", message: "empty token" },
      };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { ok: false, error: { status: 0, code: "token_provider_failed", message } };
    }
  }
}

/** The `exp` of a JWT in epoch milliseconds, or null when it cannot be read. */
export function tokenExpiresAt(token: string): number | null {
  const part = token.split(".")[1];
  if (part === undefined) return null;
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
    const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
    const claims: unknown = JSON.parse(atob(padded));
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === "number" ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** True when the token expires within `marginMs` of `now` (unknown expiry counts as fresh). */
export function tokenExpiring(token: string, now: number, marginMs = 30_000): boolean {
  const exp = tokenExpiresAt(token);
  return exp !== null && exp - marginMs <= now;
}
