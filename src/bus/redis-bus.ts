// The Bus port on Redis pub/sub: one channel per session, one subscriber connection per process.
import { Redis, type RedisOptions } from "ioredis";
import type { Bus, BusEvent, BusSubscriber } from "../core/index.js";
import { type BusObserver, quietBusObserver } from "./bus-observer.js";
import { decodeEnvelope, encodeEnvelope } from "./envelope.js";
import { Subscriptions } from "./subscriptions.js";

export interface RedisBusOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Namespace of the channels (`<prefix>:s:<session id>`), so deployments can share a Redis. */
  prefix: string;
  observer?: BusObserver;
  /** Wall clock for the lag stamp (ms since the epoch). */
  now?: () => number;
  /** How long one command (publish, subscribe, ping) may take before it counts as failed (ms). */
  commandTimeoutMs?: number;
}

// Never queue commands while disconnected: a publish during an outage fails at once (the
// store has the event; subscribers catch up by position), and memory does not grow with it.
const CONNECTION: RedisOptions = {
  enableOfflineQueue: false,
  // Renewed by the bus itself, so it knows when the subscriptions are live again.
  autoResubscribe: false,
  maxRetriesPerRequest: 1,
  retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
};

/**
 * Fan-out across processes through Redis. Subscriptions to one session in this process share
 * one Redis subscription (counted); a cut subscriber connection is renewed when Redis is back
 * and every subscriber is then told it may have lost events.
 */
export class RedisBus implements Bus {
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #prefix: string;
  readonly #observer: BusObserver;
  readonly #now: () => number;
  readonly #subscriptions: Subscriptions;
  /** The Redis SUBSCRIBE of each session, once sent: resolves when Redis confirms it. */
  readonly #upstream = new Map<string, Promise<unknown>>();
  #wasReady = false;
  #closed = false;
  readonly #firstReady: Promise<void>;

  constructor(options: RedisBusOptions) {
    const timeouts = { commandTimeout: options.commandTimeoutMs ?? 3000 };
    this.#publisher = new Redis(options.url, { ...CONNECTION, ...timeouts });
    this.#subscriber = new Redis(options.url, { ...CONNECTION, ...timeouts });
    this.#prefix = `${options.prefix}:s:`;
    this.#observer = options.observer ?? quietBusObserver;
    this.#now = options.now ?? Date.now;
    this.#subscriptions = new Subscriptions((error) => this.#observer.failed("message", error));
    for (const connection of [this.#publisher, this.#subscriber])
      connection.on("error", (error) => this.#observer.failed("connection", error));
    this.#subscriber.on("message", (channel: string, text: string) => this.#receive(channel, text));
    this.#subscriber.on("ready", () => this.#renew());
    this.#firstReady = Promise.all(
      [this.#publisher, this.#subscriber].map(
        (connection) => new Promise((resolve) => connection.once("ready", resolve)),
      ),
    ).then(() => undefined);
  }

  /** Resolves once both connections are first up (the server waits for it briefly). */
  ready(): Promise<void> {
    return this.#firstReady;
  }

  publish(sessionId: string, event: BusEvent): void {
    const text = encodeEnvelope({ sessionId, publishedAt: this.#now(), event });
    this.#publisher
      .publish(this.#channel(sessionId), text)
      .catch((error: unknown) => this.#observer.failed("publish", error));
  }

  async subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void> {
    if (this.#closed) throw new Error("bus closed");
    const { own } = this.#subscriptions.add(sessionId, subscriber);
    const end = () => this.#end(sessionId, own);
    try {
      await this.#live(sessionId);
    } catch (error) {
      end();
      this.#observer.failed("subscribe", error);
      throw error;
    }
    return end;
  }

  async ping(): Promise<void> {
    if (this.#subscriber.status !== "ready") throw new Error("bus subscriber not connected");
    await Promise.all([
      this.#publisher.ping(),
      // A subscriber that stopped answering without its socket closing (a silent network) is
      // dropped and reconnected, which renews the subscriptions and has every feed check.
      this.#subscriber.ping().catch((error: unknown) => {
        if (!this.#closed) this.#subscriber.disconnect(true);
        throw error;
      }),
    ]);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscriptions.clear();
    this.#upstream.clear();
    await Promise.all(
      [this.#publisher, this.#subscriber].map((connection) =>
        connection.quit().catch(() => connection.disconnect()),
      ),
    );
  }

  #channel(sessionId: string): string {
    return `${this.#prefix}${sessionId}`;
  }

  // The session's Redis subscription, sent once and shared; a failed one is forgotten.
  #live(sessionId: string): Promise<unknown> {
    let live = this.#upstream.get(sessionId);
    if (!live) {
      live = this.#subscriber.subscribe(this.#channel(sessionId));
      this.#upstream.set(sessionId, live);
      live.catch(() => {
        if (this.#upstream.get(sessionId) === live) this.#upstream.delete(sessionId);
      });
    }
    return live;
  }

  #end(sessionId: string, own: BusSubscriber): void {
    if (!this.#subscriptions.remove(sessionId, own)) return;
    this.#upstream.delete(sessionId);
    if (this.#closed || this.#subscriber.status !== "ready") return;
    // Redis runs commands of one connection in order: a later SUBSCRIBE of this session wins.
    this.#subscriber
      .unsubscribe(this.#channel(sessionId))
      .catch((error: unknown) => this.#observer.failed("subscribe", error));
  }

  #receive(channel: string, text: string): void {
    const envelope = decodeEnvelope(text);
    if (!envelope || this.#channel(envelope.sessionId) !== channel) {
      this.#observer.failed("message", new Error(`malformed bus message on ${channel}`));
      return;
    }
    this.#observer.delivered(Math.max(0, this.#now() - envelope.publishedAt) / 1000);
    this.#subscriptions.deliver(envelope.sessionId, envelope.event);
  }

  // After a reconnect the connection holds no subscriptions: renew them all, then have every
  // subscriber compare positions, since events published while it was cut are gone.
  #renew(): void {
    const first = !this.#wasReady;
    this.#wasReady = true;
    if (first || this.#closed) return;
    const sessions = this.#subscriptions.sessionIds();
    this.#upstream.clear();
    const renewed = Promise.all(sessions.map((id) => this.#live(id)));
    renewed.then(
      () => {
        this.#observer.reconnected();
        this.#subscriptions.lostAll();
      },
      // Cut again meanwhile: the next `ready` renews them.
      (error: unknown) => this.#observer.failed("subscribe", error),
    );
  }
}
