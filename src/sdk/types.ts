// The SDK's public data types: options, the conversation model, events and the platform seams.
import type {
  Attachment,
  ChunkLayout,
  ResponseSuggestion,
  ServerEvent,
} from "../protocol/index.js";

export type { Attachment, ChunkLayout, ResponseSuggestion, ServerEvent };

/** Where the client is in its connection life. */
export type ConnectionState =
  | "idle"
  | "connecting"
  | "open"
  | "reconnecting"
  | "closed"
  | "ended"
  | "failed";

/** What the client emits when its state changes. */
export interface StateChange {
  from: ConnectionState;
  to: ConnectionState;
  reason?: string;
}

/** A system message or a transport problem, as the `error` event carries it. */
export interface SdkError {
  code: string;
  message: string;
  level?: string;
}

export type DeliveryStatus = "sending" | "sent" | "failed";
export type HandoffState =
  | "none"
  | "requested"
  | "queued"
  | "connected"
  | "failed"
  | "timed_out"
  | "client_required";

/** One line of the conversation, ready to render. */
export interface ConversationMessage {
  /** message_id for agent messages; client_event_id for the user's own (kept after the echo). */
  id: string;
  from: "user" | "ai" | "live" | "system";
  /** Chunks in chunk_index order, joined the session's way (`Conversation.chunkLayout`). */
  text: string;
  /** False while chunks are still streaming. */
  complete: boolean;
  attachments: Attachment[];
  suggestions: ResponseSuggestion[];
  agentName?: string;
  avatarUrl?: string;
  status?: DeliveryStatus;
  /** On a user message: a live agent has read it (LIVE_AGENT_SEEN; addition to the contract). */
  seen?: boolean;
  level?: "info" | "warning" | "error";
  kind?: "handoff" | "notice";
  /** On handoff notices: the handoff step this notice reports (addition to the contract). */
  handoffState?: HandoffState;
  /**
   * On the queue notice (one per wait, updated in place as statuses come): the latest status's
   * facts, for clients that word the notice themselves (addition).
   */
  queue?: QueueFacts;
  timestamp: string;
  sequence: number | null;
  endsConversation?: boolean;
  /** On a user message sent with `send(text, { payload })` (addition to the contract). */
  payload?: unknown;
  /** On streamed messages: the chunks received so far (addition; used for reassembly). */
  chunks?: readonly ChunkPart[];
}

/** One received streaming chunk. */
export interface ChunkPart {
  index: number;
  text: string;
  final: boolean;
}

/** What a queue status said: which queue, the place in it, the estimated wait. */
export interface QueueFacts {
  queueName?: string;
  position?: number;
  estimatedWaitSeconds?: number;
  /** The server's own words for it (in the session's language). */
  displayMessage?: string;
}

export interface AgentInfo {
  kind: "ai" | "live" | "none";
  name?: string;
  avatarUrl?: string;
}

export interface HandoffInfo {
  state: HandoffState;
  queueName?: string;
  position?: number;
  estimatedWaitSeconds?: number;
  displayMessage?: string;
  route?: string;
  reason?: string;
  /** After a failed handoff: nobody can be reached, and the visitor may leave an offline message. */
  offlineMessage?: boolean;
}

/** What the visitor leaves when nobody can take the chat. */
export interface OfflineMessageInput {
  email: string;
  name?: string;
  message: string;
}

/**
 * How an offline message went: kept (the session then ends with a thank-you), or refused with the
 * server's code (`offline_invalid` with `problems` per field, `offline_not_offered`, …).
 */
export type OfflineMessageResult =
  | { ok: true }
  | { ok: false; error: SdkError & { status: number } };

/** The whole conversation as plain, immutable data. */
export interface Conversation {
  sessionId: string | null;
  connection: ConnectionState;
  messages: ConversationMessage[];
  agent: AgentInfo;
  /** POLY_AGENT_THINKING seen and no reply yet (the client hides it after 10 s). */
  thinking: boolean;
  liveAgentTyping: boolean;
  handoff: HandoffInfo;
  language: string | null;
  /**
   * How the session's streamed chunks join into a message, from SESSION_START: `concat` unless
   * the session announces `capabilities.chunk_join: "space"` (sessions laid out for the official
   * mobile SDKs, e.g. by the connector's `chunk_join` setting).
   */
  chunkLayout: ChunkLayout;
  ended: { reason: string } | null;
  /** Suggestions of the latest agent message; cleared when the user sends. */
  suggestions: ResponseSuggestion[];
}

/** Events of `SwitchboardClient.on`. */
export interface ClientEvents {
  state: StateChange;
  event: ServerEvent;
  conversation: Conversation;
  error: SdkError;
  /** The server cannot be reached: `reason` is "network offline" or "no heartbeat echo". */
  offline: { reason: string };
  /** A connection is open again after `offline`. */
  online: Record<string, never>;
}

/** Where the client hears that the network went away or came back (a browser `window`). */
export interface NetworkSignals {
  addEventListener(type: "online" | "offline", listener: () => void): void;
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

/** How the client notices a dead connection. */
export interface LivenessOptions {
  /** Heartbeat period; default SESSION_START's heartbeat_interval_seconds (30 s). */
  heartbeatIntervalMs?: number;
  /** A heartbeat (or a send) with no frame back within this long means the socket is dead; default 10000. */
  echoTimeoutMs?: number;
  /** A socket that does not open within this long is given up on; default 15000. */
  connectTimeoutMs?: number;
}

/** The part of `Storage` (e.g. sessionStorage) the client uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the client reads from a socket event; the browser's and `ws`'s events both fit. */
export interface SocketEventLike {
  data?: unknown;
  code?: number;
  reason?: string;
  message?: string;
  error?: unknown;
}

/**
 * The part of a WebSocket the client uses. The browser `WebSocket` and the `ws` package fit;
 * handlers take `never` so that either's own event types are accepted.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: never) => unknown) | null;
  onmessage: ((event: never) => unknown) | null;
  onclose: ((event: never) => unknown) | null;
  onerror: ((event: never) => unknown) | null;
}

/** A WebSocket constructor: `globalThis.WebSocket` in browsers, `ws` in Node. */
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The part of a fetch `Response` the client reads. */
export interface FetchResponseLike {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** The part of `fetch` the client uses; the global `fetch` fits. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
) => Promise<FetchResponseLike>;

export type ClientAuth =
  /** `previous` (an addition) is the token being replaced: pass it on to keep the session's subject. */
  | { tokenProvider: (previous?: string) => Promise<string> }
  | { connectorToken: string; host: string };

export type Platform = "web" | "ios" | "android" | "ios-web" | "android-web" | "custom";

export interface ReconnectOptions {
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Default: SESSION_START's max_reconnect_attempts, else 10. */
  maxAttempts?: number;
}

export interface ClientOptions {
  /** http(s) base URL; the ws(s) URL is derived from it. A function is read on every request. */
  baseUrl: string | (() => string);
  auth: ClientAuth;
  /** Default true. */
  streaming?: boolean;
  /** Default "web". */
  platform?: Platform;
  deviceType?: "mobile" | "tablet" | "desktop";
  /** Keeps {sessionId, token, cursor} so a reload resumes the session. */
  storage?: StorageLike;
  /** Default "switchboard:session". */
  storageKey?: string;
  /**
   * The stable visitor id sent when a session is created (`visitor_id`), so the server can list
   * this browser's earlier conversations. Default: a random id kept in `visitorStorage`; null: none.
   * Not verified identity, and a bearer of this visitor's history: never a guessable value.
   */
  visitorId?: string | null;
  /** Where the visitor id is kept; default `storage` (the widget uses localStorage). */
  visitorStorage?: StorageLike;
  /** Default "switchboard:visitor". */
  visitorStorageKey?: string;
  /**
   * The page sent with a new session (`page_url`, `referrer`; the server keeps origin and path):
   * default the browser's `location.href` and `document.referrer`; null sends none.
   */
  page?: (() => { url?: string; referrer?: string }) | null;
  WebSocket?: WebSocketConstructor;
  fetch?: FetchLike;
  reconnect?: ReconnectOptions;
  /** For tests: the random source of the full-jitter backoff. */
  random?: () => number;
  /** TYPING_STATE_STOPPED after this pause; default 2000. */
  typingIdleMs?: number;
  /** How long to wait for a user message's echo before marking it failed; default 10000. */
  deliveryTimeoutMs?: number;
  /** How long an out-of-order event waits for the gap to fill before reconnecting; default 2000. */
  gapTimeoutMs?: number;
  /** Heartbeat and timeout bounds of the liveness check. */
  liveness?: LivenessOptions;
  /** Network online/offline events; default the global `window` in browsers, none elsewhere. */
  network?: NetworkSignals;
  /** For tests: makes client_event_ids. Default crypto.randomUUID. */
  generateId?: () => string;
  /**
   * Verified context: called after SESSION_START and before the join with the session's ids;
   * returns (or resolves to) a context token the app's backend signed, or declines with anything
   * else. The join waits for it at most `contextTimeoutMs` and then goes on regardless.
   */
  onContextRequired?: (request: ContextRequest) => unknown;
  /** How long the join waits for `onContextRequired`; default 4000 (the spec's cap). */
  contextTimeoutMs?: number;
}

/** What `onContextRequired` is called with. */
export interface ContextRequest {
  sessionId: string;
  /** The id the signed token's `sub` must carry. */
  contextId: string;
}

/** One of the visitor's earlier conversations (newest first in `earlierConversations`). */
export interface EarlierConversation {
  sessionId: string;
  state: "active" | "ended";
  createdAt: string;
  endedAt: string | null;
  /** Its last message (at most 140 characters), or null. */
  lastMessage: { from: "user" | "agent"; text: string } | null;
}

/** What `start()` resolves to; it never rejects. */
export type StartResult = { ok: true; sessionId: string } | { ok: false; error: SdkError };

/** What `send` returns: the id that tracks the message, or why nothing was sent. */
export interface SendResult {
  clientEventId: string;
  error?: SdkError;
}
