// Fixed protocol limits and WebSocket close codes (`protocol.md` §2, `sdk-expectations.md` 8, 9, 27, 28).

/**
 * Largest frame either side may send (the WebSocket frame limit, answered with 1009 when a client
 * goes over it); every frame the server sends, history batches included, stays under it.
 */
export const MAX_MESSAGE_SIZE_BYTES = 131_072;
/**
 * The `max_message_size_bytes` of SESSION_START: the UTF-8 size of a user message's `text` that is
 * always accepted, however JSON escapes it. A text of control characters takes six bytes per byte
 * once escaped, and even then its frame and its stored echo stay within the limits below, so
 * clients that check text against it (the official SDKs do) are never refused for size.
 */
export const MAX_TEXT_BYTES = 16_384;
/** Interval clients are told to heartbeat at. */
export const HEARTBEAT_INTERVAL_SECONDS = 30;
/** How often clients may retry a connection before giving up. */
export const MAX_RECONNECT_ATTEMPTS = 10;
/** Connections one session may hold; stops one session from exhausting sockets. */
export const MAX_CONNECTIONS_PER_SESSION = 10;

export const CLOSE_CODES = {
  /** Only when the conversation is over. */
  normal: 1000,
  /** Shutdown or deploy: clients reconnect. */
  goingAway: 1001,
  /** A frame over MAX_MESSAGE_SIZE_BYTES. */
  tooBig: 1009,
  internalError: 1011,
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
 * Largest client event the server stores: its payload and metadata as stored, in bytes. Leaves
 * room for the id, sequence and timestamp the server adds, so every stored event still fits one
 * EVENT_BATCH frame on replay.
 */
export const MAX_CLIENT_EVENT_BYTES = MAX_MESSAGE_SIZE_BYTES - 2048;
