// Prometheus metrics: connections, sessions by state, events in/out by type, store latency.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { DeskObserver, HubObserver, Store } from "../core/index.js";
import { ratingMetrics } from "./rating-metrics.js";

/** The server's metric registry and the hooks that feed it. */
export class Metrics {
  readonly registry = new Registry();
  readonly #connections = new Gauge({
    name: "switchboard_connections",
    help: "Open client WebSocket connections.",
    registers: [this.registry],
  });
  readonly #eventsIn = new Counter({
    name: "switchboard_events_in_total",
    help: "Client events received, by type (invalid frames as type=invalid).",
    labelNames: ["type"],
    registers: [this.registry],
  });
  readonly #eventsOut = new Counter({
    name: "switchboard_events_out_total",
    help: "Frames sent to clients, by event type.",
    labelNames: ["type"],
    registers: [this.registry],
  });
  readonly storeSeconds = new Histogram({
    name: "switchboard_store_seconds",
    help: "Latency of store operations.",
    labelNames: ["operation"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });

  readonly #handoffs = new Counter({
    name: "switchboard_handoff_outcomes_total",
    help: "Server-managed handoffs by outcome: accepted, failed, timed_out, abandoned.",
    labelNames: ["outcome"],
    registers: [this.registry],
  });
  readonly #waits = new Histogram({
    name: "switchboard_handoff_wait_seconds",
    help: "How long users waited in a queue before a live agent accepted.",
    labelNames: ["queue"],
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200],
    registers: [this.registry],
  });
  #queueLengths: () => Map<string, number> = () => new Map();
  #outbound: () => { waitingBytes: number; shedTotal: number } = () => ({
    waitingBytes: 0,
    shedTotal: 0,
  });

  /** Reads queue lengths at scrape time. */
  watchQueues(lengths: () => Map<string, number>): void {
    this.#queueLengths = lengths;
  }

  /** Reads the outbound budget (bytes waiting for slow readers, sockets shed) at scrape time. */
  watchOutbound(read: () => { waitingBytes: number; shedTotal: number }): void {
    this.#outbound = read;
  }

  /** The desk's observer: handoff outcomes and waits. */
  readonly deskObserver: DeskObserver = {
    outcome: (outcome) => this.#handoffs.inc({ outcome }),
    waited: (queue, seconds) => this.#waits.observe({ queue }, seconds),
  };

  constructor(store: Store) {
    ratingMetrics(this.registry, store);
    const lengths = () => this.#queueLengths();
    new Gauge({
      name: "switchboard_queue_length",
      help: "Conversations waiting for a live agent, by queue.",
      labelNames: ["queue"],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [queue, length] of lengths()) this.set({ queue }, length);
      },
    });
    collectDefaultMetrics({ register: this.registry, prefix: "switchboard_process_" });
    const outbound = () => this.#outbound();
    new Gauge({
      name: "switchboard_outbound_waiting_bytes",
      help: "Bytes sent to WebSocket clients and not yet read by them (an upper bound).",
      registers: [this.registry],
      collect() {
        this.set(outbound().waitingBytes);
      },
    });
    new Gauge({
      name: "switchboard_slow_consumers_shed_total",
      help: "WebSockets closed with 1013 for reading too slowly (own cap or the process budget).",
      registers: [this.registry],
      collect() {
        this.set(outbound().shedTotal);
      },
    });
    new Gauge({
      name: "switchboard_sessions",
      help: "Stored sessions by state.",
      labelNames: ["state"],
      registers: [this.registry],
      async collect() {
        const counts = await store.countSessionsByState();
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
  }

  /** The hub's observer, counting events and connections. */
  readonly observer: HubObserver = {
    eventSent: (type) => this.#eventsOut.inc({ type }),
    eventReceived: (type) => this.#eventsIn.inc({ type }),
    connectionsChanged: (delta) => this.#connections.inc(delta),
  };
}
