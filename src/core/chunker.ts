// Splits agent text into streaming chunks whose boundaries fall only right after whitespace.
//
// The official SDKs join chunk texts with a space while browsers concatenate them
// (sdk-expectations.md rule 16), so a boundary never falls inside a word and each whitespace
// run stays whole at the end of the earlier chunk. A "word" is a run of anything but breaking
// whitespace; no-break spaces (U+00A0, U+2007, U+202F, U+FEFF) belong to words, since they
// exist to keep "10 km" together.

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
 * complete once the next word starts, so whitespace arriving in a later piece still joins it.
 * Whatever the pieces, the chunks equal `splitAfterWhitespace` of their concatenation.
 */
export function createChunkBuffer(wordsPerChunk: number): ChunkBuffer {
  const size = normaliseSize(wordsPerChunk);
  let pending = "";
  let words = 0;
  let previousWasSpace = true;
  return {
    push(piece) {
      const chunks: string[] = [];
      let sliceStart = 0;
      for (let index = 0; index < piece.length; index++) {
        const space = isBreakingSpace(piece.charAt(index));
        if (!space && previousWasSpace) {
          if (words === size) {
            chunks.push(pending + piece.slice(sliceStart, index));
            pending = "";
            sliceStart = index;
            words = 0;
          }
          words += 1;
        }
        previousWasSpace = space;
      }
      pending += piece.slice(sliceStart);
      return chunks;
    },
    flush() {
      const rest = pending;
      pending = "";
      words = 0;
      previousWasSpace = true;
      return rest;
    },
  };
}

/**
 * Splits `text` into chunks of `wordsPerChunk` words (the last may hold fewer), each
 * boundary right after a whitespace run. Joining the chunks gives back `text` exactly;
 * "" gives []. Markdown and newlines pass through untouched.
 */
export function splitAfterWhitespace(text: string, wordsPerChunk: number): string[] {
  const buffer = createChunkBuffer(wordsPerChunk);
  const chunks = buffer.push(text);
  const rest = buffer.flush();
  if (rest !== "") chunks.push(rest);
  return chunks;
}
