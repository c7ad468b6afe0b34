// Drives the crash-writer child process: collects its acknowledged appends, then SIGKILLs it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const WRITER = fileURLToPath(new URL("./sqlite-crash-writer.mjs", import.meta.url));
const BUILT_STORE = fileURLToPath(new URL("../../dist/src/store/index.js", import.meta.url));

/** One append the child reported as committed. */
export interface AckedEvent {
  sequence: number;
  id: string;
}

export interface CrashWriterOptions {
  file: string;
  sessionId: string;
  /** SIGKILL the child once it has acknowledged at least this many events. */
  killAfterAcks: number;
  /** Give up (and fail) after this long. */
  timeoutMs?: number;
}

/** Runs the writer until it has acknowledged `killAfterAcks` events, kills it, returns the acks. */
export function runCrashWriter(options: CrashWriterOptions): Promise<AckedEvent[]> {
  if (!existsSync(BUILT_STORE)) {
    return Promise.reject(
      new Error(`${BUILT_STORE} is missing: run \`npm run build\` before this test`),
    );
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, options.file, options.sessionId], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    const acked: AckedEvent[] = [];
    let buffered = "";
    let stderr = "";
    let killed = false;
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`crash writer timed out after ${acked.length} acks; stderr: ${stderr}`));
    }, options.timeoutMs ?? 20_000);

    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdout.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const ack = parseAck(line);
        if (ack === undefined) stderr += `unexpected output: ${line}\n`;
        else acked.push(ack);
      }
      if (!killed && acked.length >= options.killAfterAcks) {
        killed = true;
        child.kill("SIGKILL");
      }
    });
    // "close" rather than "exit": it waits for stdout to drain, so no printed ack is missed.
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (signal === "SIGKILL" && killed) resolve(acked);
      else reject(new Error(`crash writer exited early (${code ?? signal}); stderr: ${stderr}`));
    });
  });
}

function parseAck(line: string): AckedEvent | undefined {
  const [word, sequence, id] = line.split(" ");
  if (word !== "ack" || sequence === undefined || id === undefined) return undefined;
  return { sequence: Number(sequence), id };
}
