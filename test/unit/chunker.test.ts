import { describe, expect, it } from "vitest";
import { createChunkBuffer, splitAfterWhitespace } from "../../src/core/chunker.js";
import { joinChunkTexts } from "../../src/protocol/index.js";

const BREAKING_SPACE = /[^\S\u00a0\u2007\u202f\ufeff]/;

function isSpace(char: string | undefined): boolean {
  return char !== undefined && BREAKING_SPACE.test(char);
}

function countWords(text: string): number {
  let words = 0;
  let previousWasSpace = true;
  for (const char of text) {
    const space = isSpace(char);
    if (!space && previousWasSpace) words += 1;
    previousWasSpace = space;
  }
  return words;
}

// mulberry32: small, seeded, deterministic.
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  ..."abcXYZ019*_#`[]()!?.,'-",
  " ",
  " ",
  " ",
  "\n",
  "\n\n",
  "\t",
  "\r\n",
  "\u00a0",
  "\u2003",
  "é",
  "😀",
  "中文",
];

function randomText(random: () => number): string {
  const length = Math.floor(random() * 60);
  let text = "";
  for (let index = 0; index < length; index++) {
    text += ALPHABET[Math.floor(random() * ALPHABET.length)];
  }
  return text;
}

function randomPieces(text: string, random: () => number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    const end = Math.min(text.length, start + Math.floor(random() * 6));
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

function expectWellFormed(text: string, chunks: string[], size: number): void {
  expect(chunks.join("")).toBe(text);
  chunks.forEach((chunk, index) => {
    expect(chunk).not.toBe("");
    const next = chunks[index + 1];
    if (next === undefined) {
      expect(countWords(chunk)).toBeLessThanOrEqual(size);
      return;
    }
    expect(isSpace(chunk.at(-1)), `chunk ${index} of ${JSON.stringify(text)}`).toBe(true);
    expect(isSpace(next[0])).toBe(false);
    expect(countWords(chunk)).toBe(size);
  });
}

describe("splitAfterWhitespace, concat layout", () => {
  it("gives no chunks for empty text", () => {
    expect(splitAfterWhitespace("", 3, "concat")).toEqual([]);
  });

  it("groups words and keeps the whitespace at the end of the earlier chunk", () => {
    expect(splitAfterWhitespace("We are open 9 to 5 today", 2, "concat")).toEqual([
      "We are ",
      "open 9 ",
      "to 5 ",
      "today",
    ]);
  });

  it("keeps whole whitespace runs, newlines included, with the earlier chunk", () => {
    expect(splitAfterWhitespace("One two\n\n  three\tfour", 1, "concat")).toEqual([
      "One ",
      "two\n\n  ",
      "three\t",
      "four",
    ]);
  });

  it("keeps leading and trailing whitespace", () => {
    expect(splitAfterWhitespace("  Hi there  ", 1, "concat")).toEqual(["  Hi ", "there  "]);
    expect(splitAfterWhitespace(" \n ", 2, "concat")).toEqual([" \n "]);
  });

  it("leaves markdown intact", () => {
    const text = "We are open **9 to 5**.\n\n- [Map](https://example.com/map)\n- `code`";
    expect(splitAfterWhitespace(text, 3, "concat")).toEqual([
      "We are open ",
      "**9 to 5**.\n\n",
      "- [Map](https://example.com/map)\n- ",
      "`code`",
    ]);
  });

  it("never breaks at a no-break space", () => {
    expect(splitAfterWhitespace("It is 10\u00a0km away", 2, "concat")).toEqual([
      "It is ",
      "10\u00a0km away",
    ]);
  });

  it("returns one chunk when the text has no more words than the size", () => {
    expect(splitAfterWhitespace("just three words", 3, "concat")).toEqual(["just three words"]);
    expect(splitAfterWhitespace("中文没有空格", 1, "concat")).toEqual(["中文没有空格"]);
  });

  it("treats a size below 1 or not a whole number as at least 1", () => {
    expect(splitAfterWhitespace("a b c", 0, "concat")).toEqual(["a ", "b ", "c"]);
    expect(splitAfterWhitespace("a b c", Number.NaN, "concat")).toEqual(["a ", "b ", "c"]);
    expect(splitAfterWhitespace("a b c", 2.9, "concat")).toEqual(["a b ", "c"]);
  });

  it("is lossless and never splits a word, over many random strings", () => {
    const random = seededRandom(20240601);
    for (let run = 0; run < 500; run++) {
      const text = randomText(random);
      const size = 1 + Math.floor(random() * 5);
      expectWellFormed(text, splitAfterWhitespace(text, size, "concat"), size);
    }
  });
});

describe("createChunkBuffer, concat layout", () => {
  it("returns a chunk only once the next word starts", () => {
    const buffer = createChunkBuffer(2, "concat");
    expect(buffer.push("Hello the")).toEqual([]);
    expect(buffer.push("re ")).toEqual([]);
    expect(buffer.push("\n")).toEqual([]);
    expect(buffer.push("fri")).toEqual(["Hello there \n"]);
    expect(buffer.push("end")).toEqual([]);
    expect(buffer.flush()).toBe("friend");
  });

  it("can return several chunks from one piece", () => {
    const buffer = createChunkBuffer(1, "concat");
    expect(buffer.push("a b c d")).toEqual(["a ", "b ", "c "]);
    expect(buffer.flush()).toBe("d");
  });

  it("flushes an empty string when nothing is pending, and can be reused", () => {
    const buffer = createChunkBuffer(2, "concat");
    expect(buffer.flush()).toBe("");
    buffer.push("one two three");
    expect(buffer.flush()).toBe("three");
    expect(buffer.push("four five six")).toEqual(["four five "]);
    expect(buffer.flush()).toBe("six");
  });

  it("gives the same chunks as splitAfterWhitespace however the text is cut, over many random strings", () => {
    const random = seededRandom(7);
    for (let run = 0; run < 500; run++) {
      const text = randomText(random);
      const size = 1 + Math.floor(random() * 4);
      const buffer = createChunkBuffer(size, "concat");
      const chunks = randomPieces(text, random).flatMap((piece) => buffer.push(piece));
      const rest = buffer.flush();
      if (rest !== "") chunks.push(rest);
      expect(chunks).toEqual(splitAfterWhitespace(text, size, "concat"));
      expectWellFormed(text, chunks, size);
    }
  });
});

/** The space layout: the official SDKs' join (non-empty texts, one space) gives the text back. */
function expectSpaceLayout(text: string, chunks: string[], size: number): void {
  expect(joinChunkTexts(chunks, "space"), JSON.stringify(text)).toBe(text);
  chunks.forEach((chunk, index) => {
    expect(chunk).not.toBe("");
    if (index === chunks.length - 1) return;
    // Cut where one space separated two words: the word before and the one after are whole.
    expect(isSpace(chunk.at(-1))).toBe(false);
    expect(isSpace(chunks[index + 1]?.[0])).toBe(false);
    expect(countWords(chunk)).toBeGreaterThanOrEqual(size);
  });
}

describe("splitAfterWhitespace, space layout", () => {
  it("cuts at single spaces and leaves them out", () => {
    expect(splitAfterWhitespace("We are open 9 to 5 today", 2, "space")).toEqual([
      "We are",
      "open 9",
      "to 5",
      "today",
    ]);
  });

  it("never cuts at other whitespace, so newlines and double spaces stay in a chunk", () => {
    expect(splitAfterWhitespace("One two\n\nthree  four five", 1, "space")).toEqual([
      "One",
      "two\n\nthree  four",
      "five",
    ]);
    const text = "We are open **9 to 5**.\n\n- [Map](https://example.com/map)\n- `code`";
    expect(joinChunkTexts(splitAfterWhitespace(text, 3, "space"), "space")).toBe(text);
  });

  it("keeps leading and trailing whitespace in the first and last chunk", () => {
    expect(splitAfterWhitespace("  Hi there  ", 1, "space")).toEqual(["  Hi", "there  "]);
    expect(splitAfterWhitespace(" ", 2, "space")).toEqual([" "]);
  });

  it("never breaks at a no-break space", () => {
    expect(splitAfterWhitespace("It is 10\u00a0km away", 2, "space")).toEqual([
      "It is",
      "10\u00a0km away",
    ]);
  });

  it("gives back the text when joined with spaces, over many random strings", () => {
    const random = seededRandom(1337);
    for (let run = 0; run < 500; run++) {
      const text = randomText(random);
      const size = 1 + Math.floor(random() * 5);
      expectSpaceLayout(text, splitAfterWhitespace(text, size, "space"), size);
    }
  });
});

describe("createChunkBuffer, space layout", () => {
  it("returns a chunk once a word starts after a single space, without that space", () => {
    const buffer = createChunkBuffer(1, "space");
    expect(buffer.push("Hello\n")).toEqual([]);
    expect(buffer.push("there ")).toEqual([]);
    expect(buffer.push("fri")).toEqual(["Hello\nthere"]);
    expect(buffer.flush()).toBe("fri");
  });

  it("gives the same chunks as splitAfterWhitespace however the text is cut, over many random strings", () => {
    const random = seededRandom(99);
    for (let run = 0; run < 500; run++) {
      const text = randomText(random);
      const size = 1 + Math.floor(random() * 4);
      const buffer = createChunkBuffer(size, "space");
      const chunks = randomPieces(text, random).flatMap((piece) => buffer.push(piece));
      const rest = buffer.flush();
      if (rest !== "") chunks.push(rest);
      expect(chunks).toEqual(splitAfterWhitespace(text, size, "space"));
      expectSpaceLayout(text, chunks, size);
    }
  });
});
