// Writes the generated reference docs: `npm run docs`.
import { writeFileSync } from "node:fs";
import { configMarkdown, errorsMarkdown } from "./reference-docs.js";

writeFileSync("docs/errors.md", errorsMarkdown());
writeFileSync("docs/config.md", configMarkdown());
