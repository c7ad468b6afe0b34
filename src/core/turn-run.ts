// Runs one agent turn: THINKING, the deadline, reading the agent's parts into messages, then
// the actions; every way it can end becomes a TurnOutcome value.
import { protocolError, type SocketErrorCode } from "../protocol/index.js";
import type { AgentInbox } from "./agent-inbox.js";
import type { EventFactory } from "./event-factory.js";
import type { LiveSession } from "./live-session.js";
import { MessageWriter } from "./message-writer.js";
import type {
  Agent,
  AgentAction,
  AgentContext,
  AgentPart,
  Clock,
  TurnLease,
  TurnOutcome,
  TurnStop,
  TurnTrigger,
} from "./ports.js";

export interface TurnSettings {
  streamWordsPerChunk: number;
  streamChunkDelayMs: number;
  thinkingIntervalMs: number;
}

type HandoffAction = Extract<AgentAction, { type: "handoff" }>;

/** Where a handoff went; null when it did not happen (refused, or no live agent). */
export type HandoffResult = { destination: string; reason: string } | null;

export interface TurnRunDeps {
  clock: Clock;
  events: EventFactory;
  settings: TurnSettings;
  /** Carries out a handoff the agent asked for. */
  handoff(session: LiveSession, action: HandoffAction): Promise<HandoffResult>;
  /** Reports unexpected failures (store outages, bugs); the user is told the spec's text. */
  onError?(error: unknown, context: string): void;
}

/** The turn producing output in a session, as the session sees it. */
export interface RunningTurn {
  readonly key: string;
  /** Whether a newer user message may interrupt it. */
  readonly interruptible: boolean;
  stop(reason: TurnStop): void;
}

/** Where a turn's parts come from: the agent's own `turn`, or a caller's stream. */
export type PartSource = (context: AgentContext) => AsyncIterable<AgentPart>;

/** What a turn is about: its key, what it answers, and its context without the turn's own parts. */
export interface TurnJob {
  key: string;
  trigger: TurnTrigger;
  context: Omit<AgentContext, "signal" | "deadline" | "pushedReply">;
  deadlineMs: number;
  /** Where the session's pushed agent output goes (`pushedReply()` reads this turn's). */
  inbox: AgentInbox;
  /** This runner's hold on the turn, renewed while it runs. */
  hold: TurnHold;
}

/** A turn's lease and what to do with it. */
export interface TurnHold {
  lease: TurnLease;
  leaseMs: number;
  /**
   * The turn ended: `finished` (the lease is finished) unless the turn was given up, because
   * the process is shutting down or the lease was lost; then another runner takes it over.
   */
  ended(finished: boolean): Promise<void>;
  /** The lease could not be renewed: another runner has the turn now. */
  lost(): void;
}

/** Runs one turn to its outcome. Never rejects. */
export async function runTurn(
  session: LiveSession,
  agent: Agent,
  job: TurnJob,
  source: PartSource,
  deps: TurnRunDeps,
): Promise<TurnOutcome> {
  const turn = new Turn(session, agent, job, deps);
  return turn.run(source);
}

const STOPPED = Symbol("stopped");

/** One turn's state; lives for the duration of `run`. */
class Turn {
  readonly #session: LiveSession;
  readonly #agent: Agent;
  readonly #job: TurnJob;
  readonly #deps: TurnRunDeps;
  readonly #controller = new AbortController();
  readonly #sent: { messageId: string; text: string }[] = [];
  #thinking: { cancel(): void } | undefined;
  #renewing: { cancel(): void } | undefined;
  #lost = false;
  #writer: MessageWriter | undefined;
  /** `message_end` came: the open message closes before the next content (or at the end). */
  #closeRequested = false;
  #pendingLanguage: string | undefined;
  #end = false;
  #handoff: HandoffAction | undefined;
  #failure: Extract<AgentPart, { type: "failure" }> | undefined;

  constructor(session: LiveSession, agent: Agent, job: TurnJob, deps: TurnRunDeps) {
    this.#session = session;
    this.#agent = agent;
    this.#job = job;
    this.#deps = deps;
  }

  async run(source: PartSource): Promise<TurnOutcome> {
    const { clock } = this.#deps;
    const signal = this.#controller.signal;
    const running: RunningTurn = {
      key: this.#job.key,
      interruptible: this.#job.trigger.type === "message" || this.#job.trigger.type === "continue",
      stop: (reason) => this.#controller.abort(reason),
    };
    this.#session.running = running;
    const timer = clock.setTimeout(() => running.stop("deadline"), this.#job.deadlineMs);
    this.#startRenewing(running);
    this.#startThinking();
    const { key, inbox } = this.#job;
    const context: AgentContext = {
      ...this.#job.context,
      signal,
      deadline: clock.now() + this.#job.deadlineMs,
      pushedReply: () => inbox.replyFor(key),
    };
    let thrown = false;
    try {
      await this.#read(source(context));
    } catch (error) {
      thrown = true;
      if (!signal.aborted) this.#deps.onError?.(error, "agent turn");
    } finally {
      timer.cancel();
      this.#renewing?.cancel();
      // In the same tick: a push naming this key from now on is not this turn's any more.
      if (this.#session.running === running) this.#session.running = undefined;
      inbox.turnEnded(key);
    }
    const stop = signal.aborted ? (signal.reason as TurnStop) : null;
    try {
      return await this.#finish(stop, thrown);
    } catch (error) {
      this.#deps.onError?.(error, "agent turn");
      const code = this.#unavailableCode();
      this.#tell(code);
      return this.#outcome("failed", code);
    } finally {
      this.#stopThinking();
      // Given up (shutdown, lease lost): the lease runs out and another runner takes the turn over.
      const finished = stop !== "shutdown" && !this.#lost;
      await this.#job.hold
        .ended(finished)
        .catch((error: unknown) => this.#deps.onError?.(error, "turn lease"));
    }
  }

  // Renews the lease a few times per lease length; a refused renewal means another runner took over.
  #startRenewing(running: RunningTurn): void {
    const { clock } = this.#deps;
    const { lease, leaseMs } = this.#job.hold;
    this.#renewing = clock.setInterval(
      () => {
        lease.renew(clock.now()).then(
          (held) => {
            if (held || this.#lost) return;
            this.#lost = true;
            this.#job.hold.lost();
            running.stop("shutdown");
          },
          (error: unknown) => this.#deps.onError?.(error, "turn lease"),
        );
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
  }

  async #read(parts: AsyncIterable<AgentPart>): Promise<void> {
    const signal = this.#controller.signal;
    const stopped = new Promise<typeof STOPPED>((resolve) => {
      if (signal.aborted) resolve(STOPPED);
      signal.addEventListener("abort", () => resolve(STOPPED), { once: true });
    });
    const iterator = parts[Symbol.asyncIterator]();
    try {
      while (!signal.aborted) {
        const next = iterator.next();
        // The losing side of the race must not become an unhandled rejection.
        next.catch(() => undefined);
        const result = await Promise.race([next, stopped]);
        if (result === STOPPED || result.done) return;
        await this.#apply(result.value);
        if (this.#failure) return;
      }
    } finally {
      // Not awaited: an agent that ignores its signal must not hold the session.
      Promise.resolve()
        .then(() => iterator.return?.())
        .catch(() => undefined);
    }
  }

  async #apply(part: AgentPart): Promise<void> {
    switch (part.type) {
      case "text":
        if (part.text === "") return;
        await (await this.#open()).addText(part.text, () => !this.#controller.signal.aborted);
        return;
      case "attachment":
        (await this.#open()).addAttachment(part.attachment);
        return;
      case "suggestions":
        (await this.#open()).setSuggestions(part.suggestions);
        return;
      case "message_end":
        if (this.#writer) this.#closeRequested = true;
        return;
      case "action":
        return this.#action(part.action);
      case "failure":
        this.#failure = part;
        return;
    }
  }

  async #action(action: AgentAction): Promise<void> {
    if (action.type === "end") this.#end = true;
    else if (action.type === "handoff") this.#handoff = action;
    else if (this.#writer?.hasContent) this.#pendingLanguage = action.language_code;
    else await this.#changeLanguage(action.language_code);
  }

  /** The open message, or a new one after closing the previous one. */
  async #open(): Promise<MessageWriter> {
    if (this.#writer && !this.#closeRequested) return this.#writer;
    await this.#closeWriter(false);
    const { settings, clock, events } = this.#deps;
    this.#writer = new MessageWriter(this.#session, {
      agentName: this.#agent.name,
      avatarUrl: this.#agent.avatarUrl,
      wordsPerChunk: settings.streamWordsPerChunk,
      chunkDelayMs: settings.streamChunkDelayMs,
      clock,
      newId: () => events.id(),
      onFirstOutput: () => this.#stopThinking(),
      begin: (messageId) => this.#job.hold.lease.begin(messageId),
    });
    return this.#writer;
  }

  async #closeWriter(endConversation: boolean): Promise<void> {
    const writer = this.#writer;
    this.#writer = undefined;
    this.#closeRequested = false;
    if (writer && (await writer.close(endConversation))) {
      this.#sent.push({ messageId: writer.messageId, text: writer.text });
    }
    const language = this.#pendingLanguage;
    this.#pendingLanguage = undefined;
    if (language !== undefined) await this.#changeLanguage(language);
  }

  async #finish(stop: TurnStop | null, thrown: boolean): Promise<TurnOutcome> {
    // A message closed with message_end is whole; only the open one can have broken off.
    const open = this.#closeRequested ? undefined : this.#writer;
    const begun = open?.hasContent === true || open?.started === true;
    // The runner that took the lease over closes what this one began: one end per message.
    if (this.#lost) return this.#outcome("stopped", null);
    if (stop !== null) {
      // A begun message always gets its end (a closed session refuses it: SESSION_END stays last).
      await this.#closeWriter(false);
      if (stop === "interrupted") return this.#outcome("interrupted", null);
      if (stop !== "deadline") return this.#outcome("stopped", null);
      const code = this.#unavailableCode();
      this.#tell(code);
      return this.#outcome("timed_out", code);
    }
    if (this.#failure || thrown) {
      await this.#closeWriter(false);
      const broken = begun || this.#failure?.kind === "broken_stream";
      const code = broken ? "stream_broken" : this.#unavailableCode();
      this.#tell(code);
      return this.#outcome("failed", code);
    }
    const endConversation = this.#end && this.#handoff === undefined;
    if (endConversation && !this.#writer && this.#sent.length === 0) await this.#open();
    await this.#closeWriter(endConversation);
    if (endConversation) {
      await this.#session.append(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
        { state: "ended", endReason: "REASON_NATURAL_END", endedAt: this.#deps.clock.now() },
      );
      return this.#outcome("completed", null, true);
    }
    const handoff = this.#handoff ? await this.#deps.handoff(this.#session, this.#handoff) : null;
    return this.#outcome("completed", null, false, handoff);
  }

  async #changeLanguage(code: string): Promise<void> {
    if (code === this.#session.record.language) return;
    await this.#session.append(
      [{ type: "EVENT_TYPE_LANGUAGE_CHANGED", payload: { language_code: code } }],
      { language: code },
    );
  }

  #unavailableCode(): SocketErrorCode {
    return this.#job.trigger.type === "join" ? "agent_start_failed" : "agent_reply_failed";
  }

  #tell(code: SocketErrorCode): void {
    if (!this.#session.ended) this.#session.broadcastError(protocolError(code));
  }

  #outcome(
    status: TurnOutcome["status"],
    error: SocketErrorCode | null,
    endConversation = false,
    handoff: TurnOutcome["handoff"] = null,
  ): TurnOutcome {
    const messages = [...this.#sent];
    return {
      key: this.#job.key,
      status,
      messages,
      text: messages.map((m) => m.text).join("\n\n"),
      endConversation,
      handoff,
      error,
    };
  }

  // THINKING now and every interval until the first output (`sdk-expectations.md` rule 19).
  #startThinking(): void {
    const { clock, settings } = this.#deps;
    this.#session.broadcast("EVENT_TYPE_POLY_AGENT_THINKING", {});
    this.#thinking = clock.setInterval(
      () => this.#session.broadcast("EVENT_TYPE_POLY_AGENT_THINKING", {}),
      settings.thinkingIntervalMs,
    );
  }

  #stopThinking(): void {
    this.#thinking?.cancel();
    this.#thinking = undefined;
  }
}
