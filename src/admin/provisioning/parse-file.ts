// Reads a provisioning file's text as YAML or JSON, reporting syntax problems with positions.
import { parseDocument } from "yaml";
import { DEFAULT_MAX_JSON_DEPTH, nestsDeeperThan } from "../../protocol/index.js";
import { readKnowledgeFiles } from "./knowledge-files.js";

export type ParsedFile = { ok: true; document: unknown } | { ok: false; problems: string[] };

/**
 * Parses a provisioning file: JSON when `fileName` ends in `.json`, YAML otherwise; knowledge
 * documents given as `file` are read (relative to the file's folder). A document nested deeper
 * than `maxDepth` is refused: planning walks and re-encodes it.
 */
export function parseProvisioningFile(
  text: string,
  fileName: string,
  maxDepth = DEFAULT_MAX_JSON_DEPTH,
): ParsedFile {
  const parsed = fileName.toLowerCase().endsWith(".json")
    ? parseJson(text, fileName)
    : parseYaml(text, fileName);
  if (!parsed.ok) return parsed;
  if (nestsDeeperThan(parsed.document, maxDepth)) {
    return { ok: false, problems: [`${fileName}: nests deeper than ${maxDepth} levels`] };
  }
  const problems = readKnowledgeFiles(parsed.document, fileName);
  return problems.length > 0 ? { ok: false, problems } : parsed;
}

function parseJson(text: string, fileName: string): ParsedFile {
  try {
    return { ok: true, document: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problems: [`${fileName}: ${(error as Error).message}`] };
  }
}

// The YAML parser recurses: nesting thousands of levels deep overflows its stack, which it
// reports as a RESOURCE_EXHAUSTION error; that is said in our words.
function parseYaml(text: string, fileName: string): ParsedFile {
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (parsed.errors.length > 0) {
    const problems = parsed.errors.map((e) =>
      e.code === "RESOURCE_EXHAUSTION"
        ? `${fileName}: nests too deeply to read`
        : `${fileName}: ${e.message.split("\n")[0]}`,
    );
    return { ok: false, problems: [...new Set(problems)] };
  }
  return { ok: true, document: parsed.toJS() };
}
