// Which events' texts the conversation search covers, for both dialects' indexes and queries.

/** What visitor, AI agent and live agent said: the event types whose `payload.text` is searched. */
export const SEARCHABLE_EVENT_TYPES = [
  "EVENT_TYPE_USER_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
  "EVENT_TYPE_LIVE_AGENT_MESSAGE",
] as const;

/** The types as an SQL list (constants, so they can sit in index predicates and triggers). */
export const SEARCHABLE_TYPES_SQL = SEARCHABLE_EVENT_TYPES.map((t) => `'${t}'`).join(", ");
