// A streamed (NDJSON) answer read line by line into parts, within size limits.
import type { AgentPart } from "../../core/ports.js";
import { readStreamLine } from "./wire.js";

/** Longest line: one line is one part, and a text delta holds at most 10,000 characters. */
export const STREAM_LINE_MAX_BYTES = 64 * 1024;
/** Largest streamed answer; stops a runaway bot from filling the session. */
export const STREAM_ANSWER_MAX_BYTES = 1024 * 1024;

/** A problem that ends the stream; `partsBefore` says how many parts came first. */
export interface StreamProblem {
  type: "problem";
  detail: string;
  partsBefore: number;
}

/**
 * The parts of an NDJSON body, one per non-blank line, as they arrive. A bad line, an
 * oversized line or body, or a body that breaks off yields one `problem` and ends the stream.
 */
export async function* ndjsonParts(
  body: ReadableStream<Uint8Array>,
): AsyncGenerator<AgentPart | StreamProblem> {
  const decoder = new TextDecoder();
  let buffered = "";
  let total = 0;
  let line = 0;
  let parts = 0;
  const problem = (detail: string): StreamProblem => ({
    type: "problem",
    detail,
    partsBefore: parts,
  });
  try {
    for await (const chunk of body) {
      total += chunk.byteLength;
      if (total > STREAM_ANSWER_MAX_BYTES) {
        yield problem(`streamed answer larger than ${STREAM_ANSWER_MAX_BYTES} bytes`);
        return;
      }
      buffered += decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf("\n");
      while (newline >= 0) {
        const text = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        line += 1;
        const read = readLine(text, line);
        if (read !== null) {
          if (read.type === "problem") return yield { ...read, partsBefore: parts };
          parts += 1;
          yield read;
        }
        newline = buffered.indexOf("\n");
      }
      if (Buffer.byteLength(buffered) > STREAM_LINE_MAX_BYTES) {
        yield problem(`line ${line + 1} is longer than ${STREAM_LINE_MAX_BYTES} bytes`);
        return;
      }
    }
  } catch {
    yield problem("the streamed answer broke off");
    return;
  }
  const last = readLine(buffered + decoder.decode(), line + 1);
  if (last?.type === "problem") yield { ...last, partsBefore: parts };
  else if (last !== null) yield last;
}

function readLine(text: string, line: number): AgentPart | StreamProblem | null {
  if (text.trim() === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { type: "problem", detail: `line ${line} is not valid JSON`, partsBefore: 0 };
  }
  const part = readStreamLine(value);
  if (part.ok) return part.value;
  const detail = part.problems.map((problem) => `line ${line}: ${problem}`).join("; ");
  return { type: "problem", detail, partsBefore: 0 };
}
