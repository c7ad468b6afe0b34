// Fixed protocol limits and WebSocket close codes (`protocol.md` §2, `sdk-expectations.md` 8, 9, 27, 28).

/**
 * The `max_message_size_bytes` of SESSION_START (`protocol.md` §2.1, 131072): the UTF-8 size of a
 * user message's `text` that is always accepted, however JSON escapes it. The official SDKs check
 * the user's text against it (`sdk-expectations.md` 28). A longer text is refused with
 * `Invalid payload: text is larger than 131072 bytes`, never with a close.
 */
export const MAX_TEXT_BYTES = 131_072;
/**
 * Largest frame a client may send: the WebSocket `maxPayload`, answered with 1009. A text of
 * MAX_TEXT_BYTES control characters is six times longer once escaped (786,432 bytes), so frames
 * get their own, larger limit; it still stops memory exhaustion by huge frames. It bounds the
 * server's frames too: the iOS SDK's `URLSessionWebSocketTask` reads at most 1 MiB per message
 * by default (OkHttp on Android has no inbound limit).
 */
export const MAX_FRAME_BYTES = 1_048_576;
/**
 * A history batch of several events stays under this (`protocol.md` §2.2, "each under the
 * maximum message size"); an event larger than it is sent alone in its own batch, whose frame
 * stays under MAX_FRAME_BYTES.
 */
export const HISTORY_BATCH_BYTES = 131_072;
/** Interval clients are told to heartbeat at. */
export const HEARTBEAT_INTERVAL_SECONDS = 30;
/** How often clients may retry a connection before giving up. */
export const MAX_RECONNECT_ATTEMPTS = 10;
/** Connections one session may hold; stops one session from exhausting sockets. */
export const MAX_CONNECTIONS_PER_SESSION = 10;

/**
 * Deepest nesting accepted in JSON the server re-encodes (a client event's metadata and payload,
 * admin, desk and provisioning bodies); stops a small frame nested thousands of levels deep from
 * exhausting the stack when it is serialised again.
 */
export const DEFAULT_MAX_JSON_DEPTH = 32;
/** Largest `metadata` of a client event, in UTF-8 bytes of its JSON; it is stored and echoed. */
export const DEFAULT_MAX_METADATA_BYTES = 16_384;
/** The most `metadata` may be configured to: with a MAX_TEXT_BYTES text it still fits MAX_CLIENT_EVENT_BYTES. */
export const MAX_METADATA_BYTES_LIMIT = 131_072;

/** The bounds a client frame's JSON is checked against when it is parsed. */
export interface FrameLimits {
  readonly maxJsonDepth: number;
  readonly maxMetadataBytes: number;
}

/** The defaults, for callers without configuration (tests, tools). */
export const DEFAULT_FRAME_LIMITS: FrameLimits = Object.freeze({
  maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
  maxMetadataBytes: DEFAULT_MAX_METADATA_BYTES,
});

/** Every close code the server may send; docs/protocol-notes.md lists each (a test checks). */
export const CLOSE_CODES = {
  /** Only when the conversation is over. */
  normal: 1000,
  /** Shutdown or deploy, or silence past the idle timeout: clients reconnect. */
  goingAway: 1001,
  /** A frame breaking RFC 6455 (unmasked, reserved bits, bad opcode, bad fragments); sent by `ws`. */
  protocolError: 1002,
  /** A text frame that is not valid UTF-8; sent by `ws`. */
  invalidFrameData: 1007,
  /** A client frame over MAX_FRAME_BYTES. */
  tooBig: 1009,
  /** The connection could not be set up, or handling a frame failed unexpectedly. */
  internalError: 1011,
  /**
   * Try again later: the client reads too slowly (its own buffer cap or the process budget was
   * passed), or the server cannot deliver the session's events in order or subscribe to them
   * right now. The client reconnects with its cursor.
   */
  tryAgainLater: 1013,
  /** The session or token turned out invalid after the upgrade. */
  invalidSession: 4001,
} as const;

/**
 * Reasons of the 1013 close that replaces a refused upgrade in sessions of the official SDKs'
 * profile (`sdk-expectations.md` rule 30): they throw a session away on any non-101 answer.
 */
export const LIMIT_CLOSE_REASONS = {
  connectionLimit: "connection limit exceeded for session",
  connectRate: "Too many connection attempts",
} as const;

/**
 * Largest client event the server stores: its payload and metadata as stored, in bytes. A text of
 * MAX_TEXT_BYTES at its most escaped (six bytes per byte) with the largest metadata fits; with the
 * id, sequence and timestamp the server adds and the batch envelope around it, every stored event
 * still fits one EVENT_BATCH frame under MAX_FRAME_BYTES on replay.
 */
export const MAX_CLIENT_EVENT_BYTES = 6 * MAX_TEXT_BYTES + MAX_METADATA_BYTES_LIMIT + 1024;
