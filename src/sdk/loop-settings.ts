// How the client's options (with their defaults) become the socket loop's settings.
import { DEFAULT_BACKOFF } from "./backoff.js";
import type { Result } from "./http.js";
import type { Platform } from "./platform.js";
import type { LoopDeps, LoopSession } from "./socket-loop.js";
import type { ClientOptions, NetworkSignals } from "./types.js";

/** Out-of-order events wait this long for the gap to fill by default. */
const DEFAULT_GAP_TIMEOUT_MS = 2000;
/** A heartbeat unanswered this long means a dead socket: well above a slow mobile round trip. */
const DEFAULT_ECHO_TIMEOUT_MS = 10_000;
/** A socket that neither opens nor fails within this long is given up on. */
const DEFAULT_CONNECT_TIMEOUT_MS = 15_000;

/** The loop's settings: injected runtime, ws URL derived from the base URL, backoff defaults. */
export function loopSettings(
  options: ClientOptions,
  platform: Platform,
  refresh: (session: LoopSession) => Promise<Result<string>>,
): LoopDeps {
  const reconnect = options.reconnect ?? {};
  const liveness = options.liveness ?? {};
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
    bounds: {
      echoTimeoutMs: liveness.echoTimeoutMs ?? DEFAULT_ECHO_TIMEOUT_MS,
      connectTimeoutMs: liveness.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    },
    heartbeatIntervalMs: liveness.heartbeatIntervalMs,
    network: options.network ?? browserNetwork(),
  };
}

// Browsers' window fires online/offline; Node has no such events.
function browserNetwork(): NetworkSignals | undefined {
  const global = globalThis as Partial<NetworkSignals> & { navigator?: unknown };
  if (typeof global.addEventListener !== "function" || global.navigator === undefined)
    return undefined;
  return global as NetworkSignals;
}
