// The text a networked bus carries per event: who, when, which sequence, then the frame verbatim.
import type { BusEvent } from "../core/index.js";
import { isEventType } from "../protocol/index.js";

/** One event as it crossed the bus. */
export interface Envelope {
  sessionId: string;
  /** Publisher's wall clock (ms) when it published: receivers derive the bus lag from it. */
  publishedAt: number;
  event: BusEvent;
}

// Tab-separated header, frame last: frames are JSON (no raw tabs), and are never re-escaped.
const SEPARATOR = "\t";
const NO_SEQUENCE = "-";
const FRAME = "F";
const REFERENCE = "R";

/** The envelope's text; `frame: null` travels as a reference the receiver reads from the store. */
export function encodeEnvelope(envelope: Envelope): string {
  const { sessionId, publishedAt, event } = envelope;
  const sequence = event.sequence === null ? NO_SEQUENCE : String(event.sequence);
  const body = event.frame === null ? REFERENCE : `${FRAME}${event.frame}`;
  return [sessionId, publishedAt, sequence, event.type, body].join(SEPARATOR);
}

/** The envelope in `text`, or undefined when it is not one (never trusted blindly). */
export function decodeEnvelope(text: string): Envelope | undefined {
  const fields: string[] = [];
  let from = 0;
  for (let i = 0; i < 4; i++) {
    const at = text.indexOf(SEPARATOR, from);
    if (at < 0) return undefined;
    fields.push(text.slice(from, at));
    from = at + 1;
  }
  const [sessionId, publishedAt, sequenceText, type] = fields as [string, string, string, string];
  const body = text.slice(from);
  const sequence = sequenceText === NO_SEQUENCE ? null : Number(sequenceText);
  if (sequence !== null && !(Number.isSafeInteger(sequence) && sequence > 0)) return undefined;
  if (!isEventType(type) || sessionId === "") return undefined;
  let frame: string | null;
  if (body.startsWith(FRAME)) frame = body.slice(1);
  else if (body === REFERENCE && sequence !== null) frame = null;
  else return undefined;
  return { sessionId, publishedAt: Number(publishedAt), event: { sequence, type, frame } };
}

/** The same envelope carrying a reference instead of the frame (for buses with small messages). */
export function withoutFrame(envelope: Envelope): Envelope {
  return { ...envelope, event: { ...envelope.event, frame: null } };
}
