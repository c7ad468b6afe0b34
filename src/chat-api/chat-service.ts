// The Chat API's three operations on the same engine as the Messaging API: create, respond, close.
import { randomUUID } from "node:crypto";
import type {
  ChatApiStore,
  Clock,
  ConnectorRecord,
  SessionHub,
  SessionRecord,
  Store,
  StoredEvent,
  TurnOutcome,
} from "../core/index.js";
import type { ChatFailure } from "../protocol/index.js";
import type { CreateBody } from "./chat-bodies.js";

export interface ChatServiceDeps {
  store: Pick<Store, "readEvents">;
  chat: ChatApiStore;
  hub: SessionHub;
  clock: Clock;
}

/** What `create` and `respond` answer. */
export interface ChatReply {
  conversation_id: string;
  response: string;
  end_conversation: boolean;
  handoff?: { destination: string; reason: string };
}

export type ChatResult<T> = { ok: true; value: T } | { ok: false; failure: ChatFailure };

/** Agent and live-agent messages are what a Chat API client is answered with. */
const ANSWER_TYPES = new Set(["EVENT_TYPE_POLY_AGENT_MESSAGE", "EVENT_TYPE_LIVE_AGENT_MESSAGE"]);
const EVENTS_PAGE = 500;
/**
 * How long a call's hold on its conversation lasts unless renewed (a third of it, while the
 * call runs): a process that dies holding it blocks the conversation no longer than this.
 */
const HOLD_MS = 30_000;
/** First and longest pause between tries to take a conversation another process holds. */
const FIRST_RETRY_MS = 10;
const LONGEST_RETRY_MS = 200;

/**
 * Runs Chat API conversations. Calls on one conversation are answered one after another: in
 * order of arrival within a process, and across processes by the conversation's hold in the
 * store, so each answer holds the replies to its own message only.
 */
export class ChatService {
  readonly #deps: ChatServiceDeps;
  readonly #tails = new Map<string, Promise<void>>();

  constructor(deps: ChatServiceDeps) {
    this.#deps = deps;
  }

  /** Starts a session on the connector's agent and answers with its opening text. */
  async create(
    accountId: string,
    connector: ConnectorRecord,
    body: CreateBody,
    userAgent: string | null,
  ): Promise<ChatResult<Omit<ChatReply, "end_conversation" | "handoff">>> {
    // A variant the connector does not define names a draft that does not exist.
    const variants = connector.variants ?? {};
    if (body.variantId !== null && !Object.hasOwn(variants, body.variantId))
      return fail("CHAT_DRAFT_NOT_EXIST", `No variant "${body.variantId}".`);
    const { session, greeting } = await this.#deps.hub.startWithoutClient(
      {
        connectorId: connector.id,
        subject: `chat-api:${accountId}`,
        // Never expires, so no access token of another subject can take the session over.
        subjectExpiresAt: Number.MAX_SAFE_INTEGER,
        streaming: false,
        platform: "custom",
        deviceType: null,
        userAgent,
        chunkJoin: connector.chunkJoin,
      },
      body.attributes,
      // Recorded before the greeting, so whichever process runs a turn finds the variant's agent.
      (started) =>
        this.#deps.chat.createChatConversation({
          sessionId: started.id,
          accountId,
          channel: body.channel,
          variantId: body.variantId,
          cursor: 0,
        }),
    );
    if (!greeting || greeting.status === "refused") {
      await this.#deps.hub.endByUser(session.id);
      return fail("CHAT_DRAFT_DEPLOYMENT_FAILED");
    }
    const answer = await this.#answers(session.id, 0);
    await this.#deps.chat.advanceChatCursor(session.id, answer.cursor);
    if (greeting.status === "failed" || greeting.status === "timed_out")
      return fail("AGENT_REPLY_FAILED");
    return { ok: true, value: { conversation_id: session.id, response: answer.text } };
  }

  /** Stores the user's message, awaits the agent's turn (or the live agent's messages) and answers. */
  respond(connector: ConnectorRecord, conversationId: string, message: string | undefined) {
    return this.#inOrder(conversationId, () =>
      this.#held(conversationId, () => this.#respond(connector, conversationId, message)),
    );
  }

  /** Ends the conversation as its user would; closing an ended one succeeds too. */
  async close(
    connector: ConnectorRecord,
    conversationId: string,
  ): Promise<ChatResult<{ success: true }>> {
    const found = await this.#conversation(connector, conversationId);
    if (!found.ok) return found;
    await this.#inOrder(conversationId, () =>
      this.#held(conversationId, () => this.#deps.hub.endByUser(conversationId)),
    );
    return { ok: true, value: { success: true } };
  }

  async #respond(
    connector: ConnectorRecord,
    conversationId: string,
    message: string | undefined,
  ): Promise<ChatResult<ChatReply>> {
    const found = await this.#conversation(connector, conversationId);
    if (!found.ok) return found;
    const ended = endedFailure(found.value.session);
    if (ended) return ended;
    const result = await this.#deps.hub.messageWithoutClient(conversationId, message);
    if (!result) return fail("CONVERSATION_NOT_FOUND");
    const justEnded = result.outcome === null ? endedFailure(result.session) : undefined;
    if (justEnded) return justEnded;
    if (result.outcome && isFailure(result.outcome)) return fail("AGENT_REPLY_FAILED");
    const answer = await this.#answers(conversationId, found.value.cursor);
    await this.#deps.chat.advanceChatCursor(conversationId, answer.cursor);
    const session = (await this.#deps.hub.getSession(conversationId)) ?? result.session;
    const handoff = result.outcome?.handoff ?? null;
    return {
      ok: true,
      value: {
        conversation_id: conversationId,
        response: answer.text,
        end_conversation: session.state === "ended" || result.outcome?.endConversation === true,
        ...(handoff ? { handoff } : {}),
      },
    };
  }

  /** The conversation with its session, when it is a Chat API conversation of this connector. */
  async #conversation(connector: ConnectorRecord, id: string) {
    const record = await this.#deps.chat.getChatConversation(id);
    const session = record ? await this.#deps.hub.getSession(id) : undefined;
    if (!record || !session || session.connectorId !== connector.id)
      return fail("CONVERSATION_NOT_FOUND");
    return { ok: true as const, value: { session, cursor: record.cursor } };
  }

  /** The agents' and live agents' texts after `cursor`, joined with a blank line, and the new cursor. */
  async #answers(sessionId: string, cursor: number): Promise<{ text: string; cursor: number }> {
    const texts: string[] = [];
    let after = cursor;
    for (;;) {
      const page: StoredEvent[] = await this.#deps.store.readEvents(sessionId, after, EVENTS_PAGE);
      for (const event of page) {
        if (!ANSWER_TYPES.has(event.type)) continue;
        const { text } = JSON.parse(event.payloadJson) as { text?: unknown };
        if (typeof text === "string" && text !== "") texts.push(text);
      }
      const last = page.at(-1);
      if (last) after = last.sequence;
      if (!last || page.length < EVENTS_PAGE) break;
    }
    return { text: texts.join("\n\n"), cursor: after };
  }

  /**
   * Runs `task` holding the conversation in the store: waits (backing off) while a call in
   * another process holds it, renews the hold while the task runs, and gives it up after.
   */
  async #held<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const { chat, clock } = this.#deps;
    const holder = randomUUID();
    const take = () =>
      chat.holdChatConversation(conversationId, holder, clock.now(), clock.now() + HOLD_MS);
    let pause = FIRST_RETRY_MS;
    // A conversation that does not exist is never held: the task itself answers not found.
    while (!(await take()) && (await chat.getChatConversation(conversationId))) {
      await clock.sleep(pause);
      pause = Math.min(pause * 2, LONGEST_RETRY_MS);
    }
    const renewal = clock.setInterval(() => {
      take().catch(() => undefined);
    }, HOLD_MS / 3);
    try {
      return await task();
    } finally {
      renewal.cancel();
      await chat.releaseChatConversation(conversationId, holder).catch(() => undefined);
    }
  }

  // Each call on a conversation starts when the one before it settled; idle conversations keep nothing.
  #inOrder<T>(conversationId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(conversationId) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(conversationId, tail);
    void tail.then(() => {
      if (this.#tails.get(conversationId) === tail) this.#tails.delete(conversationId);
    });
    return result;
  }
}

/** CHAT_TIMEOUT for a conversation its idle timeout ended, CONVERSATION_ENDED for any other end. */
function endedFailure(session: SessionRecord): { ok: false; failure: ChatFailure } | undefined {
  if (session.state !== "ended") return undefined;
  return fail(
    session.endReason === "REASON_USER_ABANDONED" ? "CHAT_TIMEOUT" : "CONVERSATION_ENDED",
  );
}

function isFailure(outcome: TurnOutcome): boolean {
  return outcome.status === "failed" || outcome.status === "timed_out";
}

function fail(code: ChatFailure["code"], detail?: string): { ok: false; failure: ChatFailure } {
  return { ok: false, failure: detail ? { code, detail } : { code } };
}
