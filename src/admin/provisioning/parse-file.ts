// Reads a provisioning file's text as YAML or JSON, reporting syntax problems with positions.
import { parseDocument } from "yaml";
import { readKnowledgeFiles } from "./knowledge-files.js";

export type ParsedFile = { ok: true; document: unknown } | { ok: false; problems: string[] };

/**
 * Parses a provisioning file: JSON when `fileName` ends in `.json`, YAML otherwise; knowledge
 * documents given as `file` are read (relative to the file's folder).
 */
export function parseProvisioningFile(text: string, fileName: string): ParsedFile {
  const parsed = parseSyntax(text, fileName);
  if (!parsed.ok) return parsed;
  const problems = readKnowledgeFiles(parsed.document, fileName);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

function parseSyntax(text: string, fileName: string): ParsedFile {
  if (fileName.toLowerCase().endsWith(".json")) {
    try {
      return { ok: true, document: JSON.parse(text) };
    } catch (error) {
      return { ok: false, problems: [`${fileName}: ${(error as Error).message}`] };
    }
  }
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (parsed.errors.length > 0) {
    return {
      ok: false,
      problems: parsed.errors.map((e) => `${fileName}: ${e.message.split("\n")[0]}`),
    };
  }
  return { ok: true, document: parsed.toJS() };
}
