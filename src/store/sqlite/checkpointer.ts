// Moves WAL checkpoints off the event loop: a worker thread checkpoints on its own connection.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

const driver = createRequire(import.meta.url).resolve("better-sqlite3");

/** How often the worker copies the WAL back into the database file. */
const CHECKPOINT_EVERY_MS = 500;

// Plain CommonJS so it runs the same from TypeScript sources (tests) and from dist.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { timeout: 5000 });
db.pragma("busy_timeout = 5000");
db.pragma("synchronous = " + workerData.synchronous);
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch { /* busy: next round */ } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

/**
 * A checkpoint copies committed WAL frames into the database file and, in WAL mode, fsyncs
 * both. Done by the writing connection (SQLite's automatic checkpoint), that stalls the event
 * loop for milliseconds every thousand pages; the benchmark showed it as the p99 latency. So
 * the writer turns automatic checkpoints off and this worker runs them on a second connection.
 */
export class Checkpointer {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;

  constructor(file: string, synchronous: "NORMAL" | "FULL") {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, synchronous, everyMs: CHECKPOINT_EVERY_MS, driver },
    });
    this.#worker.unref();
    this.#exited = new Promise((resolve) => this.#worker.once("exit", () => resolve()));
    // A failing checkpointer must not take the server down; SQLite still checkpoints on close.
    this.#worker.on("error", () => {});
  }

  /** Runs a last checkpoint and stops the worker. */
  async stop(): Promise<void> {
    // Held by the worker from here: unref'd, a shutdown with nothing else left to do would end
    // the process before the worker exits (Node's exit code 13, the last checkpoint lost).
    this.#worker.ref();
    this.#worker.postMessage("stop");
    await this.#exited;
  }
}
