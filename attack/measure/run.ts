// `npm run attack:measure`: the slow-reader and shutdown measurements quoted in docs/security.md.
import { parseArgs } from "node:util";
import { killAllServerChildren } from "../../bench/server-children.js";
import { describeShutdown, measureShutdown } from "./shutdown.js";
import { describeSlowReaders, measureSlowReaders } from "./slow-readers.js";
import { describeVictims, measureVictims } from "./victim-limits.js";

const USAGE = `node dist/attack/measure/run.js [--only slow-readers|shutdown|victims] [--sessions 5]
  [--readers-per-session 10] [--history-mib 8.6] [--hold-ms 30000] [--shutdown-timeout-ms 10000]
  [--flood-ms 10000] [--main path/to/dist/src/main.js]
--main measures another build (an older one, for the numbers before a fix).`;

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    sessions: { type: "string", default: "5" },
    "readers-per-session": { type: "string", default: "10" },
    "history-mib": { type: "string", default: "8.6" },
    "hold-ms": { type: "string", default: "30000" },
    "shutdown-timeout-ms": { type: "string", default: "10000" },
    "flood-ms": { type: "string", default: "10000" },
    main: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (args.help) {
    log(USAGE);
    return;
  }
  if (args.only === undefined || args.only === "slow-readers") {
    log("slow readers:");
    const result = await measureSlowReaders({
      sessions: Number(args.sessions),
      readersPerSession: Number(args["readers-per-session"]),
      historyMib: Number(args["history-mib"]),
      holdMs: Number(args["hold-ms"]),
      main: args.main,
      log,
    });
    describeSlowReaders(result, log);
  }
  if (args.only === undefined || args.only === "shutdown") {
    log("shutdown with a client that never answers the close frame:");
    describeShutdown(await measureShutdown(Number(args["shutdown-timeout-ms"]), args.main), log);
  }
  if (args.only === undefined || args.only === "victims") {
    log("one attacker against a connector's other visitors (default limits):");
    describeVictims(await measureVictims(Number(args["flood-ms"]), args.main), log);
  }
}

process.on("exit", killAllServerChildren);
main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
