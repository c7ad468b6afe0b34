// The official SDKs' frame decoder: batches reshaped and sorted by sequence, envelopes checked.

/** One decoded event, as the SDKs' MessagingEvent carries it. */
export interface SdkEvent {
  id: string;
  sequence: number | null;
  timestamp: string;
  type: string;
  payload: Record<string, unknown>;
  /** `metadata.custom` as a map of strings (the SDKs decode it as `[String: String]`). */
  custom?: Record<string, string>;
}

/** A frame's events, and whether it came as an EVENT_BATCH. */
export interface DecodedFrame {
  batch: boolean;
  events: SdkEvent[];
  /** Events the SDKs would drop (unknown type, no id or timestamp), by type. */
  dropped: string[];
}

// The event types both SDKs' WireEventType know; anything else is dropped with a warning.
const KNOWN = new Set([
  "EVENT_TYPE_HEARTBEAT",
  "EVENT_TYPE_SESSION_START",
  "EVENT_TYPE_SESSION_END",
  "EVENT_TYPE_USER_MESSAGE",
  "EVENT_TYPE_USER_TYPING",
  "EVENT_TYPE_USER_END_SESSION",
  "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
  "EVENT_TYPE_POLY_AGENT_JOINED",
  "EVENT_TYPE_POLY_AGENT_THINKING",
  "EVENT_TYPE_POLY_AGENT_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
  "EVENT_TYPE_POLY_AGENT_LEFT",
  "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
  "EVENT_TYPE_LIVE_AGENT_JOINED",
  "EVENT_TYPE_LIVE_AGENT_TYPING",
  "EVENT_TYPE_LIVE_AGENT_MESSAGE",
  "EVENT_TYPE_LIVE_AGENT_LEFT",
  "EVENT_TYPE_SYSTEM_MESSAGE",
  "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
  "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
  "EVENT_TYPE_HANDOFF_ACCEPTED",
  "EVENT_TYPE_HANDOFF_FAILED",
  "EVENT_TYPE_HANDOFF_TIMEOUT",
]);

type Json = Record<string, unknown>;

/** Decodes one text frame; a frame that is not a JSON object gives no events. */
export function decodeFrame(text: string): DecodedFrame {
  const dropped: string[] = [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { batch: false, events: [], dropped: ["(not JSON)"] };
  }
  if (!isObject(json) || typeof json.type !== "string")
    return { batch: false, events: [], dropped };
  if (json.type !== "EVENT_TYPE_EVENT_BATCH") {
    const event = decodeSingle(json, dropped);
    return { batch: false, events: event ? [event] : [], dropped };
  }
  const nested = isObject(json.payload) ? json.payload.events : undefined;
  if (!Array.isArray(nested)) return { batch: true, events: [], dropped: ["(malformed batch)"] };
  const events = nested
    .filter(isObject)
    .map((raw) => decodeSingle(reshape(raw), dropped))
    .filter((e): e is SdkEvent => e !== undefined);
  return { batch: true, events: sortBySequence(events), dropped };
}

// Replayed events may carry their payload under a oneof key (`poly_agent_message`) instead.
function reshape(raw: Json): Json {
  if (isObject(raw.payload) || typeof raw.type !== "string") return raw;
  const key = raw.type.replace("EVENT_TYPE_", "").toLowerCase();
  return { ...raw, payload: isObject(raw[key]) ? raw[key] : {} };
}

function decodeSingle(json: Json, dropped: string[]): SdkEvent | undefined {
  const type = json.type;
  if (typeof type !== "string" || !KNOWN.has(type)) {
    dropped.push(String(type));
    return undefined;
  }
  const heartbeat = type === "EVENT_TYPE_HEARTBEAT";
  if (!heartbeat && (typeof json.id !== "string" || typeof json.timestamp !== "string")) {
    dropped.push(type);
    return undefined;
  }
  const event: SdkEvent = {
    id: typeof json.id === "string" ? json.id : "",
    sequence: Number.isInteger(json.sequence) ? (json.sequence as number) : null,
    timestamp: typeof json.timestamp === "string" ? json.timestamp : "",
    type,
    payload: isObject(json.payload) ? json.payload : {},
  };
  const custom = isObject(json.metadata) ? json.metadata.custom : undefined;
  if (isObject(custom)) event.custom = stringsOnly(custom);
  return event;
}

// Stable: sequenced events by sequence, then the transient ones in their order.
function sortBySequence(events: SdkEvent[]): SdkEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => {
      const x = a.event.sequence;
      const y = b.event.sequence;
      if (x !== null && y !== null) return x - y;
      if (x !== null) return -1;
      if (y !== null) return 1;
      return a.index - b.index;
    })
    .map(({ event }) => event);
}

function stringsOnly(custom: Json): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(custom))
    if (typeof value === "string") out[key] = value;
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
