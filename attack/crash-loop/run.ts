// `npm run crashloop -- [--kills 20] [--clients 6]`: SIGKILL under load, then count lost, doubled and moved events.
import { parseArgs } from "node:util";
import { runCrashLoop } from "./crash-loop.js";

const { values: args } = parseArgs({
  options: {
    kills: { type: "string", default: "20" },
    clients: { type: "string", default: "6" },
    window: { type: "string", default: "3" },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const kills = Number(args.kills);
  log(
    `crash loop: ${kills} SIGKILLs, ${args.clients} clients with ${args.window} messages in flight each`,
  );
  const started = performance.now();
  const report = await runCrashLoop({
    kills,
    clients: Number(args.clients),
    window: Number(args.window),
    upMs: [300, 1200],
    log,
  });
  log(
    `${report.acknowledged} acknowledged messages, ${report.events} events stored, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  log(
    `lost ${report.lost}, duplicated ${report.duplicated}, reordered ${report.reordered}, gaps ${report.gaps}, still unacknowledged ${report.unacknowledgedAtEnd}`,
  );
  const bad =
    report.lost + report.duplicated + report.reordered + report.gaps + report.unacknowledgedAtEnd;
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
