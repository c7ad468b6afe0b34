// Picking up a turn whose runner died: run it again when nothing of the answer was stored, else end what was begun and tell the user.
import { protocolError } from "../protocol/index.js";
import type { LiveSession } from "./live-session.js";
import type {
  Clock,
  FiredTimer,
  HandoffReturn,
  Scheduler,
  Store,
  TurnClaims,
  TurnLease,
  TurnTrigger,
} from "./ports.js";
import type { StoredEvent } from "./records.js";
import { type LeaseChange, TAKEOVER_TIMER, type TurnEngine } from "./turn-engine.js";

export interface TakeoverDeps {
  claims: TurnClaims;
  scheduler: Scheduler;
  clock: Clock;
  leaseMs: number;
  store: Pick<Store, "readEvents">;
  sessions: {
    get(id: string): LiveSession | undefined;
    load(id: string): Promise<LiveSession | undefined>;
  };
  engine: () => TurnEngine;
  onLease?(change: LeaseChange): void;
  onError?(error: unknown, context: string): void;
}

const EVENTS_PAGE = 500;

/** Registers the handler of takeover timers: each running turn has one, due when its lease would run out. */
export function handleTakeovers(deps: TakeoverDeps): void {
  deps.scheduler.handle(TAKEOVER_TIMER, (timer) => takeOver(timer, deps));
}

async function takeOver(timer: FiredTimer, deps: TakeoverDeps): Promise<void> {
  const sessionId = String(timer.payload.session_id);
  const key = String(timer.payload.key);
  // Its runner is here and alive (a renewal failed, or is late): it goes on; look again later.
  const local = deps.sessions.get(sessionId);
  if (local && (local.running?.key === key || [...local.pendingTurns].some((t) => t.key === key))) {
    await deps.scheduler.schedule(
      TAKEOVER_TIMER,
      timer.key,
      deps.clock.now() + deps.leaseMs,
      timer.payload,
    );
    return;
  }
  const found = await deps.claims.takeOver(sessionId, key, deps.clock.now(), deps.leaseMs);
  // Still renewed: its runner is alive; look again when the lease would run out.
  if (found.state === "held") {
    await deps.scheduler.schedule(TAKEOVER_TIMER, timer.key, found.until, timer.payload);
    return;
  }
  if (found.state !== "taken") return;
  deps.onLease?.("taken_over");
  const { lease, begun } = found;
  const session = await deps.sessions.load(sessionId);
  if (!session || session.ended) return lease.finish();
  const answering = typeof timer.payload.answering === "number" ? timer.payload.answering : null;
  const stored = begun === null ? [] : await messageEvents(deps.store, session, begun, answering);
  const trigger = stored.length === 0 ? await triggerOf(timer, deps.store, session) : undefined;
  if (trigger) {
    // Nothing of the answer reached the user: the turn runs again here, as if it had just started.
    deps
      .engine()
      .request(session, { key, trigger, answering, lease })
      .catch((error: unknown) => deps.onError?.(error, "turn takeover"));
    return;
  }
  await endBegun(session, stored, lease, timer.payload.trigger === "join");
}

// The begun message gets its final chunk if it has none; then the spec's error, once.
async function endBegun(
  session: LiveSession,
  stored: StoredEvent[],
  lease: TurnLease,
  greeting: boolean,
): Promise<void> {
  const last = stored.at(-1);
  const payload = last ? (JSON.parse(last.payloadJson) as Record<string, unknown>) : undefined;
  const open =
    last?.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" && payload?.is_complete !== true;
  if (open && payload) {
    await session.append([
      {
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
        payload: {
          message_id: payload.message_id,
          text: "",
          chunk_index: Number(payload.chunk_index) + 1,
          is_complete: true,
          attachments: [],
          response_suggestions: [],
          agent_name: payload.agent_name,
          avatar_url: payload.avatar_url,
        },
      },
    ]);
  }
  const code = open ? "stream_broken" : greeting ? "agent_start_failed" : "agent_reply_failed";
  if (!session.ended) session.broadcastError(protocolError(code));
  await lease.finish();
}

// The stored events of message `messageId`, read from the message the turn answered on.
async function messageEvents(
  store: Pick<Store, "readEvents">,
  session: LiveSession,
  messageId: string,
  answering: number | null,
): Promise<StoredEvent[]> {
  const found: StoredEvent[] = [];
  let after = answering ?? 0;
  for (;;) {
    const page = await store.readEvents(session.id, after, EVENTS_PAGE);
    for (const event of page) {
      if (
        (event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" ||
          event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE") &&
        event.payloadJson.includes(messageId) &&
        (JSON.parse(event.payloadJson) as { message_id?: string }).message_id === messageId
      )
        found.push(event);
    }
    const last = page.at(-1);
    if (!last || page.length < EVENTS_PAGE) return found;
    after = last.sequence;
  }
}

// The trigger to run again, or undefined when the turn cannot be asked for again (parts delivered from outside).
async function triggerOf(
  timer: FiredTimer,
  store: Pick<Store, "readEvents">,
  session: LiveSession,
): Promise<TurnTrigger | undefined> {
  const { payload } = timer;
  if (payload.replayable !== true) return undefined;
  switch (payload.trigger) {
    case "join":
      return { type: "join" };
    case "continue":
      return { type: "continue" };
    case "rejoin":
      return { type: "rejoin", after: String(payload.after) as HandoffReturn };
    case "message": {
      if (typeof payload.answering !== "number") return undefined;
      const [event] = await store.readEvents(session.id, payload.answering - 1, 1);
      if (event?.type !== "EVENT_TYPE_USER_MESSAGE") return undefined;
      const user = JSON.parse(event.payloadJson) as { text?: unknown; message_id?: unknown };
      return { type: "message", text: String(user.text ?? ""), messageId: String(user.message_id) };
    }
    default:
      return undefined;
  }
}
