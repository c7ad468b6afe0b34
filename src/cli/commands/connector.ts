// `switchboard connector create|list|show|rotate-token|delete`: connectors and their tokens.
import {
  connectorJson,
  createConnector,
  deleteConnector,
  getConnector,
  rotateConnectorToken,
} from "../../admin/index.js";
import type { ConnectorRecord } from "../../core/index.js";
import { type CliIo, EXIT, out, printJson, printTable } from "../cli-io.js";
import {
  type Command,
  type CommandGroup,
  done,
  type OptionValues,
  stringOption,
  usageError,
} from "../command.js";
import { withStore } from "../store-context.js";
import { printFailure } from "./failure.js";

function printToken(io: CliIo, connector: ConnectorRecord, token: string): void {
  printJson(io, { ...connectorJson(connector), token });
  out(io, "The token is shown only now; store it safely.");
}

/** `--variants beta=AGENT,gamma=AGENT` as the `variants` object, or a usage problem. */
function variantsFrom(
  text: string | undefined,
): { ok: true; value: Record<string, string> | undefined } | { ok: false; problem: string } {
  if (text === undefined) return { ok: true, value: undefined };
  const value: Record<string, string> = {};
  for (const pair of text.split(",")) {
    const [id, agent, extra] = pair.split("=").map((part) => part.trim());
    if (!id || !agent || extra !== undefined)
      return { ok: false, problem: `--variants: "${pair}" is not VARIANT=AGENT_ID` };
    value[id] = agent;
  }
  return { ok: true, value };
}

/** The handoff object from the flags, or a usage problem. */
function handoffFrom(
  values: OptionValues,
): { ok: true; handoff: unknown } | { ok: false; problem: string } {
  const mode = stringOption(values, "handoff-mode");
  const queue = stringOption(values, "queue");
  const reason = stringOption(values, "reason");
  const queueName = stringOption(values, "queue-name");
  const route = stringOption(values, "route");
  if (mode === undefined) {
    const stray = [queue, reason, queueName, route].some((v) => v !== undefined);
    return stray
      ? { ok: false, problem: "--queue, --reason, --queue-name and --route need --handoff-mode" }
      : { ok: true, handoff: undefined };
  }
  if (mode === "server") {
    if (reason ?? queueName ?? route)
      return {
        ok: false,
        problem: "--reason, --queue-name and --route are for --handoff-mode client",
      };
    return { ok: true, handoff: queue === undefined ? { mode } : { mode, queue } };
  }
  if (mode === "client") {
    if (queue !== undefined)
      return { ok: false, problem: "--queue is for --handoff-mode server (use --queue-name)" };
    return {
      ok: true,
      handoff: { mode, reason, queue_name: queueName, ...(route ? { route } : {}) },
    };
  }
  return { ok: false, problem: `--handoff-mode must be server or client, not "${mode}"` };
}

/** `language_detection` from `--language-detection` and `--languages`, or a usage problem. */
function languageDetectionFrom(
  values: OptionValues,
): { ok: true; value: unknown } | { ok: false; problem: string } {
  const mode = stringOption(values, "language-detection");
  const languages = stringOption(values, "languages");
  if (mode === undefined && languages === undefined) return { ok: true, value: undefined };
  if (mode !== undefined && mode !== "on" && mode !== "off") {
    return { ok: false, problem: "--language-detection must be on or off" };
  }
  const list = languages?.split(",").map((code) => code.trim());
  return { ok: true, value: { enabled: mode !== "off", languages: list ?? null } };
}

const create: Command = {
  name: "create",
  summary: "Create a connector for a host and an agent; prints its token once.",
  usage:
    "switchboard connector create --host H --agent A [--name N] [--chunk-join J] [--language-detection on|off] [--languages en,fr]\n" +
    "         [--variants ID=AGENT,…]\n" +
    "         [--handoff-mode server [--queue Q] | --handoff-mode client --reason R --queue-name N [--route URL]]",
  help: [
    "--host H            Domain, URL or app namespace the connector may be used from",
    "--agent A           Id of the agent that answers",
    "--name N            A display name",
    "--chunk-join J      auto (default), space or concat: how streamed replies are cut into chunks",
    "--language-detection on|off   Detect the user's language and switch to it (default on)",
    "--languages L       Only switch to these languages (comma-separated ISO 639 codes)",
    "--variants V        Agent variants for the Chat API's variant_id: beta=AGENT_ID,gamma=AGENT_ID",
    "--handoff-mode M    server (a live-agent queue) or client (CLIENT_HANDOFF_REQUIRED)",
    "--queue Q           Server handoff: the queue",
    "--reason R          Client handoff: COMPLEX_QUERY, AGENT_DECISION or POLICY",
    "--queue-name N      Client handoff: the queue name sent to the client",
    "--route URL         Client handoff: an http(s) URL sent to the client",
  ],
  options: {
    host: { type: "string" },
    agent: { type: "string" },
    name: { type: "string" },
    "chunk-join": { type: "string" },
    "language-detection": { type: "string" },
    languages: { type: "string" },
    variants: { type: "string" },
    "handoff-mode": { type: "string" },
    queue: { type: "string" },
    reason: { type: "string" },
    "queue-name": { type: "string" },
    route: { type: "string" },
  },
  async run(io, values) {
    const host = stringOption(values, "host");
    const agent = stringOption(values, "agent");
    if (!host || !agent) return usageError(io, create, "--host and --agent are required");
    const handoff = handoffFrom(values);
    if (!handoff.ok) return usageError(io, create, handoff.problem);
    const detection = languageDetectionFrom(values);
    if (!detection.ok) return usageError(io, create, detection.problem);
    const variants = variantsFrom(stringOption(values, "variants"));
    if (!variants.ok) return usageError(io, create, variants.problem);
    const body = {
      host,
      agent_id: agent,
      variants: variants.value,
      handoff: handoff.handoff,
      name: stringOption(values, "name"),
      chunk_join: stringOption(values, "chunk-join"),
      language_detection: detection.value,
    };
    return withStore(io, async (deps) => {
      const result = await createConnector(deps, body);
      if (!result.ok) return printFailure(io, result.error);
      printToken(io, result.value.connector, result.value.token);
      return EXIT.ok;
    });
  },
};

const list: Command = {
  name: "list",
  summary: "List connectors (never their tokens).",
  usage: "switchboard connector list",
  run: (io) =>
    withStore(io, async (deps) => {
      const rows = (await deps.store.listConnectors()).map((c) => [
        c.id,
        c.host ?? "-",
        c.agentId,
        c.name ?? "-",
        c.handoff ? c.handoff.mode : "-",
        c.chunkJoin,
      ]);
      const header = ["ID", "HOST", "AGENT", "NAME", "HANDOFF", "CHUNKS"];
      printTable(io, header, rows, "No connectors.");
      return EXIT.ok;
    }),
};

const show: Command = {
  name: "show",
  summary: "Print a connector as JSON (without its token).",
  usage: "switchboard connector show ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await getConnector(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printJson(io, connectorJson(result.value));
      return EXIT.ok;
    }),
};

const rotate: Command = {
  name: "rotate-token",
  summary: "Replace a connector's token; the old one stops working at once.",
  usage: "switchboard connector rotate-token ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await rotateConnectorToken(deps, id as string);
      if (!result.ok) return printFailure(io, result.error);
      printToken(io, result.value.connector, result.value.token);
      return EXIT.ok;
    }),
};

const remove: Command = {
  name: "delete",
  summary: "Delete a connector.",
  usage: "switchboard connector delete ID",
  positionals: ["ID"],
  run: (io, _values, [id]) =>
    withStore(io, async (deps) => {
      const result = await deleteConnector(deps, id as string);
      return result.ok ? done(io, `Deleted connector ${id}.`) : printFailure(io, result.error);
    }),
};

export const connectorGroup: CommandGroup = {
  name: "connector",
  summary: "Manage connectors (an integration: a secret token plus its host).",
  commands: [create, list, show, rotate, remove],
};
