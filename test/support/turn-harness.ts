// One session in memory with a turn engine on a fake clock: frames seen, outcomes awaited.

import { InProcessBus } from "../../src/bus/index.js";
import type { AgentDirectory } from "../../src/core/agent-directory.js";
import { EventFactory } from "../../src/core/event-factory.js";
import type {
  Agent,
  AgentContext,
  AgentPart,
  ConnectorRecord,
  NewEvent,
  SessionPatch,
  SessionRecord,
  Store,
  StoredEvent,
  TurnTrigger,
} from "../../src/core/index.js";
import { DEFAULT_TURN_POLICY, InProcessTurnClaims } from "../../src/core/index.js";
import { LiveSession } from "../../src/core/live-session.js";
import { TurnEngine, type TurnRequest } from "../../src/core/turn-engine.js";
import type { HandoffResult } from "../../src/core/turn-run.js";
import type { ChunkLayout } from "../../src/protocol/index.js";
import { FakeClock } from "./fake-clock.js";
import { fakeScheduler } from "./fake-scheduler.js";

/** A frame as a client would parse it. */
export interface Frame {
  id: string;
  type: string;
  sequence: number | null;
  payload: Record<string, unknown>;
}

export interface HarnessOptions {
  streaming?: boolean;
  thinkingIntervalMs?: number;
  wordsPerChunk?: number;
  chunkDelayMs?: number;
  /** A clock the agent shares (an LLM agent's retries); a new one otherwise. */
  clock?: FakeClock;
  chunkLayout?: ChunkLayout;
}

/** An agent made from a function of the context; policy fields may be overridden. */
export function scriptedAgent(
  turn: (context: AgentContext) => AsyncIterable<AgentPart>,
  policy: Partial<Agent["policy"]> = {},
): Agent {
  return {
    name: "Ada",
    avatarUrl: "https://example.com/ada.png",
    policy: { ...DEFAULT_TURN_POLICY, ...policy },
    turn,
  };
}

/** A session whose store is an array, its bus frames recorded, its turns on a fake clock. */
export function turnHarness(agent: Agent, options: HarnessOptions = {}) {
  const clock = options.clock ?? new FakeClock();
  const events = new EventFactory(clock);
  const log: StoredEvent[] = [];
  const store = {
    append: async (sessionId: string, fresh: readonly NewEvent[], _patch?: SessionPatch) => ({
      ok: true,
      revision: 0,
      events: fresh.map((e) => {
        const stored = { ...e, sessionId, sequence: log.length + 2 };
        log.push(stored);
        return stored;
      }),
    }),
    readEvents: async (_id: string, after: number, limit: number) =>
      log.filter((e) => e.sequence > after).slice(0, limit),
  } as unknown as Store;
  const bus = new InProcessBus();
  const frames: Frame[] = [];
  // The in-process bus registers synchronously; its promise only confirms it.
  void bus.subscribe("s1", { event: (e) => frames.push(JSON.parse(e.frame ?? "null") as Frame) });
  const record = {
    id: "s1",
    connectorId: "c1",
    streaming: options.streaming ?? true,
    chunkLayout: options.chunkLayout ?? "concat",
    language: null,
    state: "active",
    agentStatus: "ai",
    endReason: null,
    lastSequence: 1,
    revision: 0,
  } as unknown as SessionRecord;
  const session = new LiveSession(record, store, bus, events, clock.now(), () => {});
  const connector = { id: "c1", name: null, host: "localhost", handoff: null } as ConnectorRecord;
  const handoffs: unknown[] = [];
  const errors: unknown[] = [];
  const claims = new InProcessTurnClaims();
  const engine = new TurnEngine({
    clock,
    events,
    store,
    claims,
    scheduler: fakeScheduler(clock),
    leaseMs: 15_000,
    agentCacheMs: 60_000,
    agents: {
      forSession: async () => ({ ok: true, agent, connector }),
    } as unknown as AgentDirectory,
    settings: {
      streamWordsPerChunk: options.wordsPerChunk ?? 2,
      streamChunkDelayMs: options.chunkDelayMs ?? 0,
      thinkingIntervalMs: options.thinkingIntervalMs ?? 8000,
    },
    handoff: async (_s, action): Promise<HandoffResult> => {
      handoffs.push(action);
      await session.append([], { agentStatus: "handoff" });
      return { destination: action.queue ?? "default", reason: action.reason ?? "" };
    },
    onError: (error) => errors.push(error),
  });

  /** Stores a user message (as the conversation does) and requests the turn answering it. */
  async function userSays(text: string, key?: string) {
    const [stored] = await session.append([
      { type: "EVENT_TYPE_USER_MESSAGE", payload: { text, message_id: events.id() } },
    ]);
    const event = stored as StoredEvent;
    const trigger: TurnTrigger = { type: "message", text, messageId: event.id };
    return engine.request(session, { key: key ?? event.id, trigger, answering: event.sequence });
  }

  function request(request: TurnRequest) {
    return engine.request(session, request);
  }

  const ofType = (type: string) => frames.filter((f) => f.type === type);
  return {
    clock,
    session,
    engine,
    frames,
    log,
    handoffs,
    errors,
    claims,
    userSays,
    request,
    ofType,
  };
}

/** Chunk payloads of the frames seen. */
export function chunkPayloads(frames: readonly Frame[]) {
  return frames
    .filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
    .map((f) => f.payload);
}

/** Resolves after `ms` of the fake clock, or at once when the signal aborts. */
export function waitOn(clock: FakeClock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = clock.setTimeout(resolve, ms);
    signal.addEventListener("abort", () => {
      timer.cancel();
      resolve();
    });
  });
}
