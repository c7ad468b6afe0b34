// The `knowledge` block of an LLM definition: documents (inline text) and how many passages to use.
import {
  fieldPath,
  type Problems,
  readArray,
  readNumber,
  readObject,
  readRequiredText,
  readUrl,
} from "../definition-checks.js";

/** Most documents in one definition. */
export const DOCUMENTS_MAX = 500;
/** Longest document text (about a 300-page book). */
export const DOCUMENT_MAX_CHARS = 1_000_000;

export interface KnowledgeDocument {
  title: string;
  text: string;
  url?: string;
}

export interface KnowledgeSpec {
  documents: KnowledgeDocument[];
  /** Passages put into the prompt per turn. */
  maxPassages: number;
}

/** Reads `knowledge`; a `file` field is resolved by provisioning files before this runs. */
export function readKnowledge(
  value: unknown,
  path: string,
  problems: Problems,
): KnowledgeSpec | undefined {
  const raw = readObject(value, path, problems, ["documents", "max_passages"]);
  if (raw === undefined) return undefined;
  const items =
    readArray(raw, "documents", path, problems, { max: DOCUMENTS_MAX, nonEmpty: false }) ?? [];
  const documents: KnowledgeDocument[] = [];
  items.forEach((item, index) => {
    const at = fieldPath(fieldPath(path, "documents"), index);
    const doc = readObject(item, at, problems, ["title", "text", "url", "file"]);
    if (doc === undefined) return;
    if (doc.file !== undefined) {
      problems.add(
        fieldPath(at, "file"),
        "only a provisioning file may name a file (give text here)",
      );
      return;
    }
    const title = readRequiredText(doc, "title", at, problems, 500);
    const text = readRequiredText(doc, "text", at, problems, DOCUMENT_MAX_CHARS);
    const url = readUrl(doc, "url", at, problems, ["http:", "https:"]);
    if (title === undefined || text === undefined) return;
    documents.push(url === undefined ? { title, text } : { title, text, url });
  });
  const maxPassages = readNumber(raw, "max_passages", path, problems, {
    min: 1,
    max: 20,
    integer: true,
  });
  return { documents, maxPassages: maxPassages ?? 3 };
}
