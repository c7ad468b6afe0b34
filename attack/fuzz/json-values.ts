// Random JSON for the fuzzer: deep, wide, huge and strange values, as text (so any depth is cheap).
import type { Random } from "./random.js";

/** Strings a parser or validator may trip on: control characters, surrogates, bidi, prototypes. */
const ODD_STRINGS = [
  "",
  " ",
  "\u0000",
  "\ud800",
  "\udfff",
  "😀",
  "\u202Eevil",
  "__proto__",
  "constructor",
  "toString",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "{{7*7}}",
  "%00",
  "\r\n\r\n",
  "EVENT_TYPE_HEARTBEAT",
  "TYPING_STATE_STARTED",
];

const NUMBERS = [
  "0",
  "-0",
  "1",
  "-1",
  "1e308",
  "-1e308",
  "1e-320",
  "2147483648",
  "9007199254740993",
  "0.1",
  "123456789012345678901234567890",
];

/** A JSON string literal of random content (some huge, some odd). */
export function jsonString(random: Random, maxLength = 300): string {
  return JSON.stringify(plainString(random, maxLength));
}

/** Random string content, not yet JSON-encoded. */
export function plainString(random: Random, maxLength = 300): string {
  const kind = random.weighted([
    [4, "ascii"],
    [2, "odd"],
    [2, "unicode"],
    [1, "huge"],
  ] as const);
  if (kind === "odd") return random.pick(ODD_STRINGS);
  if (kind === "huge") return "x".repeat(random.size(1000, 200_000));
  const length = random.size(0, maxLength);
  let text = "";
  for (let i = 0; i < length; i++) {
    text +=
      kind === "ascii"
        ? String.fromCharCode(32 + random.int(95))
        : String.fromCharCode(random.chance(0.1) ? 0xd800 + random.int(0x800) : random.int(0x3000));
  }
  return text;
}

/** Brackets nested `depth` levels deep around `inner`: `[[[…]]]` or `{"a":{"a":…}}`. */
export function nested(depth: number, objects: boolean, inner = "1"): string {
  if (!objects) return `${"[".repeat(depth)}${inner}${"]".repeat(depth)}`;
  return `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`;
}

/** Any JSON value as text: scalars, small structures, deep nests, wide objects and arrays. */
export function jsonValue(random: Random, budget = 4): string {
  const kind = random.weighted([
    [3, "scalar"],
    [2, "object"],
    [2, "array"],
    [1, "deep"],
    [1, "wide"],
  ] as const);
  switch (kind) {
    case "scalar":
      return random.pick(["null", "true", "false", random.pick(NUMBERS), jsonString(random)]);
    case "deep":
      return nested(
        random.size(20, 20_000),
        random.chance(0.5),
        budget > 0 ? jsonValue(random, 0) : "1",
      );
    case "wide": {
      const count = random.size(100, 20_000);
      const item = random.chance(0.5) ? "1" : '"v"';
      return random.chance(0.5)
        ? `[${Array<string>(count).fill(item).join(",")}]`
        : `{${Array.from({ length: count }, (_, i) => `"k${i}":${item}`).join(",")}}`;
    }
    default:
      if (budget <= 0) return "{}";
      return kind === "object" ? jsonObject(random, budget - 1) : jsonArray(random, budget - 1);
  }
}

/** A JSON object with a few random keys. */
export function jsonObject(random: Random, budget = 3, keys: readonly string[] = []): string {
  const count = random.size(0, 6);
  const entries: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = keys.length > 0 && random.chance(0.6) ? random.pick(keys) : plainString(random, 12);
    entries.push(`${JSON.stringify(key)}:${jsonValue(random, budget)}`);
  }
  return `{${entries.join(",")}}`;
}

function jsonArray(random: Random, budget: number): string {
  const count = random.size(0, 6);
  return `[${Array.from({ length: count }, () => jsonValue(random, budget)).join(",")}]`;
}
