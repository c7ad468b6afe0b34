// Provisioning files may name Markdown files as knowledge documents; they are read into `text`.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { isPlainObject } from "../../protocol/index.js";

/**
 * Replaces each `agents[i].definition.knowledge.documents[j].file` with the file's `text`,
 * resolved against the folder of the provisioning file; an unreadable file is a problem.
 */
export function readKnowledgeFiles(document: unknown, fileName: string): string[] {
  const problems: string[] = [];
  if (!isPlainObject(document) || !Array.isArray(document.agents)) return problems;
  const folder = dirname(resolve(fileName));
  document.agents.forEach((agent, i) => {
    const knowledge =
      isPlainObject(agent) && isPlainObject(agent.definition)
        ? agent.definition.knowledge
        : undefined;
    if (!isPlainObject(knowledge) || !Array.isArray(knowledge.documents)) return;
    knowledge.documents.forEach((doc, j) => {
      if (!isPlainObject(doc) || doc.file === undefined) return;
      const at = `agents[${i}].definition.knowledge.documents[${j}].file`;
      if (typeof doc.file !== "string" || doc.file.trim() === "") {
        problems.push(`${at}: must be a path`);
        return;
      }
      try {
        doc.text = readFileSync(resolve(folder, doc.file), "utf8");
        delete doc.file;
      } catch (error) {
        problems.push(
          `${at}: cannot read ${doc.file} (${(error as NodeJS.ErrnoException).code ?? "error"})`,
        );
      }
    });
  });
  return problems;
}
