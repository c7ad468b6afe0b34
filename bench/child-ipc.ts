// The IPC messages between the bench runner and its server children, and the child's side of them.

/** What a server child reports once it listens. */
export interface ReadyMessage {
  kind: "ready";
  port: number;
  /** The demo connector's token (Switchboard child only). */
  connectorToken?: string;
}

/** The child's memory, sampled after a forced GC when the child runs with `--expose-gc`. */
export interface MemoryMessage {
  kind: "memory";
  id: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  gc: boolean;
  /** CPU time the child used so far, user and system, in microseconds (`process.cpuUsage`). */
  cpuMicros: number;
}

/** The runner asks for a memory sample. */
export interface MemoryRequest {
  kind: "memory";
  id: number;
}

export type ChildMessage = ReadyMessage | MemoryMessage;

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Wires the child's end: answers memory requests, and runs `stop` when the runner asks
 * (SIGTERM/SIGINT) or goes away (IPC disconnect), so no child outlives a crashed runner.
 */
export function serveRunner(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 5000);
    force.unref();
    stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
  process.once("disconnect", shutdown);
  process.on("message", (message: MemoryRequest) => {
    if (message?.kind !== "memory") return;
    void sampleMemory().then((sample) => process.send?.({ ...sample, id: message.id }));
  });
}

/** Tells the runner the port (when started by it) and prints it (when started by hand). */
export function announceReady(message: ReadyMessage): void {
  if (process.send) process.send(message);
  else process.stdout.write(`${JSON.stringify(message)}\n`);
}

// Two collections a moment apart let weak callbacks and finalizers run before the sample.
async function sampleMemory(): Promise<Omit<MemoryMessage, "id">> {
  if (gc) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
  }
  const usage = process.memoryUsage();
  const cpu = process.cpuUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    kind: "memory",
    rss: usage.rss,
    heapUsed: usage.heapUsed,
    heapTotal: usage.heapTotal,
    external: usage.external,
    gc: gc !== undefined,
  };
}
