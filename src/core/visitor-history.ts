// A returning visitor's earlier conversations: linked by the visitor id their browser keeps.
import type { VisitorSessionJson } from "../protocol/index.js";
import type { Store, VisitorSessionLink, VisitorSessionStore } from "./ports.js";
import type { SessionRecord, StoredEvent } from "./records.js";

const PREVIEW_CHARS = 140;
/** How far back from the end a conversation's last message is looked for. */
const LAST_EVENTS = 20;

/** What a client may say about where a session begins. */
export interface SessionOrigin {
  visitorId: string | null;
  pageUrl: string | null;
  referrer: string | null;
}

/** Lists and checks the sessions one visitor id started with one connector. */
export class VisitorHistory {
  readonly #links: VisitorSessionStore;
  readonly #store: Store;

  constructor(links: VisitorSessionStore, store: Store) {
    this.#links = links;
    this.#store = store;
  }

  /** Keeps where a new session began: the visitor id, page and referrer its client sent. */
  link(session: SessionRecord, origin: SessionOrigin): Promise<void> {
    return this.#links.linkVisitor({
      sessionId: session.id,
      connectorId: session.connectorId,
      ...origin,
      createdAt: session.createdAt,
    });
  }

  /** Where the session began, as its client said (nothing when it said nothing). */
  originOf(sessionId: string): Promise<VisitorSessionLink | undefined> {
    return this.#links.originOf(sessionId);
  }

  /** The same visitor's other conversations, newest first (none without a visitor id). */
  async others(session: SessionRecord, limit: number): Promise<VisitorSessionJson[]> {
    const origin = await this.#links.originOf(session.id);
    if (!origin?.visitorId) return [];
    const all = await this.list(session.connectorId, origin.visitorId, limit + 1);
    return all.filter((s) => s.session_id !== session.id).slice(0, limit);
  }

  /** The visitor's conversations with this connector, newest first (erased ones are gone). */
  async list(connectorId: string, visitorId: string, limit: number): Promise<VisitorSessionJson[]> {
    const ids = await this.#links.sessionsOfVisitor(connectorId, visitorId, limit);
    const answer: VisitorSessionJson[] = [];
    for (const id of ids) {
      const session = await this.#store.getSession(id);
      if (session) answer.push(await this.#json(session));
    }
    return answer;
  }

  /** The session when it is one of this visitor's with this connector. */
  async find(
    connectorId: string,
    visitorId: string,
    sessionId: string,
  ): Promise<SessionRecord | undefined> {
    const session = await this.#store.getSession(sessionId);
    if (session?.connectorId !== connectorId) return undefined;
    // Sessions of one visitor are few; the newest hundred are looked through.
    const ids = await this.#links.sessionsOfVisitor(connectorId, visitorId, 100);
    return ids.includes(sessionId) ? session : undefined;
  }

  async #json(session: SessionRecord): Promise<VisitorSessionJson> {
    const from = Math.max(0, session.lastSequence - LAST_EVENTS);
    const events = await this.#store.readEvents(session.id, from, LAST_EVENTS);
    return {
      session_id: session.id,
      state: session.state,
      created_at: new Date(session.createdAt).toISOString(),
      ended_at: session.endedAt === null ? null : new Date(session.endedAt).toISOString(),
      last_message: lastMessage(events),
    };
  }
}

function lastMessage(events: readonly StoredEvent[]): VisitorSessionJson["last_message"] {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i];
    if (!event) continue;
    const from =
      event.type === "EVENT_TYPE_USER_MESSAGE"
        ? "user"
        : event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" ||
            event.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE"
          ? "agent"
          : null;
    if (!from) continue;
    const text = (JSON.parse(event.payloadJson) as { text?: unknown }).text;
    if (typeof text === "string" && text !== "")
      return { from, text: text.slice(0, PREVIEW_CHARS) };
  }
  return null;
}
