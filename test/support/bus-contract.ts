// The Bus port's contract (src/core/ports.ts), run against every adapter.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Bus, BusEvent, BusSubscriber } from "../../src/core/index.js";
import { until } from "./fake-clock.js";

/** Two buses on one backend, as two processes would hold them. */
export interface BusPair {
  /** Publishes. */
  publisher: Bus;
  /** Subscribes; when `outage` is given, its connections go through a proxy that can be cut. */
  subscriber: Bus;
  outage?: { cut(): void; restore(): void };
  close(): Promise<void>;
}

/** What one subscription heard. */
interface Heard {
  events: BusEvent[];
  losses: number;
  subscriber: BusSubscriber;
}

function listener(): Heard {
  const heard: Heard = {
    events: [],
    losses: 0,
    subscriber: {
      event: (event) => heard.events.push(event),
      lost: () => {
        heard.losses += 1;
      },
    },
  };
  return heard;
}

const transient = (text: string): BusEvent => ({
  sequence: null,
  type: "EVENT_TYPE_POLY_AGENT_THINKING",
  frame: JSON.stringify({ type: "EVENT_TYPE_POLY_AGENT_THINKING", text }),
});

const durable = (sequence: number, frame = `{"sequence":${sequence}}`): BusEvent => ({
  sequence,
  type: "EVENT_TYPE_USER_MESSAGE",
  frame,
});

/** Runs the Bus contract against the buses `open` makes. */
export function describeBusContract(name: string, open: () => Promise<BusPair>): void {
  describe(`Bus contract: ${name}`, () => {
    let pair: BusPair;
    beforeEach(async () => {
      pair = await open();
    });
    afterEach(async () => {
      await pair.close();
    });

    it("delivers an event published right after subscribe resolves, every time", async () => {
      const heard = Array.from({ length: 20 }, () => listener());
      for (const [index, h] of heard.entries()) {
        const session = randomUUID();
        await pair.subscriber.subscribe(session, h.subscriber);
        pair.publisher.publish(session, durable(index + 1));
      }
      await until(() => heard.every((h) => h.events.length === 1), "every first event");
      expect(heard.map((h) => h.events[0]?.sequence)).toEqual(heard.map((_, i) => i + 1));
    });

    it("delivers one publisher's events of a session in publish order, each once", async () => {
      const session = randomUUID();
      const heard = listener();
      await pair.subscriber.subscribe(session, heard.subscriber);
      for (let sequence = 1; sequence <= 300; sequence++)
        pair.publisher.publish(session, durable(sequence));
      await until(() => heard.events.length >= 300, "300 events");
      expect(heard.events.map((e) => e.sequence)).toEqual(
        Array.from({ length: 300 }, (_, i) => i + 1),
      );
      expect(heard.events[7]).toEqual(durable(8));
    });

    it("tells a subscriber only its own session's events", async () => {
      const [one, two] = [randomUUID(), randomUUID()];
      const [heardOne, heardTwo] = [listener(), listener()];
      await pair.subscriber.subscribe(one, heardOne.subscriber);
      await pair.subscriber.subscribe(two, heardTwo.subscriber);
      pair.publisher.publish(two, durable(1, '{"for":"two"}'));
      pair.publisher.publish(one, durable(1, '{"for":"one"}'));
      await until(() => heardOne.events.length + heardTwo.events.length === 2, "both events");
      expect(heardOne.events.map((e) => e.frame)).toEqual(['{"for":"one"}']);
      expect(heardTwo.events.map((e) => e.frame)).toEqual(['{"for":"two"}']);
    });

    it("carries transient events with their frame", async () => {
      const session = randomUUID();
      const heard = listener();
      await pair.subscriber.subscribe(session, heard.subscriber);
      pair.publisher.publish(session, transient('é\t\n"quoted" ✓'));
      await until(() => heard.events.length === 1, "the transient event");
      expect(heard.events[0]).toEqual(transient('é\t\n"quoted" ✓'));
    });

    it("carries a durable event too big for its messages whole or as a reference", async () => {
      const session = randomUUID();
      const heard = listener();
      await pair.subscriber.subscribe(session, heard.subscriber);
      const big = durable(1, JSON.stringify({ text: "ü".repeat(60_000) }));
      pair.publisher.publish(session, big);
      pair.publisher.publish(session, durable(2));
      await until(() => heard.events.length === 2, "both events");
      const [first] = heard.events;
      expect(first?.sequence).toBe(1);
      expect(first?.type).toBe(big.type);
      expect([big.frame, null]).toContain(first?.frame);
    });

    it("keeps subscriptions to one session independent, and ends each exactly once", async () => {
      const session = randomUUID();
      const [first, second] = [listener(), listener()];
      const endFirst = await pair.subscriber.subscribe(session, first.subscriber);
      const endSecond = await pair.subscriber.subscribe(session, second.subscriber);
      pair.publisher.publish(session, durable(1));
      await until(() => first.events.length === 1 && second.events.length === 1, "both hear 1");
      endFirst();
      endFirst();
      pair.publisher.publish(session, durable(2));
      await until(() => second.events.length === 2, "the second hears 2");
      expect(first.events.map((e) => e.sequence)).toEqual([1]);
      endSecond();
      const again = listener();
      await pair.subscriber.subscribe(session, again.subscriber);
      pair.publisher.publish(session, durable(3));
      await until(() => again.events.length === 1, "a new subscription hears 3");
      expect(first.events.length + second.events.length).toBe(3);
    });

    it("subscribes the same subscriber twice as two subscriptions", async () => {
      const session = randomUUID();
      const heard = listener();
      const end = await pair.subscriber.subscribe(session, heard.subscriber);
      await pair.subscriber.subscribe(session, heard.subscriber);
      end();
      pair.publisher.publish(session, durable(1));
      await until(() => heard.events.length === 1, "one delivery");
      pair.publisher.publish(session, durable(2));
      await until(() => heard.events.length === 2, "the next delivery");
      expect(heard.events.map((e) => e.sequence)).toEqual([1, 2]);
    });

    it("answers ping while up, and refuses subscribe and ping once closed", async () => {
      await pair.subscriber.ping();
      await pair.publisher.ping();
      const session = randomUUID();
      await pair.subscriber.close();
      await expect(pair.subscriber.subscribe(session, listener().subscriber)).rejects.toThrow();
      await expect(pair.subscriber.ping()).rejects.toThrow();
    });

    it("after an outage: ping fails, subscribing fails, then both recover and subscribers hear lost", async (context) => {
      const outage = pair.outage;
      if (!outage) {
        context.skip();
        return;
      }
      const session = randomUUID();
      const heard = listener();
      await pair.subscriber.subscribe(session, heard.subscriber);
      outage.cut();
      await untilRejects(() => pair.subscriber.ping(), "ping to fail");
      await expect(
        pair.subscriber.subscribe(randomUUID(), listener().subscriber),
      ).rejects.toThrow();
      pair.publisher.publish(session, durable(1));
      outage.restore();
      await until(() => heard.losses === 1, "the subscriber to hear it lost events", 10_000);
      await pair.subscriber.ping();
      pair.publisher.publish(session, durable(2));
      await until(() => heard.events.some((e) => e.sequence === 2), "an event after the outage");
      const later = listener();
      await pair.subscriber.subscribe(randomUUID(), later.subscriber);
    });
  });
}

/** Resolves once `call` rejects; each try is real I/O, bounded in real time so a broken bus fails clearly. */
async function untilRejects(call: () => Promise<unknown>, what: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    const failed = await call().then(
      () => false,
      () => true,
    );
    if (failed) return;
    if (Date.now() - started > 10_000) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
