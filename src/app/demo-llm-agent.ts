// The demo agent as an LLM agent: an OpenAI-compatible model that answers from Switchboard's own docs.
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What marks a definition as the generated LLM demo (it is replaced on start when settings change). */
export const DEMO_LLM_INSTRUCTIONS =
  "You are Ada, the demo agent of Switchboard, a self-hosted messaging server for AI agents with human handoff. " +
  "Answer questions about Switchboard briefly and accurately from the knowledge passages, and say so when they do not cover a question. " +
  "When the user asks for a person, call the handoff tool.";

/** The project's documentation folder and README, found from src/app and dist/src/app alike. */
function docsFiles(): { title: string; file: string }[] {
  const root = new URL(
    import.meta.url.includes("/dist/src/") ? "../../../" : "../../",
    import.meta.url,
  );
  const docs = fileURLToPath(new URL("docs/", root));
  const files = [{ title: "README", file: fileURLToPath(new URL("README.md", root)) }];
  try {
    for (const name of readdirSync(docs).sort()) {
      if (name.endsWith(".md"))
        files.push({ title: name.replace(/\.md$/, ""), file: `${docs}${name}` });
    }
  } catch {
    // An installed package without docs: the agent still works, without knowledge.
  }
  return files;
}

/** The LLM demo definition for a model at `baseUrl`; the key is read from OPENAI_API_KEY. */
export function demoLlmDefinition(baseUrl: string, model: string): Record<string, unknown> {
  const documents = docsFiles().flatMap(({ title, file }) => {
    try {
      return [{ title, text: readFileSync(file, "utf8") }];
    } catch {
      return [];
    }
  });
  return {
    kind: "llm",
    name: "Ada",
    provider: { base_url: baseUrl, model, api_key_env: "OPENAI_API_KEY" },
    instructions: DEMO_LLM_INSTRUCTIONS,
    greeting: {
      text: "Hi, I'm **Ada**, Switchboard's demo agent, running on a language model. Ask me anything about Switchboard, or ask for a human.",
      response_suggestions: [
        { message_text: "What is Switchboard?" },
        { message_text: "How do LLM agents work?" },
        { message_text: "Talk to a human" },
      ],
    },
    history_budget: { tokens: 3000 },
    knowledge: { documents, max_passages: 4 },
    builtin_tools: ["handoff", "end_conversation", "set_language", "suggest_replies"],
  };
}
