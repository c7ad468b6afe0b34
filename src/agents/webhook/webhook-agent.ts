// The webhook agent: each event goes to the company's bot, whose answer comes inline, streamed or later.
import type {
  Agent,
  AgentContext,
  AgentNotice,
  AgentPart,
  AgentSessionView,
  Clock,
  TurnPolicy,
} from "../../core/ports.js";
import { messageParts } from "../message-content.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import type { WebhookDefinition, WebhookFallback } from "./definition.js";
import { eventType, webhookEventBody } from "./event-payload.js";
import { ndjsonParts } from "./ndjson-parts.js";
import { CIRCUIT_OPEN, type WebhookAnswer, WebhookClient } from "./webhook-client.js";
import type {
  WebhookFallbackAction,
  WebhookFallbackReason,
  WebhookObserver,
} from "./webhook-observer.js";
import { readInlineAnswer } from "./wire.js";

/** What a webhook agent needs from the process. */
export interface WebhookRuntime {
  clock: Clock;
  /** Environment variables, for `secret_env`. */
  env: Readonly<Record<string, string | undefined>>;
  /** Reports what the user is not told in detail (a bot down, a bad answer); never secrets or text. */
  warn(fields: Record<string, unknown>, message: string): void;
  /** Where requests, retries, the breaker and fallbacks are counted. */
  observer: WebhookObserver;
  /** The agent's name in metrics (its id). */
  label: string;
}

/** Time kept back from the deadline for the fallback: a tenth of it, at most one second. */
function fallbackReserveMs(policy: TurnPolicy): number {
  return Math.min(1000, Math.floor(policy.deadlineMs / 10));
}

/** What the fallback gives the user: its message, a handoff, both, or (neither set) the spec's error. */
function fallbackAction(message: unknown, canHandOff: boolean): WebhookFallbackAction {
  if (message !== null) return canHandOff ? "message_and_handoff" : "message";
  return canHandOff ? "handoff" : "error";
}

/** An agent whose answers come from the company's HTTP endpoint. */
export class WebhookAgent implements Agent {
  readonly name: string;
  readonly avatarUrl: string;
  readonly policy: TurnPolicy;
  readonly #client: WebhookClient;
  readonly #breaker: CircuitBreaker;
  readonly #fallback: WebhookFallback;
  readonly #runtime: WebhookRuntime;

  constructor(definition: WebhookDefinition, runtime: WebhookRuntime) {
    this.name = definition.name;
    this.avatarUrl = definition.avatarUrl;
    this.policy = definition.policy;
    this.#fallback = definition.fallback;
    this.#runtime = runtime;
    this.#breaker = new CircuitBreaker(definition.breaker, runtime.clock.now);
    const source = definition.secret;
    const secret = "env" in source ? (runtime.env[source.env] ?? "") : source.secret;
    this.#client = new WebhookClient(
      {
        url: definition.url,
        secret: secret === "" ? null : secret,
        secretProblem: "env" in source ? `environment variable ${source.env} is not set` : "",
        headers: definition.headers,
        timeoutMs: definition.timeoutMs,
        retries: definition.retries,
        backoffMs: definition.backoffMs,
      },
      this.#breaker,
      runtime.clock,
      { observer: runtime.observer, label: runtime.label },
    );
    runtime.observer.breaker(runtime.label, () => this.#breaker.state);
  }

  /** Sends the event; yields the bot's answer, or the fallback when the bot cannot answer. */
  async *turn(context: AgentContext): AsyncIterable<AgentPart> {
    const answer = await this.#client.send({
      event: eventType(context.trigger),
      id: context.key,
      body: JSON.stringify(
        webhookEventBody(context, {
          id: context.key,
          what: context.trigger,
          now: this.#runtime.clock.now(),
          deadline: context.deadline,
          defaultLanguage: this.policy.defaultLanguage,
        }),
      ),
      signal: context.signal,
      giveUpAt: context.deadline - fallbackReserveMs(this.policy),
    });
    switch (answer.kind) {
      case "json":
        return yield* this.#inline(answer.body, context);
      case "stream":
        return yield* this.#streamed(answer, context);
      case "accepted":
        return yield* context.pushedReply();
      case "failed":
        this.#warn(context, answer.detail, answer.attempts);
        return yield* this.#fallbackParts(
          context,
          answer.detail === CIRCUIT_OPEN ? "circuit_open" : "failed",
        );
      default:
        return;
    }
  }

  /** Tells the bot the session ended (retried like a turn; the answer is ignored). */
  async notify(notice: AgentNotice, view: AgentSessionView): Promise<void> {
    const clock = this.#runtime.clock;
    const controller = new AbortController();
    const timer = clock.setTimeout(() => controller.abort(), this.policy.deadlineMs);
    try {
      const answer = await this.#client.send({
        event: eventType(notice),
        id: notice.key,
        body: JSON.stringify(
          webhookEventBody(view, {
            id: notice.key,
            what: notice,
            now: clock.now(),
            deadline: null,
            defaultLanguage: this.policy.defaultLanguage,
          }),
        ),
        signal: controller.signal,
        giveUpAt: clock.now() + this.policy.deadlineMs,
      });
      if (answer.kind === "stream") {
        await answer.body.cancel().catch(() => undefined);
        answer.done();
      }
      if (answer.kind === "failed") {
        this.#runtime.warn(
          { sessionId: view.sessionId, event: notice.type, attempts: answer.attempts },
          `webhook bot did not take the event: ${answer.detail}`,
        );
      }
    } finally {
      timer.cancel();
    }
  }

  *#inline(body: unknown, context: AgentContext): Iterable<AgentPart> {
    const read = readInlineAnswer(body);
    if (read.ok) return yield* read.value;
    this.#warn(context, `invalid answer: ${read.problems.join("; ")}`, 1);
    yield* this.#fallbackParts(context, "invalid_answer");
  }

  async *#streamed(
    answer: Extract<WebhookAnswer, { kind: "stream" }>,
    context: AgentContext,
  ): AsyncIterable<AgentPart> {
    try {
      for await (const item of ndjsonParts(answer.body)) {
        if (item.type !== "problem") {
          yield item;
          continue;
        }
        if (context.signal.aborted) return;
        this.#warn(context, item.detail, answer.attempts);
        if (item.partsBefore === 0) return yield* this.#fallbackParts(context, "stream_failed");
        return yield { type: "failure", kind: "broken_stream", detail: item.detail };
      }
    } finally {
      await answer.body.cancel().catch(() => undefined);
      answer.done();
    }
  }

  /** The definition's fallback; without one, a failure the core tells with the spec's text. */
  *#fallbackParts(context: AgentContext, reason: WebhookFallbackReason): Iterable<AgentPart> {
    const { message, handoff } = this.#fallback;
    // After a failed handoff, handing off again would only bring the agent back once more.
    const canHandOff = handoff !== null && context.trigger.type !== "rejoin";
    this.#runtime.observer.fallback(
      this.#runtime.label,
      reason,
      fallbackAction(message, canHandOff),
    );
    if (message === null && !canHandOff) {
      yield { type: "failure", kind: "unavailable", detail: "webhook bot unavailable" };
      return;
    }
    if (message !== null) yield* messageParts(message);
    if (canHandOff) yield { type: "action", action: { ...handoff } };
  }

  #warn(context: AgentContext, detail: string, attempts: number): void {
    this.#runtime.warn(
      {
        sessionId: context.sessionId,
        event: context.trigger.type,
        key: context.key,
        attempts,
        circuit: this.#breaker.state,
      },
      `webhook bot failed: ${detail}`,
    );
  }
}
