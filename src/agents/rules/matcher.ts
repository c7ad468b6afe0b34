// A rule's `match` (keywords, phrases, regex): how it is checked, compiled and tested.
import {
  checkText,
  fieldPath,
  type Problems,
  readArray,
  readObject,
  readOptionalText,
} from "../definition-checks.js";
import { findCatastrophicQuantifier } from "./regex-safety.js";
import { type FactsTest, readFactsCondition, type VisitorFacts } from "./visitor-conditions.js";

/**
 * Regexes see at most this many characters of a message: bounds the time a slow (but not
 * exponential) pattern can spend on a 128 KiB message.
 */
export const REGEX_INPUT_MAX_CHARS = 2000;
/**
 * Keywords and phrases see at most this many characters of a message: with the largest
 * definitions (500 rules of 100 terms) a 128 KiB message would otherwise cost seconds.
 */
export const TERMS_INPUT_MAX_CHARS = 20_000;
/** Longest regex source; longer patterns are a sign of a mistake and cost memory per agent. */
export const REGEX_SOURCE_MAX_CHARS = 500;
/** Most keywords or phrases in one match. */
export const MATCH_TERMS_MAX = 100;
/** Longest keyword or phrase. */
export const MATCH_TERM_MAX_CHARS = 200;

const TEXT_FIELDS = ["keywords", "phrases", "regex"] as const;
const MATCH_FIELDS = [...TEXT_FIELDS, "context", "attributes"] as const;

// A word: letters, digits and combining marks, with inner apostrophes ("don't", "l'heure").
const WORD = /[\p{L}\p{N}\p{M}]+(?:'[\p{L}\p{N}\p{M}]+)*/gu;

/** A user's message, normalised once per turn and shared by every rule. */
export class MatchInput {
  readonly #text: string;
  #words: WordIndex | undefined;
  #collapsed: string | undefined;
  /** What the turn knows about the visitor, for `context` and `attributes` conditions. */
  readonly facts: VisitorFacts;

  constructor(text: string, facts: VisitorFacts = { context: null, attributes: null }) {
    this.#text = text;
    this.facts = facts;
  }

  /** The message's words, lower-cased and indexed by where they occur. */
  get words(): WordIndex {
    this.#words ??= new WordIndex(toWords(this.#text.slice(0, TERMS_INPUT_MAX_CHARS)));
    return this.#words;
  }

  /** The message lower-cased with each whitespace run turned into one space. */
  get collapsed(): string {
    this.#collapsed ??= collapse(this.#text.slice(0, TERMS_INPUT_MAX_CHARS));
    return this.#collapsed;
  }

  /** What regexes are tested against: the trimmed message, capped. */
  get regexInput(): string {
    return this.#text.trim().slice(0, REGEX_INPUT_MAX_CHARS);
  }
}

/** True when a rule's match accepts the message. */
export type Matcher = (input: MatchInput) => boolean;

/**
 * Checks a `match` object and compiles it: any one of its text parts (keywords, phrases, regex)
 * matching is a match, and its `context`/`attributes` conditions must all hold as well.
 */
export function readMatch(value: unknown, path: string, problems: Problems): Matcher | undefined {
  const match = readObject(value, path, problems, MATCH_FIELDS);
  if (match === undefined) return undefined;
  if (MATCH_FIELDS.every((field) => match[field] === undefined)) {
    problems.add(path, `needs one of ${MATCH_FIELDS.join(", ")}`);
    return undefined;
  }
  const keywords = readTerms(match, "keywords", path, problems, toWords);
  const phrases = readTerms(match, "phrases", path, problems, collapse);
  const regex = readRegex(match, path, problems);
  const conditions: FactsTest[] = [];
  for (const source of ["context", "attributes"] as const) {
    if (match[source] === undefined) continue;
    const test = readFactsCondition(match[source], source, fieldPath(path, source), problems);
    if (test) conditions.push(test);
  }
  const tests: Matcher[] = [];
  if (keywords.length > 0) {
    tests.push((input) => keywords.some((keyword) => input.words.containsSequence(keyword)));
  }
  if (phrases.length > 0) {
    tests.push((input) => phrases.some((phrase) => input.collapsed.includes(phrase)));
  }
  if (regex !== undefined) tests.push((input) => regex.test(input.regexInput));
  const textOnly = TEXT_FIELDS.some((field) => match[field] !== undefined);
  return (input) =>
    conditions.every((holds) => holds(input.facts)) &&
    (!textOnly || tests.some((test) => test(input)));
}

function readTerms<T>(
  match: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  prepare: (term: string) => T,
): T[] {
  const terms = readArray(match, key, path, problems, { max: MATCH_TERMS_MAX, nonEmpty: true });
  if (terms === undefined) return [];
  const listPath = fieldPath(path, key);
  const read: T[] = [];
  terms.forEach((value, index) => {
    const at = fieldPath(listPath, index);
    const term = checkText(value, at, problems, MATCH_TERM_MAX_CHARS);
    if (term === undefined) return;
    const prepared = prepare(term);
    if (Array.isArray(prepared) && prepared.length === 0) {
      problems.add(at, "must contain a letter or digit");
      return;
    }
    read.push(prepared);
  });
  return read;
}

function readRegex(
  match: Record<string, unknown>,
  path: string,
  problems: Problems,
): RegExp | undefined {
  const source = readOptionalText(match, "regex", path, problems, REGEX_SOURCE_MAX_CHARS);
  if (source === undefined) return undefined;
  const at = fieldPath(path, "regex");
  let regex: RegExp;
  try {
    regex = new RegExp(source, "i");
  } catch (error) {
    problems.add(at, `invalid regular expression (${regexErrorReason(error, source)})`);
    return undefined;
  }
  const risky = findCatastrophicQuantifier(source);
  if (risky !== undefined) {
    problems.add(
      at,
      `nested unbounded quantifiers (${risky}) can take exponential time; rewrite the pattern`,
    );
    return undefined;
  }
  return regex;
}

function regexErrorReason(error: unknown, source: string): string {
  const message = error instanceof Error ? error.message : String(error);
  const prefix = `Invalid regular expression: /${source}/i: `;
  if (message.startsWith(prefix)) return message.slice(prefix.length);
  const lastColon = message.lastIndexOf(": ");
  return lastColon === -1 ? message : message.slice(lastColon + 2);
}

function normalise(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
}

function toWords(text: string): string[] {
  return normalise(text).match(WORD) ?? [];
}

function collapse(text: string): string {
  return normalise(text).replace(/\s+/g, " ").trim();
}

/** A message's words with the positions of each, so a keyword costs a lookup, not a scan. */
class WordIndex {
  readonly #words: readonly string[];
  readonly #positions = new Map<string, number[]>();

  constructor(words: readonly string[]) {
    this.#words = words;
    words.forEach((word, position) => {
      const positions = this.#positions.get(word);
      if (positions === undefined) this.#positions.set(word, [position]);
      else positions.push(position);
    });
  }

  /** True when `sequence` occurs as consecutive words. */
  containsSequence(sequence: readonly string[]): boolean {
    const [first, ...rest] = sequence;
    const starts = first === undefined ? undefined : this.#positions.get(first);
    if (starts === undefined) return false;
    return starts.some((start) =>
      rest.every((word, offset) => this.#words[start + 1 + offset] === word),
    );
  }
}
