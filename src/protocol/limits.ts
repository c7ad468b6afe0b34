// Fixed protocol limits and WebSocket close codes (`protocol.md` §2, `sdk-expectations.md` 8, 27).

/** Largest frame either side may send; stops memory exhaustion by huge frames. */
export const MAX_MESSAGE_SIZE_BYTES = 131_072;
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
 * Largest client event the server stores. Leaves room for the id, sequence and timestamp the
 * server adds, so every stored event still fits one EVENT_BATCH frame on replay.
 */
export const MAX_CLIENT_EVENT_BYTES = MAX_MESSAGE_SIZE_BYTES - 2048;
