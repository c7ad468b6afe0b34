// Hubs standing in for processes in one test process: each its own store connection on one SQLite
// file and its own bus, sharing durable timers, shut down after each test.
import { MemoryTimerTable } from "../../src/coordination/index.js";
import type { AgentFactory, Bus, Clock, Store } from "../../src/core/index.js";
import { SessionHub } from "../../src/core/index.js";
import { createSqliteStore } from "../../src/store/index.js";
import { fakeScheduler } from "./fake-scheduler.js";

/** Hub settings with fast streaming and limits no test reaches. */
export const HUB_SETTINGS = {
  sessionTimeoutMs: 3_600_000,
  retentionMs: 3_600_000,
  messagesPerSecond: 1000,
  messageBurst: 1000,
  deskGraceMs: 1000,
  agentCacheMs: 1000,
  streamWordsPerChunk: 2,
  streamChunkDelayMs: 0,
  thinkingIntervalMs: 8000,
};

/** Opens hubs as separate processes would be; `close` shuts them and their stores down. */
export class HubProcesses {
  readonly #opened: { hub: SessionHub; store: Store }[] = [];

  /** One hub per bus on `file`, not yet started. */
  open(file: string, buses: readonly Bus[], clock: Clock, agents: AgentFactory): SessionHub[] {
    const timers = new MemoryTimerTable();
    return buses.map((bus) => {
      const store = createSqliteStore({ file });
      const hub = new SessionHub({
        store,
        bus,
        clock,
        agents,
        settings: HUB_SETTINGS,
        scheduler: fakeScheduler(clock, timers),
      });
      this.#opened.push({ hub, store });
      return hub;
    });
  }

  async close(): Promise<void> {
    for (const { hub, store } of this.#opened.splice(0)) {
      await hub.shutdown(1000);
      await store.close();
    }
  }
}
