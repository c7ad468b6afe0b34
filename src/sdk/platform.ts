// The runtime the client runs on: injected or global WebSocket and fetch, base URL, id source.
import type {
  ClientOptions,
  FetchLike,
  SdkError,
  WebSocketConstructor,
  WebSocketLike,
} from "./types.js";

/** What the client takes from its runtime; `ok` is false when something it needs is missing. */
export interface Platform {
  ok: boolean;
  error: SdkError;
  WebSocket: WebSocketConstructor;
  fetch: FetchLike;
  baseUrl: () => string;
  generateId: () => string;
}

interface Globals {
  WebSocket?: WebSocketConstructor;
  fetch?: FetchLike;
  crypto?: { randomUUID?: () => string };
}

/** Picks the injected WebSocket and fetch, else the globals (browsers, Node 22+). */
export function resolvePlatform(options: ClientOptions): Platform {
  const globals = globalThis as Globals;
  const WebSocket = options.WebSocket ?? globals.WebSocket;
  const globalFetch = globals.fetch;
  const fetchFn = options.fetch ?? (globalFetch ? globalFetch.bind(globalThis) : undefined);
  const missing = [!WebSocket && "WebSocket", !fetchFn && "fetch"].filter(Boolean);
  const base = options.baseUrl;
  return {
    ok: missing.length === 0,
    error: {
      code: "unsupported_runtime",
      message: `no ${missing.join(" or ")}: pass it in the options`,
    },
    WebSocket: WebSocket ?? Unavailable,
    fetch: fetchFn ?? (() => Promise.reject(new Error("no fetch"))),
    baseUrl: typeof base === "function" ? base : () => base,
    generateId: options.generateId ?? (() => randomId(globals)),
  };
}

function randomId(globals: Globals): string {
  const uuid = globals.crypto?.randomUUID?.();
  if (uuid) return uuid;
  // Old runtimes without randomUUID: unique enough for matching one session's echoes.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

class Unavailable implements WebSocketLike {
  readonly readyState = 3;
  onopen = null;
  onmessage = null;
  onclose = null;
  onerror = null;
  constructor() {
    throw new Error("no WebSocket available");
  }
  send(): void {}
  close(): void {}
}
