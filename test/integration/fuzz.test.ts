// A bounded fuzz run against the real server process: every input answered as documented, the server up.
import { randomInt } from "node:crypto";
import { expect, it } from "vitest";
import { runFuzz } from "../../attack/fuzz/fuzz.js";
import { startFuzzServer } from "../../attack/fuzz/fuzz-server.js";

const INPUTS = 3000;
/** A new seed each run finds more over time; FUZZ_SEED replays one. */
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : randomInt(2 ** 31);

it(`answers ${INPUTS} fuzzed WebSocket and HTTP inputs as documented (seed ${SEED}; replay with FUZZ_SEED=${SEED})`, async () => {
  const fuzzed = await startFuzzServer();
  try {
    const report = await runFuzz({
      seed: SEED,
      inputs: INPUTS,
      workers: 4,
      target: fuzzed.target,
      serverProblem: fuzzed.serverProblem,
    });
    expect(report.inputs).toBe(INPUTS);
    expect(report.findings).toEqual([]);
    expect(fuzzed.loggedErrors()).toEqual([]);
  } finally {
    await fuzzed.stop();
  }
}, 120_000);
