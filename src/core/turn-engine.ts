// Schedules agent turns: one runner per turn key, queued or interrupting, each awaited as a value.
import { protocolError, type SocketErrorCode } from "../protocol/index.js";
import type { AgentDirectory, AgentLookup } from "./agent-directory.js";
import { AgentInbox, type PushOptions, type PushResult } from "./agent-inbox.js";
import { followUserLanguage } from "./language-detection.js";
import type { LiveSession } from "./live-session.js";
import type {
  Agent,
  AgentPart,
  AgentSessionView,
  LanguageDetector,
  Scheduler,
  Store,
  TimerPayload,
  TurnClaims,
  TurnLease,
  TurnOutcome,
  TurnTrigger,
} from "./ports.js";
import { Transcript } from "./transcript.js";
import { InProcessTurnClaims } from "./turn-claims.js";
import { type PartSource, runTurn, type TurnHold, type TurnRunDeps } from "./turn-run.js";

/** Durable timer kind that hands a turn whose runner died to another process (key: `turnTimerKey`). */
export const TAKEOVER_TIMER = "turn.takeover";

/** A turn lease change, for metrics. */
export type LeaseChange = "claimed" | "finished" | "lost" | "taken_over";

import type { VisitorFacts } from "./visitor-facts.js";

export interface EngineDeps extends TurnRunDeps {
  agents: AgentDirectory;
  claims: TurnClaims;
  /** Where the takeover timer of each running turn is set. */
  scheduler: Scheduler;
  /** How long a turn lease lasts unrenewed (the runner renews it every third of this). */
  leaseMs: number;
  onLease?(change: LeaseChange): void;
  /** Loads sessions' verified context and attributes before their agent reads them. */
  facts?: VisitorFacts;
  /** How long a session reuses its agent lookup. */
  agentCacheMs: number;
  /** Detects the user's language before a message turn; none: detection off. */
  languages?: LanguageDetector;
  /** Reads a session's events when its transcript is first needed. */
  store: Pick<Store, "readEvents">;
}

/** A turn to run. */
export interface TurnRequest {
  /** The id of the event it answers: one key, one turn. */
  key: string;
  trigger: TurnTrigger;
  /** Sequence of the user message it answers, or null. */
  answering: number | null;
  /** Parts from a caller instead of the agent's own `turn` (replies delivered later). */
  source?: PartSource;
  /** Overrides the agent's deadline. */
  deadlineMs?: number;
  /** Already claimed: a turn taken over from a runner that died. */
  lease?: TurnLease;
}

/** A turn waiting or running, as newer messages see it. */
export interface PendingTurn {
  readonly key: string;
  readonly interruptible: boolean;
  superseded: boolean;
}

/** Outcomes kept per session so a repeated request is answered by the first one's promise. */
const OUTCOMES_KEPT = 64;
const EVENTS_PAGE = 500;

/** Runs the turns of every session. */
export class TurnEngine {
  readonly #deps: EngineDeps;
  // Claims taken here while the shared claims cannot answer (Redis down): the turn still runs,
  // once per process, rather than the user getting silence.
  readonly #localClaims = new InProcessTurnClaims();
  /** Lookups shared by the sessions of one connector, so a busy connector reads its agent once per period. */
  readonly #byConnector = new Map<string, { lookup: AgentLookup; at: number }>();

  constructor(deps: EngineDeps) {
    this.#deps = deps;
  }

  /**
   * Queues the turn behind the session's earlier turns (or, for an agent whose policy says
   * `interrupt`, stops the running reply) and resolves with its outcome. Never rejects. A key
   * already requested gets the same outcome, and only one runner ever answers a key.
   */
  request(session: LiveSession, request: TurnRequest): Promise<TurnOutcome> {
    const known = session.outcomes.get(request.key);
    // A takeover runs the key again even where an earlier runner of it gave up.
    if (known && !request.lease) return known;
    const interruptible = request.trigger.type === "message" || request.trigger.type === "continue";
    if (interruptible && request.source === undefined && this.#interrupts(session)) {
      for (const pending of session.pendingTurns) {
        if (pending.interruptible) pending.superseded = true;
      }
      if (session.running?.interruptible) session.running.stop("interrupted");
    }
    const pending: PendingTurn = { key: request.key, interruptible, superseded: false };
    session.pendingTurns.add(pending);
    const outcome = session.turns
      .run(() => this.#run(session, request, pending))
      .catch((error: unknown) => {
        this.#deps.onError?.(error, "agent turn");
        return emptyOutcome(request.key, "failed", "agent_reply_failed");
      })
      .finally(() => session.pendingTurns.delete(pending));
    session.outcomes.set(request.key, outcome);
    if (session.outcomes.size > OUTCOMES_KEPT) {
      const oldest = session.outcomes.keys().next().value as string;
      session.outcomes.delete(oldest);
    }
    return outcome;
  }

  /** Runs `parts` as a turn of their own keyed by `key` (output delivered from outside). */
  deliver(
    session: LiveSession,
    key: string,
    parts: AsyncIterable<AgentPart>,
    deadlineMs?: number,
  ): Promise<TurnOutcome> {
    const request: TurnRequest = {
      key,
      trigger: { type: "continue" },
      answering: null,
      source: () => parts,
    };
    return this.request(session, deadlineMs === undefined ? request : { ...request, deadlineMs });
  }

  /**
   * Pushed agent output (see `AgentInbox`): into the turn awaiting it or a delivery of its own.
   * Refused as a value when the session ended or is not with its AI agent.
   */
  push(session: LiveSession, parts: readonly AgentPart[], options: PushOptions): PushResult {
    const inbox = this.inboxOf(session);
    const repeated = inbox.repeated(options.id);
    if (repeated) return repeated;
    if (session.ended) return { ok: false, refusal: "session_ended" };
    if (session.record.agentStatus !== "ai") return { ok: false, refusal: "agent_not_in_session" };
    return inbox.push(parts, options, session.running?.key, (key) => session.outcomes.get(key));
  }

  /** The session's inbox for pushed agent output, made on first use. */
  inboxOf(session: LiveSession): AgentInbox {
    session.inbox ??= new AgentInbox(
      (key, parts) => this.deliver(session, key, parts),
      () => this.#deps.events.id(),
    );
    return session.inbox;
  }

  /** The session's agent (cached per connector for `agentCacheMs`), or the error to tell the user. */
  async agentFor(session: LiveSession): Promise<AgentLookup> {
    const now = this.#deps.clock.now();
    const connectorId = session.record.connectorId;
    const cached = this.#byConnector.get(connectorId);
    if (cached?.lookup.ok && now - cached.at < this.#deps.agentCacheMs) {
      session.agentLookup = cached;
      return cached.lookup;
    }
    // A connector with agent variants answers each session with its own variant's agent: the
    // lookup is kept with the session, not shared by the connector's sessions.
    const own = session.agentLookup;
    if (own?.lookup.ok && hasVariants(own.lookup) && now - own.at < this.#deps.agentCacheMs) {
      return own.lookup;
    }
    const lookup = await this.#deps.agents.forSession(session.record);
    const entry = { lookup, at: now };
    session.agentLookup = entry;
    if (lookup.ok && !hasVariants(lookup)) this.#byConnector.set(connectorId, entry);
    else this.#byConnector.delete(connectorId);
    return lookup;
  }

  /** What the session's agent may read about it (history trimmed to `agent`'s budget). */
  async view(session: LiveSession, agent: Agent, answering: number | null, connector: AgentLookup) {
    const history = agent.policy.history;
    const transcript = history.limit > 0 ? await this.#transcript(session, answering) : undefined;
    await this.#deps.facts?.load(session);
    const view: AgentSessionView = {
      sessionId: session.id,
      language: session.record.language,
      connector: connector.ok
        ? {
            id: connector.connector.id,
            name: connector.connector.name,
            host: connector.connector.host,
            handoff: connector.connector.handoff,
          }
        : { id: session.record.connectorId, name: null, host: null, handoff: null },
      verifiedContext: session.verifiedContext,
      integrationAttributes: session.integrationAttributes,
      history: transcript ? transcript.history(history, answering) : [],
      memory: session.memory,
    };
    return view;
  }

  async #run(
    session: LiveSession,
    request: TurnRequest,
    pending: PendingTurn,
  ): Promise<TurnOutcome> {
    const { key } = request;
    const early = pending.superseded
      ? emptyOutcome(key, "interrupted", null)
      : session.ended
        ? refused(key, "session_ended")
        : session.record.agentStatus !== "ai"
          ? refused(key, "agent_not_in_session")
          : undefined;
    if (early) {
      // A turn taken over that has nothing left to answer is over.
      await request.lease?.finish();
      return early;
    }
    const { claims, clock, leaseMs } = this.#deps;
    const claimed =
      request.lease ??
      (await claims.claim(session.id, key, clock.now(), leaseMs).catch((error: unknown) => {
        this.#deps.onError?.(error, "turn lease");
        return this.#localClaims.claim(session.id, key, clock.now(), leaseMs);
      }));
    if (!claimed) return emptyOutcome(key, "duplicate", null);
    const lease = this.#tolerant(claimed);
    if (!request.lease) this.#deps.onLease?.("claimed");
    await this.#deps.scheduler
      .schedule(
        TAKEOVER_TIMER,
        turnTimerKey(session.id, key),
        clock.now() + leaseMs,
        takeoverPayload(session.id, request),
      )
      .catch((error: unknown) => this.#deps.onError?.(error, "turn takeover timer"));
    const hold = this.#hold(session.id, key, lease);
    try {
      return await this.#claimed(session, request, pending, hold);
    } catch (error) {
      await hold.ended(true);
      throw error;
    }
  }

  async #claimed(
    session: LiveSession,
    request: TurnRequest,
    pending: PendingTurn,
    hold: TurnHold,
  ): Promise<TurnOutcome> {
    const { key } = request;
    const lookup = await this.agentFor(session);
    if (!lookup.ok) {
      const generic = request.trigger.type === "join" ? "agent_start_failed" : "agent_reply_failed";
      const error = lookup.error === "agent_start_failed" ? generic : lookup.error;
      session.broadcastError(protocolError(error));
      await hold.ended(true);
      return emptyOutcome(key, "failed", error);
    }
    const agent = lookup.agent;
    const { languages } = this.#deps;
    if (languages && request.trigger.type === "message" && request.source === undefined) {
      const language = agent.policy.defaultLanguage;
      await followUserLanguage(
        session,
        lookup.connector,
        language,
        request.trigger.text,
        languages,
      );
    }
    const view = await this.view(session, agent, request.answering, lookup);
    if (pending.superseded) {
      await hold.ended(true);
      return emptyOutcome(key, "interrupted", null);
    }
    const job = {
      key,
      trigger: request.trigger,
      context: { ...view, key, trigger: request.trigger },
      deadlineMs: request.deadlineMs ?? agent.policy.deadlineMs,
      inbox: this.inboxOf(session),
      hold,
    };
    return runTurn(session, agent, job, request.source ?? ((c) => agent.turn(c)), this.#deps);
  }

  // Finishing the lease and dropping its takeover timer, or leaving both for a takeover.
  // A lease whose bookkeeping failing (the shared claims unreachable) is reported, not thrown
  // into the turn: the answer goes on; renewals already report their own failures.
  #tolerant(lease: TurnLease): TurnLease {
    const report = (error: unknown) => this.#deps.onError?.(error, "turn lease");
    return {
      renew: (now) => lease.renew(now),
      begin: (messageId) => lease.begin(messageId).catch(report),
      finish: () => lease.finish().catch(report),
    };
  }

  #hold(sessionId: string, key: string, lease: TurnLease): TurnHold {
    let ended = false;
    return {
      lease,
      leaseMs: this.#deps.leaseMs,
      ended: async (finished) => {
        if (ended) return;
        ended = true;
        if (!finished) return;
        await lease.finish();
        this.#deps.onLease?.("finished");
        await this.#deps.scheduler
          .cancel(TAKEOVER_TIMER, turnTimerKey(sessionId, key))
          .catch((error: unknown) => this.#deps.onError?.(error, "turn takeover timer"));
      },
      lost: () => this.#deps.onLease?.("lost"),
    };
  }

  #interrupts(session: LiveSession): boolean {
    const lookup = session.agentLookup?.lookup;
    return lookup?.ok === true && lookup.agent.policy.interrupt;
  }

  // Built once per session in memory (inside the session's change queue, so no commit slips
  // between) and kept by this process's commits. When it may miss events another process stored
  // (a gap, the answered message past its end, a later sequence known, or the copy marked behind)
  // the missing range is read from the store first: `fill` and `add` both skip what the
  // transcript holds, so a commit meanwhile loses nothing, and a range still missing shows as
  // behind on the next turn.
  async #transcript(session: LiveSession, answering: number | null): Promise<Transcript> {
    const known = () => Math.max(session.record.lastSequence, answering ?? 0);
    const current = session.transcript;
    if (current) {
      if (session.mayBeBehind || current.behind(known())) await this.#readOn(session, current);
      return current;
    }
    return session.exclusive(async () => {
      if (session.transcript) return session.transcript;
      const transcript = new Transcript(session.record.chunkLayout);
      await this.#readOn(session, transcript);
      session.transcript = transcript;
      return transcript;
    });
  }

  async #readOn(session: LiveSession, transcript: Transcript): Promise<void> {
    let after = transcript.lastSequence;
    for (;;) {
      const page = await this.#deps.store.readEvents(session.id, after, EVENTS_PAGE);
      transcript.fill(page);
      const last = page.at(-1);
      if (!last || page.length < EVENTS_PAGE) break;
      after = last.sequence;
    }
  }
}

/** The takeover timer's key of a turn. */
export function turnTimerKey(sessionId: string, key: string): string {
  return `${sessionId}/${key}`;
}

/** What a takeover needs to run the turn again: its trigger (user text is re-read from the store). */
function takeoverPayload(sessionId: string, request: TurnRequest): TimerPayload {
  const { trigger } = request;
  return {
    session_id: sessionId,
    key: request.key,
    trigger: trigger.type,
    answering: request.answering,
    after: trigger.type === "rejoin" ? trigger.after : null,
    // Parts delivered from outside cannot be asked for again.
    replayable: request.source === undefined,
  };
}

/** An outcome with nothing sent. */
export function emptyOutcome(
  key: string,
  status: TurnOutcome["status"],
  error: SocketErrorCode | null,
): TurnOutcome {
  return { key, status, messages: [], text: "", endConversation: false, handoff: null, error };
}

function refused(key: string, refusal: NonNullable<TurnOutcome["refusal"]>): TurnOutcome {
  return { ...emptyOutcome(key, "refused", null), refusal };
}

function hasVariants(lookup: AgentLookup): boolean {
  return lookup.ok && Object.keys(lookup.connector.variants ?? {}).length > 0;
}
