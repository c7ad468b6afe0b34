// Output an agent's backend pushes into a session from outside: to the turn awaiting it, or a turn of its own.
import { PartChannel } from "./part-channel.js";
import type { AgentPart, TurnOutcome } from "./ports.js";

/** How a push is routed and finished. */
export interface PushOptions {
  /**
   * The key of the turn these parts answer (the id of the event a webhook bot was sent). Absent:
   * the turn awaiting a pushed reply, if one is, else a delivery of their own.
   */
  replyTo?: string;
  /** The answer is complete: the turn (or delivery) finishes once it has read these parts. */
  complete: boolean;
  /** The pusher's idempotency key: a push repeated with the same id is applied once. */
  id?: string;
}

/** Why a push was not accepted. */
export type PushRefusal = "session_not_found" | "session_ended" | "agent_not_in_session";

/** Where a push went. */
export type PushResult =
  | {
      ok: true;
      /** The key of the turn (or delivery) that carries the parts. */
      key: string;
      /** Its outcome, when the push completed it; null while more parts may follow. */
      outcome: Promise<TurnOutcome> | null;
    }
  | { ok: false; refusal: PushRefusal };

/** Starts a turn of its own for pushed parts (queued behind the session's other turns). */
export type Deliver = (key: string, parts: AsyncIterable<AgentPart>) => Promise<TurnOutcome>;

interface Reply {
  key: string;
  channel: PartChannel;
  /** Whether the turn reads it (its agent asked for the pushed reply). */
  read: boolean;
}

interface Delivery {
  key: string;
  /** The turn key its parts answer, when they answer one that was over before they came. */
  replyTo: string | undefined;
  channel: PartChannel;
  outcome: Promise<TurnOutcome>;
}

/** Pushes remembered per session for idempotency. */
const RECENT_PUSHES = 64;

/**
 * One session's inbox for pushed agent output. A push that names the running turn (or comes
 * while a turn awaits its pushed reply) joins that turn, even when it arrives before the turn
 * asked for it (a bot that answers `202` and pushes at once can beat its own `202`). Anything else
 * becomes a delivery: a turn of its own that later pushes extend until one completes it. Parts
 * pushed for a turn that then answered without reading them are delivered on their own.
 */
export class AgentInbox {
  readonly #deliver: Deliver;
  readonly #newKey: () => string;
  #reply: Reply | undefined;
  #delivery: Delivery | undefined;
  readonly #recent = new Map<string, PushResult>();

  constructor(deliver: Deliver, newKey: () => string) {
    this.#deliver = deliver;
    this.#newKey = newKey;
  }

  /** The parts pushed for turn `key`, for its `pushedReply()`: those already pushed, then the rest. */
  replyFor(key: string): AsyncIterable<AgentPart> {
    if (this.#reply?.key !== key) this.#reply = { key, channel: new PartChannel(), read: true };
    this.#reply.read = true;
    return this.#reply.channel;
  }

  /** Turn `key` is over; parts pushed for it that it never read become a delivery. */
  turnEnded(key: string): void {
    const reply = this.#reply;
    if (reply?.key !== key) return;
    this.#reply = undefined;
    if (reply.read) {
      reply.channel.end();
      return;
    }
    if (!reply.channel.isEmpty || !reply.channel.ended) this.#startDelivery(reply.channel, key);
  }

  /** A push seen before under `id`, if any. */
  repeated(id: string | undefined): PushResult | undefined {
    return id === undefined ? undefined : this.#recent.get(id);
  }

  /**
   * Routes `parts` (see the class comment). `runningKey` is the key of the turn running now;
   * `outcomeOf` finds a turn's outcome by key.
   */
  push(
    parts: readonly AgentPart[],
    options: PushOptions,
    runningKey: string | undefined,
    outcomeOf: (key: string) => Promise<TurnOutcome> | undefined,
  ): PushResult {
    const reply = this.#replyTarget(options.replyTo, runningKey);
    const target = reply ?? this.#deliveryFor(options.replyTo);
    for (const part of parts) target.channel.push(part);
    let outcome: Promise<TurnOutcome> | null = null;
    if (options.complete) {
      target.channel.end();
      if (target === this.#delivery) this.#delivery = undefined;
      outcome = reply ? (outcomeOf(reply.key) ?? null) : (target as Delivery).outcome;
    }
    const result: PushResult = { ok: true, key: target.key, outcome };
    if (options.id !== undefined) this.#remember(options.id, result);
    return result;
  }

  #replyTarget(replyTo: string | undefined, runningKey: string | undefined): Reply | undefined {
    const reply = this.#reply;
    if (replyTo === undefined) return reply?.read ? reply : undefined;
    if (reply?.key === replyTo) return reply;
    if (replyTo !== runningKey || this.#delivery?.key === replyTo) return undefined;
    // The running turn has not asked for its pushed reply yet (or answers without it).
    this.#reply = { key: replyTo, channel: new PartChannel(), read: false };
    return this.#reply;
  }

  #deliveryFor(replyTo: string | undefined): Delivery {
    const open = this.#delivery;
    if (open && (replyTo === undefined || replyTo === open.key || replyTo === open.replyTo)) {
      return open;
    }
    return this.#startDelivery(new PartChannel(), replyTo);
  }

  #startDelivery(channel: PartChannel, replyTo: string | undefined): Delivery {
    const key = this.#newKey();
    const delivery: Delivery = { key, replyTo, channel, outcome: this.#deliver(key, channel) };
    if (!channel.ended) this.#delivery = delivery;
    delivery.outcome.finally(() => {
      if (this.#delivery === delivery) this.#delivery = undefined;
    });
    return delivery;
  }

  #remember(id: string, result: PushResult): void {
    this.#recent.set(id, result);
    if (this.#recent.size > RECENT_PUSHES) {
      this.#recent.delete(this.#recent.keys().next().value as string);
    }
  }
}
