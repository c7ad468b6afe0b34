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
      searchOptions: { boost: { title: 2 }, prefix: true, fuzzy: 0.2 },
    });
    this.#search.addAll(this.#passages);
  }

  get size(): number {
    return this.#passages.length;
  }

  /** The best passages for `query`, best first, at most `limit`; weak matches are left out. */
  search(query: string, limit: number): Passage[] {
    const results = this.#search.search(query);
    const best = results[0]?.score ?? 0;
    return results
      .filter((result) => result.score >= best * 0.25)
      .slice(0, limit)
      .map((result) => this.#passages[(result.id as number) - 1] as Passage);
  }
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
