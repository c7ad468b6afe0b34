// Internal notes, and handing a held conversation to a named colleague with a note they read first.
import type { DeskNoteJson } from "../../protocol/index.js";
import type { LiveSession } from "../live-session.js";
import type { DeskNoteStore } from "../ports.js";
import type { DeskUserRecord } from "../records.js";
import { deskNoteJson, noteStore } from "./desk-notes.js";
import type { DeskPresence } from "./desk-presence.js";
import type { DeskDeps, DeskFailure, DeskResult } from "./desk-types.js";
import { liveAgentPayload } from "./desk-user-json.js";
import type { HandoffQueue } from "./handoff-queue.js";
import { liveAgentLeftEvent } from "./live-agent-left.js";

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = <T>(error: DeskFailure): DeskResult<T> => ({ ok: false, error });

/** Notes and named transfers; like every desk action, results are values. */
export class DeskHandover {
  readonly #deps: DeskDeps;
  readonly #queue: HandoffQueue;
  readonly #presence: DeskPresence;
  readonly #notes: DeskNoteStore;

  constructor(deps: DeskDeps, queue: HandoffQueue, presence: DeskPresence) {
    this.#deps = deps;
    this.#queue = queue;
    this.#presence = presence;
    this.#notes = noteStore(deps.notes);
  }

  /** A session's notes, oldest first. */
  async notes(sessionId: string): Promise<DeskNoteJson[]> {
    return (await this.#notes.listDeskNotes(sessionId)).map(deskNoteJson);
  }

  /** Adds a note to a session the desk user may read; its holder (if another) sees it at once. */
  async addNote(
    user: DeskUserRecord,
    sessionId: string,
    text: string,
    canRead: boolean,
    transferTo: string | null,
  ): Promise<DeskResult<DeskNoteJson>> {
    if (!canRead) return fail("desk_session_not_found");
    const note = await this.#write(user, sessionId, text, transferTo);
    const holder = this.#queue.handoff(sessionId)?.assignedTo;
    for (const id of new Set([user.id, holder])) {
      if (id) this.#presence.push(id, { type: "session.note", session_id: sessionId, note });
    }
    return ok(note);
  }

  /**
   * Hands a held session to a colleague by name: they must be connected and online (not away),
   * serve nothing in particular, and have room. The visitor sees the change of person; the
   * colleague gets it with the note first.
   */
  async transferTo(
    user: DeskUserRecord,
    sessionId: string,
    colleagueId: string,
    text: string | null,
  ): Promise<DeskResult<null>> {
    const session = await this.#held(user, sessionId);
    const handoff = this.#queue.handoff(sessionId);
    if (!session || !handoff) return fail("desk_session_not_found");
    const colleague = await this.#deps.store.getDeskUser(colleagueId);
    if (!colleague || colleague.id === user.id || !this.#presence.available(colleague.id))
      return fail("desk_colleague_unavailable");
    // Their capacity is counted by the store in the hand-over itself, whichever process asks.
    const now = this.#deps.clock.now();
    const refused = await this.#queue.reassign(handoff, colleague.id, now, colleague.maxConcurrent);
    if (refused) return fail(refused);
    const note = text ? await this.#write(user, sessionId, text, colleague.id) : undefined;
    this.#presence.push(user.id, {
      type: "unassigned",
      session_id: sessionId,
      reason: "transferred",
    });
    this.#presence.push(colleague.id, {
      type: "assigned",
      session_id: sessionId,
      queue: handoff.queue,
      from: { id: user.id, name: user.name },
      ...(note ? { note } : {}),
    });
    await session.append(
      [
        liveAgentLeftEvent(session.record, user, "TRANSFER"),
        { type: "EVENT_TYPE_LIVE_AGENT_JOINED", payload: liveAgentPayload(colleague) },
      ],
      { agentStatus: "live" },
    );
    return ok(null);
  }

  async #write(
    user: DeskUserRecord,
    sessionId: string,
    text: string,
    transferTo: string | null,
  ): Promise<DeskNoteJson> {
    const record = {
      id: this.#deps.events.id(),
      sessionId,
      authorId: user.id,
      authorName: user.name,
      text,
      transferTo,
      createdAt: this.#deps.clock.now(),
    };
    await this.#notes.addDeskNote(record);
    return deskNoteJson(record);
  }

  async #held(user: DeskUserRecord, sessionId: string): Promise<LiveSession | undefined> {
    const handoff = this.#queue.handoff(sessionId);
    if (handoff?.state !== "assigned" || handoff.assignedTo !== user.id) return undefined;
    const session = await this.#deps.sessions.load(sessionId);
    return session && !session.ended ? session : undefined;
  }
}
