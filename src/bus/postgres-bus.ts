// The Bus port on PostgreSQL LISTEN/NOTIFY: one channel per deployment, filtered per session here.
import pg from "pg";
import type { Bus, BusEvent, BusSubscriber } from "../core/index.js";
import { type BusObserver, quietBusObserver } from "./bus-observer.js";
import { decodeEnvelope, type Envelope, encodeEnvelope, withoutFrame } from "./envelope.js";
import { Subscriptions } from "./subscriptions.js";

export interface PostgresBusOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** The NOTIFY channel (one per deployment, so deployments can share a database). */
  channel: string;
  observer?: BusObserver;
  /** Wall clock for the lag stamp (ms since the epoch). */
  now?: () => number;
  /** Longest wait between attempts to reconnect the listening connection (ms). */
  maxRetryMs?: number;
}

/** PostgreSQL refuses NOTIFY payloads of 8000 bytes or more. */
export const NOTIFY_PAYLOAD_LIMIT = 7999;
/** Notifications waiting to be sent at most (a second or two of a busy deployment). */
const MAX_OUTBOX = 10_000;
/** Notifications sent in one statement at most. */
const MAX_BATCH = 256;
const NOTIFY_ALL =
  "SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS t(payload, n) ORDER BY n";
const CHANNEL_PATTERN = /^[A-Za-z0-9_:.-]{1,63}$/;

/**
 * Fan-out across processes through PostgreSQL, so a small deployment needs nothing else. All
 * sessions share one channel: each process LISTENs once, at start, and hands each notification
 * to the session's subscribers (a subscription is live as soon as the LISTEN is). Events too big
 * for a notification travel as a reference the subscriber reads from the store. One publishing
 * connection keeps each process's notifications in publish order.
 */
export class PostgresBus implements Bus {
  readonly #options: PostgresBusOptions;
  readonly #observer: BusObserver;
  readonly #now: () => number;
  readonly #subscriptions: Subscriptions;
  #publisher: pg.Client | undefined;
  #publisherReady: Promise<pg.Client> | undefined;
  #listener: pg.Client | undefined;
  #listeningNow = false;
  #listenerCheck: Promise<void> | undefined;
  readonly #firstListen: Promise<void>;
  #markListening: () => void = () => undefined;
  /** Notifications not yet sent, in publish order. */
  #outbox: string[] = [];
  #flushing = false;
  #queue: Promise<unknown> = Promise.resolve();
  #retryMs = 50;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: PostgresBusOptions) {
    if (!CHANNEL_PATTERN.test(options.channel))
      throw new Error("bus channel: 1 to 63 letters, digits, _ : . -");
    this.#options = options;
    this.#observer = options.observer ?? quietBusObserver;
    this.#now = options.now ?? Date.now;
    this.#subscriptions = new Subscriptions((error) => this.#observer.failed("message", error));
    this.#firstListen = new Promise((resolve) => {
      this.#markListening = resolve;
    });
    void this.#listen(false);
  }

  publish(sessionId: string, event: BusEvent): void {
    const text = this.#payload({ sessionId, publishedAt: this.#now(), event });
    if (text === undefined || this.#closed) return;
    // Bounded while the database is unreachable: what cannot be sent is found by position checks.
    if (this.#outbox.length >= MAX_OUTBOX) {
      this.#observer.failed("publish", new Error("bus outbox full"));
      return;
    }
    this.#outbox.push(text);
    if (!this.#flushing) void this.#flush();
  }

  async subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void> {
    if (this.#closed) throw new Error("bus closed");
    if (!this.#listeningNow) {
      const error = new Error("bus listener not connected");
      this.#observer.failed("subscribe", error);
      throw error;
    }
    const { own } = this.#subscriptions.add(sessionId, subscriber);
    return () => {
      this.#subscriptions.remove(sessionId, own);
    };
  }

  async ping(): Promise<void> {
    const listener = this.#listener;
    if (!this.#listeningNow || !listener) throw new Error("bus listener not connected");
    // A listener that stopped answering without its socket closing (a silent network) is
    // replaced, which re-LISTENs and has every feed check. One check at a time per listener.
    this.#listenerCheck ??= listener
      .query("SELECT 1")
      .then(
        () => undefined,
        (error: unknown) => {
          this.#lostListener(listener, error);
          throw error;
        },
      )
      .finally(() => {
        this.#listenerCheck = undefined;
      });
    await this.#listenerCheck;
    // Behind the notifications being sent, so it measures them too.
    await this.#onPublisher((client) => client.query("SELECT 1")).catch((error: unknown) => {
      this.#dropPublisher();
      throw error;
    });
  }

  /** Resolves once the bus first listens (the server waits for it briefly before taking connections). */
  ready(): Promise<void> {
    return this.#firstListen;
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    this.#subscriptions.clear();
    const clients = [this.#listener, this.#publisher];
    this.#listener = undefined;
    this.#dropPublisher();
    await Promise.all(clients.map((client) => client?.end().catch(() => undefined)));
  }

  // The text to NOTIFY: the frame when it fits, else a reference; undefined when nothing fits.
  #payload(envelope: Envelope): string | undefined {
    const whole = encodeEnvelope(envelope);
    if (Buffer.byteLength(whole) <= NOTIFY_PAYLOAD_LIMIT) return whole;
    if (envelope.event.sequence !== null) return encodeEnvelope(withoutFrame(envelope));
    // A transient event lives nowhere else; there is no reference to send.
    this.#observer.failed("too_big", new Error(`transient ${envelope.event.type} over the limit`));
    return undefined;
  }

  // One statement at a time on one connection keeps publish order; whatever piled up while one
  // ran goes in the next, as one statement (NOTIFYs of a statement are delivered in order).
  async #flush(): Promise<void> {
    this.#flushing = true;
    while (this.#outbox.length > 0 && !this.#closed) {
      const batch = this.#outbox.splice(0, MAX_BATCH);
      try {
        await this.#onPublisher((client) =>
          client.query(NOTIFY_ALL, [this.#options.channel, batch]),
        );
      } catch (error) {
        // Lost here, found by the subscribers' position checks: the store has them. What
        // piled up behind a failed connection would only fail too.
        this.#outbox.length = 0;
        this.#observer.failed("publish", error);
        this.#dropPublisher();
      }
    }
    this.#flushing = false;
  }

  // Statements on the publishing connection, one after the other (pg clients take one at a time).
  #onPublisher<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
    const next = this.#queue.then(async () => task(await this.#publishing()));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  #publishing(): Promise<pg.Client> {
    if (this.#closed) return Promise.reject(new Error("bus closed"));
    if (!this.#publisherReady) {
      const client = this.#client();
      this.#publisher = client;
      client.on("error", (error) => {
        this.#observer.failed("connection", error);
        if (this.#publisher === client) this.#dropPublisher();
      });
      const ready = client.connect().then(() => client);
      this.#publisherReady = ready;
      ready.catch(() => {
        if (this.#publisherReady === ready) this.#dropPublisher();
      });
    }
    return this.#publisherReady;
  }

  #dropPublisher(): void {
    const client = this.#publisher;
    this.#publisher = undefined;
    this.#publisherReady = undefined;
    client?.end().catch(() => undefined);
  }

  #client(): pg.Client {
    return new pg.Client({
      connectionString: this.#options.url,
      connectionTimeoutMillis: 3000,
      query_timeout: 3000,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
  }

  // Connects the listening connection and LISTENs; on any loss, retries with backoff.
  async #listen(again: boolean): Promise<void> {
    const client = this.#client();
    client.on("notification", (message) => this.#receive(message.payload));
    client.on("error", (error) => this.#lostListener(client, error));
    client.on("end", () => this.#lostListener(client, new Error("bus listener closed")));
    this.#listener = client;
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#options.channel)}`);
    } catch (error) {
      this.#lostListener(client, error);
      return;
    }
    if (this.#closed || this.#listener !== client) return;
    this.#listeningNow = true;
    this.#markListening();
    this.#retryMs = 50;
    if (!again) return;
    this.#observer.reconnected();
    this.#subscriptions.lostAll();
  }

  #lostListener(client: pg.Client, error: unknown): void {
    if (this.#listener !== client || this.#closed) return;
    this.#listener = undefined;
    this.#listeningNow = false;
    this.#observer.failed("connection", error);
    client.end().catch(() => undefined);
    const wait = this.#retryMs;
    this.#retryMs = Math.min(wait * 2, this.#options.maxRetryMs ?? 2000);
    this.#retry = setTimeout(() => void this.#listen(true), wait);
    this.#retry.unref();
  }

  #receive(text: string | undefined): void {
    const envelope = text === undefined ? undefined : decodeEnvelope(text);
    if (!envelope) {
      this.#observer.failed("message", new Error("malformed bus notification"));
      return;
    }
    this.#observer.delivered(Math.max(0, this.#now() - envelope.publishedAt) / 1000);
    this.#subscriptions.deliver(envelope.sessionId, envelope.event);
  }
}
