// How a command is declared and how its arguments are parsed (node:util parseArgs, strict).
import { parseArgs } from "node:util";
import { type CliIo, EXIT, err, out } from "./cli-io.js";

type OptionSpec = { type: "string" | "boolean"; short?: string };
export type OptionValues = Record<string, string | boolean | undefined>;

/** One command (or subcommand): its usage text, options, positional names and action. */
export interface Command {
  name: string;
  summary: string;
  /** The usage line(s), e.g. `switchboard agent show ID`. */
  usage: string;
  /** Lines describing the options, shown under the usage. */
  help?: string[];
  options?: Record<string, OptionSpec>;
  /** Names of the required positional arguments, in order. */
  positionals?: string[];
  run(io: CliIo, values: OptionValues, positionals: string[]): Promise<number>;
}

/** A command with subcommands (`agent`, `connector`, ...). */
export interface CommandGroup {
  name: string;
  summary: string;
  commands: Command[];
}

/** Prints a command's usage to `stream`. */
export function printUsage(stream: NodeJS.WritableStream, command: Command): void {
  stream.write(`Usage: ${command.usage}\n\n${command.summary}\n`);
  if (command.help?.length)
    stream.write(`\nOptions:\n${command.help.map((l) => `  ${l}`).join("\n")}\n`);
  stream.write("  -h, --help  Show this help\n");
}

/** Runs a command: `--help` prints usage (0); bad flags or arguments print an error and usage (2). */
export async function runCommand(io: CliIo, command: Command, args: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args,
      options: { ...command.options, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return usageError(io, command, (error as Error).message);
  }
  const values = parsed.values as OptionValues;
  if (values.help) {
    printUsage(io.stdout, command);
    return EXIT.ok;
  }
  const expected = command.positionals ?? [];
  if (parsed.positionals.length < expected.length) {
    return usageError(
      io,
      command,
      `missing ${expected.slice(parsed.positionals.length).join(", ")}`,
    );
  }
  if (parsed.positionals.length > expected.length) {
    return usageError(io, command, `unexpected argument "${parsed.positionals[expected.length]}"`);
  }
  return command.run(io, values, parsed.positionals);
}

/** Prints `error: message` and the command's usage to stderr; returns the usage exit code. */
export function usageError(io: CliIo, command: Command, message: string): number {
  err(io, `error: ${message}`);
  printUsage(io.stderr, command);
  return EXIT.usage;
}

/** Runs a group's subcommand, or prints the group's help. */
export async function runGroup(io: CliIo, group: CommandGroup, args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (name === "-h" || name === "--help") {
    printGroupUsage(io.stdout, group);
    return EXIT.ok;
  }
  const command = group.commands.find((c) => c.name === name);
  if (!command) {
    err(
      io,
      name === undefined
        ? `error: ${group.name} needs a subcommand`
        : `error: unknown command "${group.name} ${name}"`,
    );
    printGroupUsage(io.stderr, group);
    return EXIT.usage;
  }
  return runCommand(io, command, rest);
}

function printGroupUsage(stream: NodeJS.WritableStream, group: CommandGroup): void {
  stream.write(`Usage: switchboard ${group.name} <command>\n\n${group.summary}\n\nCommands:\n`);
  const width = Math.max(...group.commands.map((c) => c.name.length));
  for (const c of group.commands) stream.write(`  ${c.name.padEnd(width)}  ${c.summary}\n`);
  stream.write(`\nRun "switchboard ${group.name} <command> --help" for its options.\n`);
}

/** A string option's value, if given. */
export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}

/** Prints `message` with `out` when present, for commands that print nothing else. */
export function done(io: CliIo, message: string): number {
  out(io, message);
  return EXIT.ok;
}

/** A whole-number option's value (undefined when absent), or the usage problem. */
export function wholeNumberOption(
  values: OptionValues,
  name: string,
): { ok: true; value: number | undefined } | { ok: false; problem: string } {
  const raw = stringOption(values, name);
  if (raw === undefined) return { ok: true, value: undefined };
  if (!/^\d{1,9}$/.test(raw)) {
    return { ok: false, problem: `--${name} must be a whole number, not "${raw}"` };
  }
  return { ok: true, value: Number(raw) };
}
