// Verified context from the page: ask the app's callback for a signed token and hand it to the server.
import { joinUrl, postJson } from "./http.js";
import type { ContextRequest, FetchLike } from "./types.js";

/** The spec's cap on the app's callback: the join waits no longer (chat-api.md §2). */
export const CONTEXT_CALLBACK_TIMEOUT_MS = 4000;

/** What the submission needs to reach the server. */
export interface ContextTarget {
  sessionId: string;
  contextId: string;
  accessToken: string;
}

export interface ContextSubmitterOptions {
  callback: (request: ContextRequest) => unknown;
  fetch: FetchLike;
  baseUrl: () => string;
  /** Default 4000; tests pass less. */
  timeoutMs?: number;
  /** Timers, injectable so tests can drive the cap without waiting. */
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

/**
 * Runs the app's `onContextRequired` and submits what it returns. Never throws and never
 * takes longer than the cap for the callback: a decline (anything but a non-empty string),
 * a throw or a time-out resolves false, and so does a failed submission.
 */
export class ContextSubmitter {
  readonly #options: ContextSubmitterOptions;

  constructor(options: ContextSubmitterOptions) {
    this.#options = options;
  }

  /** True when a token was given and the server accepted it. */
  async run(target: ContextTarget): Promise<boolean> {
    const token = await this.#askApp(target);
    if (token === null) return false;
    const answer = await postJson(
      this.#options.fetch,
      joinUrl(
        this.#options.baseUrl(),
        `/api/v1/sessions/${encodeURIComponent(target.sessionId)}/context`,
      ),
      { Authorization: `Bearer ${target.accessToken}` },
      { token },
    );
    return answer.ok && answer.value.accepted === true;
  }

  #askApp(target: ContextTarget): Promise<string | null> {
    const { callback, timeoutMs = CONTEXT_CALLBACK_TIMEOUT_MS } = this.#options;
    const set = this.#options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    const clear =
      this.#options.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    return new Promise((resolve) => {
      let settled = false;
      const finish = (value: string | null) => {
        if (settled) return;
        settled = true;
        clear(timer);
        resolve(value);
      };
      const timer = set(() => finish(null), timeoutMs);
      try {
        Promise.resolve(
          callback({ sessionId: target.sessionId, contextId: target.contextId }),
        ).then(
          (value) => finish(typeof value === "string" && value !== "" ? value : null),
          () => finish(null),
        );
      } catch {
        finish(null);
      }
    });
  }
}
