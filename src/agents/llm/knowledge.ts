// An LLM agent's knowledge: documents cut into passages, indexed with MiniSearch, searched per turn.
import MiniSearch from "minisearch";
import type { KnowledgeSpec } from "./knowledge-spec.js";

/** One searchable piece of a document. */
export interface Passage {
  /** 1-based number the prompt cites it by (`[1]`). */
  id: number;
  /** Document title, then the heading the passage sits under. */
  title: string;
  text: string;
  url?: string;
}

/** Passages aim at this size: big enough to answer, small enough that several fit a prompt. */
const PASSAGE_TARGET_CHARS = 1200;
// Words too common to say anything about a passage (MiniSearch's BM25 discounts the rest).
const STOP_WORDS = new Set(
  "a an and are as at be by can do does for from how i in is it me my of on or our please the to we what when where which who why with you your".split(
    " ",
  ),
);

/**
 * Most distinct terms of a query that are searched, the latest kept (the question being answered
 * comes last). Every term is expanded by prefix and fuzzy matching across the whole index and the
 * search runs on the event loop: uncapped, a 10 KB message took over a second and a 128 KB one
 * fifteen, stalling every other conversation of the process.
 */
export const QUERY_MAX_TERMS = 24;
/** Only the end of a query is read for its terms: splitting all of a 128 KB message costs too. */
const QUERY_TAIL_CHARS = 2000;
/** How MiniSearch splits text into terms (its default tokenizer). */
const TERM_SEPARATOR = /[\n\r\p{Z}\p{P}]+/u;

/** The documents of one definition, indexed once when the agent is built. */
export class KnowledgeIndex {
  readonly #passages: Passage[];
  readonly #search: MiniSearch<Passage>;

  constructor(spec: KnowledgeSpec) {
    this.#passages = spec.documents.flatMap((doc) =>
      cutPassages(doc.text).map((piece) => ({
        id: 0,
        title: piece.heading ? `${doc.title} — ${piece.heading}` : doc.title,
        text: piece.text,
        ...(doc.url ? { url: doc.url } : {}),
      })),
    );
    this.#passages.forEach((passage, index) => {
      passage.id = index + 1;
    });
    this.#search = new MiniSearch<Passage>({
      fields: ["title", "text"],
      processTerm: (term) => {
        const lower = term.toLowerCase();
        return STOP_WORDS.has(lower) ? null : lower;
      },
      searchOptions: {
        boost: { title: 2 },
        // Prefix and fuzzy matching turn a short term ("3", "12", "at") into most of the index's
        // terms, at a cost of tens of milliseconds per turn, for matches that say nothing.
        prefix: (term) => term.length >= 3,
        fuzzy: (term) => (term.length >= 5 ? 0.2 : false),
      },
    });
    this.#search.addAll(this.#passages);
  }

  get size(): number {
    return this.#passages.length;
  }

  /** The best passages for `query`, best first, at most `limit`; weak matches are left out. */
  search(query: string, limit: number): Passage[] {
    const terms = searchTerms(query);
    if (terms.length === 0) return [];
    const results = this.#search.search(terms.join(" "));
    const best = results[0]?.score ?? 0;
    return results
      .filter((result) => result.score >= best * 0.25)
      .slice(0, limit)
      .map((result) => this.#passages[(result.id as number) - 1] as Passage);
  }
}

/** The query's distinct meaningful terms, lower-cased, the last QUERY_MAX_TERMS of them. */
export function searchTerms(query: string): string[] {
  const terms = new Set<string>();
  const words = query.slice(-QUERY_TAIL_CHARS).toLowerCase().split(TERM_SEPARATOR);
  // A cut query may start mid-word: that fragment is not a term.
  const first = query.length > QUERY_TAIL_CHARS ? 1 : 0;
  for (let i = words.length - 1; i >= first && terms.size < QUERY_MAX_TERMS; i--) {
    const word = words[i] as string;
    if (word !== "" && !STOP_WORDS.has(word)) terms.add(word);
  }
  return [...terms].reverse();
}

/** Splits Markdown (or plain text) into passages at headings and paragraph breaks. */
export function cutPassages(text: string): { heading: string; text: string }[] {
  const pieces: { heading: string; text: string }[] = [];
  let heading = "";
  let current = "";
  const flush = () => {
    if (current.trim() !== "") pieces.push({ heading, text: current.trim() });
    current = "";
  };
  for (const block of text.split(/\n\s*\n/)) {
    const title = /^#{1,6}\s+(.+)$/m.exec(block.trim());
    if (title && block.trim().startsWith("#")) {
      flush();
      heading = (title[1] ?? "").trim();
      const rest = block.trim().split("\n").slice(1).join("\n");
      if (rest.trim() !== "") current = rest;
      continue;
    }
    if (current.length + block.length > PASSAGE_TARGET_CHARS) flush();
    current = current === "" ? block : `${current}\n\n${block}`;
  }
  flush();
  return pieces;
}
