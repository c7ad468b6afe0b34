// Splits agent text into streaming chunks in the session's layout, never inside a word.
//
// Clients build the finished message from its chunks in one of two ways (`ChunkLayout`,
// sdk-expectations.md rule 16): browsers and the public docs concatenate them, the official SDKs
// join the non-empty ones with one space. `concat` keeps each whitespace run whole at the end of
// the earlier chunk; `space` cuts only where a single space separates two words and leaves that
// space out (any other whitespace, such as a newline, stays inside a chunk), so either join gives
// the text back exactly. A "word" is a run of anything but breaking whitespace; no-break spaces
// (U+00A0, U+2007, U+202F, U+FEFF) belong to words, since they exist to keep "10 km" together.
import type { ChunkLayout } from "../protocol/index.js";

export type { ChunkLayout } from "../protocol/index.js";

/** Turns text that arrives in pieces into complete chunks; what `flush` returns is the rest. */
export interface ChunkBuffer {
  /** Adds a piece; returns the chunks completed by it (possibly none). */
  push(piece: string): string[];
  /** Returns everything not yet returned ("" when nothing is left) and starts afresh. */
  flush(): string;
}

const NO_BREAK_SPACES = new Set(["\u00a0", "\u2007", "\u202f", "\ufeff"]);
const WHITESPACE = /\s/;

function isBreakingSpace(char: string): boolean {
  return WHITESPACE.test(char) && !NO_BREAK_SPACES.has(char);
}

// A non-positive, fractional or NaN size would never complete a chunk; treat it as at least 1.
function normaliseSize(wordsPerChunk: number): number {
  return Number.isFinite(wordsPerChunk) ? Math.max(1, Math.floor(wordsPerChunk)) : 1;
}

/**
 * A buffer for text that arrives in pieces (LLM deltas). A chunk of `wordsPerChunk` words is
 * complete once the next word starts (in `space`, once a word starts after a single space, so a
 * chunk may hold more words), so whitespace arriving in a later piece still joins it. Whatever
 * the pieces, the chunks equal `splitAfterWhitespace` of their concatenation.
 */
export function createChunkBuffer(wordsPerChunk: number, layout: ChunkLayout): ChunkBuffer {
  const size = normaliseSize(wordsPerChunk);
  let pending = "";
  let words = 0;
  // The whitespace run before the current position ("" inside a word).
  let run = "";
  return {
    push(piece) {
      const chunks: string[] = [];
      let sliceStart = 0;
      for (let index = 0; index < piece.length; index++) {
        const char = piece.charAt(index);
        if (isBreakingSpace(char)) {
          run += char;
          continue;
        }
        const wordStarts = run !== "" || words === 0;
        if (wordStarts && words >= size && (layout === "concat" || run === " ")) {
          const chunk = pending + piece.slice(sliceStart, index);
          chunks.push(layout === "concat" ? chunk : chunk.slice(0, -1));
          pending = "";
          sliceStart = index;
          words = 0;
        }
        if (wordStarts) words += 1;
        run = "";
      }
      pending += piece.slice(sliceStart);
      return chunks;
    },
    flush() {
      const rest = pending;
      pending = "";
      words = 0;
      run = "";
      return rest;
    },
  };
}

/**
 * Splits `text` into chunks of `wordsPerChunk` words (the last may hold fewer) laid out for
 * `layout`: joining them the layout's way (`joinChunkTexts`) gives back `text` exactly; ""
 * gives []. Markdown and newlines pass through untouched.
 */
export function splitAfterWhitespace(
  text: string,
  wordsPerChunk: number,
  layout: ChunkLayout,
): string[] {
  const buffer = createChunkBuffer(wordsPerChunk, layout);
  const chunks = buffer.push(text);
  const rest = buffer.flush();
  if (rest !== "") chunks.push(rest);
  return chunks;
}
