// One fuzz run against a running server: inputs spread over a few workers, each input reproducible by number.
import { Findings, type FuzzReport } from "./findings.js";
import { HttpFuzzer } from "./http-fuzzer.js";
import { type HttpCredentials, httpInput } from "./http-inputs.js";
import { Random } from "./random.js";
import { rawHttpInput, runRawHttp } from "./raw-http-inputs.js";
import { WsFuzzer, type WsTarget } from "./ws-fuzzer.js";
import { wsInput } from "./ws-inputs.js";

export interface FuzzOptions {
  seed: number;
  /** How many inputs; with `only`, just that one input. */
  inputs: number;
  only?: number;
  /** Parallel workers, each with its own WebSocket and keep-alive HTTP connections. */
  workers: number;
  target: WsTarget & { credentials: HttpCredentials };
  /** Asked every `checkEvery` inputs, and at the end: a problem with the server (it exited, /healthz failed). */
  serverProblem(): Promise<string | null>;
  checkEvery?: number;
  progress?(done: number, findings: Findings): void;
}

/** Runs the inputs and returns what was found; stops early when the server is gone. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const findings = new Findings();
  const started = performance.now();
  const indexes = options.only === undefined ? range(options.inputs) : [options.only];
  let next = 0;
  let done = 0;
  let stopped = false;
  const checkEvery = options.checkEvery ?? 1000;
  const worker = async () => {
    const ws = new WsFuzzer(options.target, findings);
    const http = new HttpFuzzer(options.target.host, options.target.port, findings);
    try {
      while (!stopped && next < indexes.length) {
        const index = indexes[next++] as number;
        try {
          await runOne(index, options, ws, http, findings);
        } catch (error) {
          // A refused connection or a reset mid-request: the server is gone, or it is a finding.
          if (await crashed(options, findings, index)) stopped = true;
          else
            findings.add({
              kind: "undocumented",
              input: index,
              name: "input",
              detail: String(error),
            });
        }
        done += 1;
        if (done % checkEvery === 0) {
          options.progress?.(done, findings);
          stopped = await crashed(options, findings, index);
        }
      }
    } finally {
      ws.close();
      http.close();
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  if (!stopped) await crashed(options, findings, indexes.at(-1) ?? 0);
  return {
    seed: options.seed,
    inputs: done,
    byKind: findings.byKind,
    findings: findings.list,
    elapsedMs: Math.round(performance.now() - started),
  };
}

async function runOne(
  index: number,
  options: FuzzOptions,
  ws: WsFuzzer,
  http: HttpFuzzer,
  findings: Findings,
): Promise<void> {
  const random = Random.forInput(options.seed, index);
  const surface = random.weighted([
    [60, "ws"],
    [36, "http"],
    [4, "raw"],
  ] as const);
  if (surface === "ws") {
    const input = wsInput(random, true, index);
    findings.counted(`ws: ${input.name}`);
    return ws.run(input, index);
  }
  if (surface === "http") {
    const input = httpInput(random, options.target.credentials);
    findings.counted(`http: ${input.name}`);
    return http.run(input, index);
  }
  const input = rawHttpInput(random);
  findings.counted("http: raw bytes");
  const problem = await runRawHttp(options.target.host, options.target.port, input);
  if (problem) findings.add({ ...problem, input: index, name: input.name });
}

async function crashed(options: FuzzOptions, findings: Findings, index: number): Promise<boolean> {
  const problem = await options.serverProblem();
  if (problem === null) return false;
  findings.add({ kind: "crash", input: index, name: "server", detail: problem });
  return true;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
