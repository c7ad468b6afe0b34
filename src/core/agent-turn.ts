// One agent turn: thinking indicator, the reply (whole or streamed in chunks), then its action.
import type { SocketErrorCode } from "../protocol/index.js";
import { protocolError } from "../protocol/index.js";
import { createChunkBuffer, splitAfterWhitespace } from "./chunker.js";
import type { EventFactory } from "./event-factory.js";
import type { LiveSession } from "./live-session.js";
import type { Agent, AgentAction, AgentReply, Clock } from "./ports.js";

export interface TurnSettings {
  streamWordsPerChunk: number;
  streamChunkDelayMs: number;
  thinkingIntervalMs: number;
}

export interface TurnDeps {
  clock: Clock;
  events: EventFactory;
  settings: TurnSettings;
  /** Carries out a handoff the agent asked for. */
  handoff(session: LiveSession, action: Extract<AgentAction, { type: "handoff" }>): Promise<void>;
}

/**
 * Produces and delivers one turn. Returns false when the agent failed (the user has been told
 * with `failure`), true otherwise. Stops quietly when the session ends meanwhile.
 */
export async function runTurn(
  session: LiveSession,
  agent: Agent,
  produce: () => Promise<AgentReply>,
  deps: TurnDeps,
  failure: SocketErrorCode,
): Promise<boolean> {
  const generation = session.generation;
  const thinking = startThinking(session, deps);
  let reply: AgentReply;
  try {
    reply = await produce();
  } catch {
    thinking.cancel();
    if (session.generation === generation) session.broadcastError(protocolError(failure));
    return false;
  }
  const live = () => session.generation === generation && !session.ended;
  try {
    if (!live()) return true;
    const action = reply.action;
    if (action?.type === "language" && action.language_code !== session.record.language) {
      await session.append(
        [{ type: "EVENT_TYPE_LANGUAGE_CHANGED", payload: { language_code: action.language_code } }],
        { language: action.language_code },
      );
    }
    const delivered = await deliverMessage(session, agent, reply, deps, live, thinking.cancel);
    if (!delivered || !live()) return delivered;
    if (action?.type === "end") {
      await session.append(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
        {
          state: "ended",
          endReason: "REASON_NATURAL_END",
          endedAt: deps.clock.now(),
        },
      );
    } else if (action?.type === "handoff") {
      await deps.handoff(session, action);
    }
    return true;
  } catch {
    if (live()) session.broadcastError(protocolError(failure));
    return false;
  } finally {
    thinking.cancel();
  }
}

// THINKING now and every interval while the agent works (`sdk-expectations.md` rule 19).
function startThinking(session: LiveSession, deps: TurnDeps): { cancel(): void } {
  session.broadcast("EVENT_TYPE_POLY_AGENT_THINKING", {});
  return deps.clock.setInterval(
    () => session.broadcast("EVENT_TYPE_POLY_AGENT_THINKING", {}),
    deps.settings.thinkingIntervalMs,
  );
}

async function deliverMessage(
  session: LiveSession,
  agent: Agent,
  reply: AgentReply,
  deps: TurnDeps,
  live: () => boolean,
  stopThinking: () => void,
): Promise<boolean> {
  const extras = {
    attachments: reply.attachments ?? [],
    response_suggestions: reply.response_suggestions ?? [],
    agent_name: agent.name,
    avatar_url: agent.avatarUrl,
    ...(reply.action?.type === "end" ? { end_conversation: true } : {}),
  };
  const messageId = deps.events.id();
  if (!session.record.streaming) {
    const text = typeof reply.text === "string" ? reply.text : await collect(reply.text);
    if (text === "" && extras.attachments.length === 0 && !extras.end_conversation) return true;
    stopThinking();
    await session.append([
      {
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE",
        payload: { message_id: messageId, text, ...extras },
      },
    ]);
    return true;
  }
  const stream = new ChunkSender(session, messageId, agent, extras, stopThinking);
  if (typeof reply.text === "string") {
    const chunks = splitAfterWhitespace(
      reply.text,
      deps.settings.streamWordsPerChunk,
      session.record.chunkLayout,
    );
    if (chunks.length === 0 && extras.attachments.length === 0 && !extras.end_conversation)
      return true;
    for (const [index, chunk] of chunks.entries()) {
      if (!live()) return true;
      if (index === chunks.length - 1) return stream.finish(chunk).then(() => true);
      await stream.send(chunk);
      await deps.clock.sleep(deps.settings.streamChunkDelayMs);
    }
    await stream.finish("");
    return true;
  }
  return streamPieces(reply.text, stream, deps, live);
}

async function streamPieces(
  pieces: AsyncIterable<string>,
  stream: ChunkSender,
  deps: TurnDeps,
  live: () => boolean,
): Promise<boolean> {
  const buffer = createChunkBuffer(
    deps.settings.streamWordsPerChunk,
    stream.session.record.chunkLayout,
  );
  try {
    for await (const piece of pieces) {
      if (!live()) return true;
      for (const chunk of buffer.push(piece)) await stream.send(chunk);
    }
  } catch {
    await stream.finish(buffer.flush());
    stream.session.broadcastError(protocolError("stream_broken"));
    return false;
  }
  await stream.finish(buffer.flush());
  return true;
}

/** Emits the chunks of one streamed message: same message_id, 1-based index, extras last. */
class ChunkSender {
  readonly session: LiveSession;
  readonly #messageId: string;
  readonly #agent: Agent;
  readonly #extras: Record<string, unknown>;
  readonly #onFirst: () => void;
  #index = 0;

  constructor(
    session: LiveSession,
    messageId: string,
    agent: Agent,
    extras: Record<string, unknown>,
    onFirst: () => void,
  ) {
    this.session = session;
    this.#messageId = messageId;
    this.#agent = agent;
    this.#extras = extras;
    this.#onFirst = onFirst;
  }

  send(text: string): Promise<unknown> {
    return this.#emit(text, false);
  }

  finish(text: string): Promise<unknown> {
    return this.#emit(text, true);
  }

  #emit(text: string, isComplete: boolean): Promise<unknown> {
    this.#onFirst();
    this.#index += 1;
    const extras = isComplete
      ? this.#extras
      : {
          attachments: [],
          response_suggestions: [],
          agent_name: this.#agent.name,
          avatar_url: this.#agent.avatarUrl,
        };
    const payload = {
      message_id: this.#messageId,
      text,
      chunk_index: this.#index,
      is_complete: isComplete,
      ...extras,
    };
    return this.session.append([{ type: "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK", payload }]);
  }
}

async function collect(pieces: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const piece of pieces) text += piece;
  return text;
}
