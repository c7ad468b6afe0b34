// `npm run fuzz -- --inputs N [--seed S] [--only I] [--workers W]`: fuzz the real server and report.
import { randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import type { FuzzReport } from "./findings.js";
import { runFuzz } from "./fuzz.js";
import { startFuzzServer } from "./fuzz-server.js";

const USAGE = `node dist/attack/fuzz/run.js [--inputs 100000] [--seed N] [--only INPUT] [--workers 6]
  [--main path/to/dist/src/main.js]
Prints the seed first; the same seed (and --only INPUT for one input) replays a run. --main
attacks another build (an older one, to see what a fix changed).`;

const { values: args } = parseArgs({
  options: {
    inputs: { type: "string", default: "100000" },
    seed: { type: "string" },
    only: { type: "string" },
    workers: { type: "string", default: "6" },
    main: { type: "string" },
    help: { type: "boolean", default: false },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  if (args.help) {
    log(USAGE);
    return 0;
  }
  const seed = args.seed === undefined ? randomInt(2 ** 31) : Number(args.seed);
  const inputs = Number(args.inputs);
  log(
    `fuzz seed ${seed}, ${inputs} inputs (replay: npm run fuzz -- --seed ${seed} --inputs ${inputs})`,
  );
  const fuzzed = await startFuzzServer(args.main);
  let report: FuzzReport;
  try {
    report = await runFuzz({
      seed,
      inputs,
      only: args.only === undefined ? undefined : Number(args.only),
      workers: Number(args.workers),
      target: fuzzed.target,
      serverProblem: fuzzed.serverProblem,
      checkEvery: 5000,
      progress: (done, findings) => {
        const { crash, hang, undocumented } = findings.counts;
        log(
          `  ${done} inputs: ${crash} crashes, ${hang} hangs, ${undocumented} undocumented answers`,
        );
      },
    });
  } finally {
    await fuzzed.stop();
  }
  return summarize(report, fuzzed.loggedErrors());
}

function summarize(report: FuzzReport, loggedErrors: string[]): number {
  const counts = { crash: 0, hang: 0, undocumented: 0 };
  for (const finding of report.findings) counts[finding.kind] += 1;
  const rate = Math.round(report.inputs / (report.elapsedMs / 1000));
  log(
    `${report.inputs} inputs in ${(report.elapsedMs / 1000).toFixed(1)} s (${rate}/s), seed ${report.seed}`,
  );
  for (const [kind, count] of Object.entries(report.byKind).sort()) log(`  ${count}\t${kind}`);
  for (const finding of report.findings) {
    log(`${finding.kind}: input ${finding.input} (${finding.name}): ${finding.detail}`);
  }
  for (const line of loggedErrors.slice(0, 20)) log(`server logged an error: ${line}`);
  log(
    `result: ${counts.crash} crashes, ${counts.hang} hangs, ${counts.undocumented} undocumented answers, ${loggedErrors.length} errors logged`,
  );
  return report.findings.length + loggedErrors.length === 0 ? 0 : 1;
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
