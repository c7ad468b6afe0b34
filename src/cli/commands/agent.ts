// `switchboard agent create|list|show|rotate-key|delete`: AI agents in the store.
import {
  type AgentWithKey,
  agentJson,
  createAgent,
  deleteAgent,
  getAgent,
  rotateAgentKey,
} from "../../admin/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { type CliIo, EXIT, err, out, printJson, printTable } from "../cli-io.js";
import { type Command, type CommandGroup, done, stringOption, usageError } from "../command.js";
import { readDataFile, withStore } from "../store-context.js";
import { printFailure } from "./failure.js";

const create: Command = {
  name: "create",
  summary: "Create an agent from a definition file (YAML or JSON, product.md §5).",
  usage: "switchboard agent create -f FILE [--id ID]",
  help: [
    "-f, --file FILE  The agent definition",
    "--id ID          Choose the id (default: a new UUIDv7)",
  ],
  options: { file: { type: "string", short: "f" }, id: { type: "string" } },
  async run(io, values) {
    const file = stringOption(values, "file");
    if (!file) return usageError(io, create, "--file is required");
    const parsed = await readDataFile(io, file);
    if (!parsed) return EXIT.failure;
    if (!isPlainObject(parsed.document)) {
      err(io, `error: ${file}: must hold one agent definition (a mapping)`);
      return EXIT.failure;
    }
    const id = stringOption(values, "id");
    const body = id === undefined ? parsed.document : { ...parsed.document, id };
    return withStore(io, async (deps) => {
      const result = await createAgent(deps, body);
      if (!result.ok) return printFailure(io, result.error);
      printAgent(io, result.value);
      return EXIT.ok;
    });
  },
};

const list: Command = {
  name: "list",
  summary: "List agents.",
  usage: "switchboard agent list",
  run: (io) =>
    withStore(io, async (deps) => {
      const rows = (await deps.store.listAgents()).map((a) => [
        a.id,
        a.name,
        String(a.definition.kind ?? ""),
      ]);
      printTable(io, ["ID", "NAME", "KIND"], rows, "No agents.");
      return EXIT.ok;
    }),
};

const show: Command = {
  name: "show",
  summary: "Print an agent with its definition as JSON.",
  usage: "switchboard agent show ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await getAgent(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, agentJson(result.value));
      return EXIT.ok;
    }),
};

const rotateKey: Command = {
  name: "rotate-key",
  summary: "Give a webhook agent a new agent key; the old one stops working at once.",
  usage: "switchboard agent rotate-key ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await rotateAgentKey(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printAgent(io, result.value);
      return EXIT.ok;
    }),
};

/** Prints an agent (secrets masked), with its agent key when one was just made. */
function printAgent(io: CliIo, { agent, key }: AgentWithKey): void {
  const json = agentJson(agent);
  printJson(io, key === null ? json : { ...json, agent_key: key });
  if (key !== null)
    out(io, "The agent key is shown only now; give it to the bot and store it safely.");
}

const remove: Command = {
  name: "delete",
  summary: "Delete an agent (refused while a connector uses it).",
  usage: "switchboard agent delete ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await deleteAgent(deps, id as string);
      return result.ok ? done(io, `Deleted agent ${id}.`) : printFailure(io, result.error);
    }),
};

export const agentGroup: CommandGroup = {
  name: "agent",
  summary: "Manage AI agents.",
  commands: [create, list, show, rotateKey, remove],
};
