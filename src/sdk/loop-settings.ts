// How the client's options (with their defaults) become the socket loop's settings.
import { DEFAULT_BACKOFF } from "./backoff.js";
import type { Result } from "./http.js";
import type { Platform } from "./platform.js";
import type { LoopDeps, LoopSession } from "./socket-loop.js";
import type { ClientOptions } from "./types.js";

/** Out-of-order events wait this long for the gap to fill by default. */
const DEFAULT_GAP_TIMEOUT_MS = 2000;

/** The loop's settings: injected runtime, ws URL derived from the base URL, backoff defaults. */
export function loopSettings(
  options: ClientOptions,
  platform: Platform,
  refresh: (session: LoopSession) => Promise<Result<string>>,
): LoopDeps {
  const reconnect = options.reconnect ?? {};
  return {
    WebSocket: platform.WebSocket,
    wsBase: () => platform.baseUrl().replace(/^http/i, "ws"),
    refresh,
    backoff: {
      baseDelayMs: reconnect.baseDelayMs ?? DEFAULT_BACKOFF.baseDelayMs,
      maxDelayMs: reconnect.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs,
    },
    random: options.random ?? Math.random,
    gapTimeoutMs: options.gapTimeoutMs ?? DEFAULT_GAP_TIMEOUT_MS,
    maxAttempts: reconnect.maxAttempts,
    now: () => Date.now(),
  };
}
