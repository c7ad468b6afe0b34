// What counts as a documented answer: wire events with a valid envelope, registry errors with their exact text.
import {
  ERRORS,
  type ErrorCode,
  EVENT_TYPES,
  type HttpErrorCode,
  isPlainObject,
  type SocketErrorCode,
} from "../../src/protocol/index.js";

const ISO_MILLIS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Each error's message as a pattern: `{name}` placeholders match any text. */
const PATTERNS = Object.entries(ERRORS).map(([code, spec]) => {
  const parts = spec.message
    .split(/\{\w+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return {
    code: code as ErrorCode,
    kind: spec.kind,
    pattern: new RegExp(`^${parts.join("[\\s\\S]+")}$`),
  };
});

/** The socket error whose text `message` is, or null. */
export function socketErrorOf(message: unknown): SocketErrorCode | null {
  if (typeof message !== "string") return null;
  const found = PATTERNS.find((p) => p.kind === "socket" && p.pattern.test(message));
  return (found?.code as SocketErrorCode | undefined) ?? null;
}

/** What is wrong with one server frame (parsed), or null when it is a documented event. */
export function wireEventProblem(frame: unknown, nestedInBatch = false): string | null {
  if (!isPlainObject(frame)) return "not a JSON object";
  const { id, timestamp, sequence, type, payload } = frame;
  if (typeof id !== "string" || id === "") return "no id";
  if (typeof timestamp !== "string" || !ISO_MILLIS_Z.test(timestamp))
    return `timestamp ${String(timestamp)}`;
  if (sequence !== null && !(Number.isInteger(sequence) && (sequence as number) >= 1))
    return `sequence ${String(sequence)}`;
  if (typeof type !== "string" || !(type in EVENT_TYPES)) return `unknown type ${String(type)}`;
  if (!isPlainObject(payload)) return "payload is not an object";
  if (type === "EVENT_TYPE_SYSTEM_MESSAGE" && socketErrorOf(payload.message) === null) {
    return `undocumented system message ${JSON.stringify(payload.message)}`;
  }
  if (type === "EVENT_TYPE_EVENT_BATCH") {
    if (nestedInBatch || !Array.isArray(payload.events)) return "bad batch";
    for (const event of payload.events) {
      const problem = wireEventProblem(event, true);
      if (problem) return `in a batch: ${problem}`;
    }
  }
  return null;
}

/** The registry entry of an HTTP error body's code, checked against status and text. */
export function httpErrorProblem(
  status: number,
  code: unknown,
  message: unknown,
  exactText: boolean,
): string | null {
  if (typeof code !== "string" || !(code in ERRORS)) return `unknown error code ${String(code)}`;
  const spec = ERRORS[code as ErrorCode];
  if (spec.kind !== "http") return `socket error code ${code} over HTTP`;
  if (spec.status !== status) return `${code} answered with ${status}, documented ${spec.status}`;
  if (typeof message !== "string") return `${code} without a message`;
  const documented = exactText ? message === spec.message : message.startsWith(spec.message);
  return documented ? null : `${code} with text ${JSON.stringify(message)}`;
}

export type { HttpErrorCode };
