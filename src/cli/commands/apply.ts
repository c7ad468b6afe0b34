// `switchboard apply -f FILE`: declarative provisioning of agents, connectors, queues and desk users.
import { type ApplyResult, applyProvisioning } from "../../admin/index.js";
import { type CliIo, EXIT, err, out } from "../cli-io.js";
import { type Command, stringOption, usageError } from "../command.js";
import { readDataFile, withStore } from "../store-context.js";

/** Prints what an apply did (or every problem it found). */
export function printApplyResult(io: CliIo, result: ApplyResult): number {
  if (!result.ok) {
    err(io, `error: the file has ${result.problems.length} problem(s); nothing was changed:`);
    for (const problem of result.problems) err(io, `  ${problem}`);
    return EXIT.failure;
  }
  for (const object of result.objects) out(io, `${object.kind} ${object.id}: ${object.outcome}`);
  for (const note of result.notes) out(io, `note: ${note}`);
  for (const { connectorId, token } of result.tokens) {
    out(io, `connector ${connectorId} token (shown once, store it now): ${token}`);
  }
  for (const { agentId, key } of result.agentKeys) {
    out(io, `agent ${agentId} key (shown once, give it to the bot now): ${key}`);
  }
  for (const { deskUserId, token } of result.deskTokens) {
    out(io, `desk user ${deskUserId} token (shown once, give it to them now): ${token}`);
  }
  return EXIT.ok;
}

export const applyCommand: Command = {
  name: "apply",
  summary:
    "Create or update agents, connectors, queues and desk users from a YAML or JSON file (idempotent).",
  usage: "switchboard apply -f FILE",
  help: ["-f, --file FILE  The provisioning file (.yaml, .yml or .json)"],
  options: { file: { type: "string", short: "f" } },
  async run(io, values) {
    const file = stringOption(values, "file");
    if (!file) return usageError(io, applyCommand, "--file is required");
    const parsed = await readDataFile(io, file);
    if (!parsed) return EXIT.failure;
    return withStore(io, async (deps) =>
      printApplyResult(io, await applyProvisioning(deps, parsed.document)),
    );
  },
};
