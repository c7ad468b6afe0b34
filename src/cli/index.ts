// The `switchboard` command line: dispatches to the commands; returns the exit code.
import { type CliIo, EXIT, err, processIo } from "./cli-io.js";
import { type Command, type CommandGroup, runCommand, runGroup } from "./command.js";
import { agentGroup } from "./commands/agent.js";
import { applyCommand } from "./commands/apply.js";
import { chatCommand } from "./commands/chat.js";
import { connectorGroup } from "./commands/connector.js";
import { deskUserGroup } from "./commands/desk-user.js";
import { migrateCommand } from "./commands/migrate.js";
import { queueGroup } from "./commands/queue.js";
import { keysGroup, serveCommand } from "./commands/serve-keys.js";
import { sessionGroup } from "./commands/session.js";
import { apiKeyGroup, contextKeyGroup } from "./commands/visitor-keys.js";

export { ChatClient, type ChatNotice, type ChatStart } from "./chat/chat-client.js";
export type { CliIo } from "./cli-io.js";
export { transcriptLines } from "./transcript.js";

const ENTRIES: (Command | CommandGroup)[] = [
  serveCommand,
  applyCommand,
  agentGroup,
  connectorGroup,
  queueGroup,
  deskUserGroup,
  sessionGroup,
  keysGroup,
  migrateCommand,
  contextKeyGroup,
  apiKeyGroup,
  chatCommand,
];

/** Runs `switchboard <argv…>` and returns its exit code (0 ok, 1 failure, 2 usage error). */
export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "-h" || name === "--help") {
    printMainUsage(io.stdout);
    return EXIT.ok;
  }
  const entry = ENTRIES.find((e) => e.name === name);
  if (!entry) {
    err(io, name === undefined ? "error: no command given" : `error: unknown command "${name}"`);
    printMainUsage(io.stderr);
    return EXIT.usage;
  }
  return "commands" in entry ? runGroup(io, entry, rest) : runCommand(io, entry, rest);
}

function printMainUsage(stream: NodeJS.WritableStream): void {
  const width = Math.max(...ENTRIES.map((e) => e.name.length));
  const lines = ENTRIES.map((e) => `  ${e.name.padEnd(width)}  ${e.summary}`);
  stream.write(
    `Usage: switchboard <command> [options]\n\nCommands:\n${lines.join("\n")}\n\n` +
      'Run "switchboard <command> --help" for details. Configuration comes from the environment\n' +
      "(SWITCHBOARD_DATA_DIR, SWITCHBOARD_ADMIN_TOKEN, PORT, ...; see docs/config.md).\n",
  );
}
