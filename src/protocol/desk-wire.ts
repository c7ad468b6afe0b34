// The desk's wire as data: what /desk/v1 answers and what /desk/ws sends (docs/desk.md).
// The core builds these shapes and the console reads them, both from this one definition.
import type { ServerEvent } from "./envelope.js";
import type { TypingState } from "./event-types.js";
import type { VisitorSessionJson } from "./visitor-sessions.js";

/** A desk user as the desk API shows them (never a token or password hash). */
export interface DeskUserJson {
  id: string;
  name: string;
  avatar_url: string | null;
  queues: string[];
  max_concurrent: number;
}

/** What a desk user chose to be; `online` while connected is the default. */
export const DESK_STATUSES = ["online", "away", "offline"] as const;
export type DeskStatus = (typeof DESK_STATUSES)[number];

/** A colleague as the desk shows them: who they are and whether they take chats now. */
export interface DeskColleague {
  id: string;
  name: string;
  avatar_url: string | null;
  queues: string[];
  /** What they chose while connected; `offline` when they have no desk connection. */
  status: DeskStatus;
}

/** Whether the visitor has the conversation open now, counted over every process. */
export interface VisitorPresenceJson {
  online: boolean;
  /**
   * Online: since the oldest open connection opened. Offline: since the last one closed.
   * null when the visitor never connected (a Chat API conversation).
   */
  since: string | null;
}

/** One waiting conversation as a desk user sees it in the queue. */
export interface QueueEntry {
  session_id: string;
  queue: string;
  position: number;
  enqueued_at: string;
  waiting_seconds: number;
  preview: string | null;
  /** Whether the visitor is still there; a waiting visitor offline for the grace leaves the queue. */
  visitor: VisitorPresenceJson;
}

/** A conversation a desk user holds. */
export interface HeldSession {
  session_id: string;
  queue: string;
  assigned_at: string;
}

/** A queue as the transfer menu lists it. */
export interface QueueInfo {
  name: string;
  waiting: number;
  serving: boolean;
}

/** The session as the desk shows it next to its transcript. */
export interface DeskSessionSummary {
  id: string;
  state: "active" | "ended";
  agent_status: "none" | "ai" | "handoff" | "live";
  language: string | null;
  platform: string | null;
  /** What the visitor's client sent as its User-Agent when the session began. */
  user_agent: string | null;
  device_type: string | null;
  created_at: string;
  ended_at: string | null;
  /** Whether the visitor has the conversation open now (live: `session.presence` frames). */
  visitor: VisitorPresenceJson;
}

/** One fact about the visitor the agent's definition lets the desk see (`verified`: signed context). */
export interface DeskVisitorField {
  name: string;
  value: string | number | boolean | null;
  verified: boolean;
}

/** What `GET /desk/v1/sessions/{id}/visitor` tells about the visitor beyond the session summary. */
export interface DeskVisitorJson {
  fields: DeskVisitorField[];
  /** The page the conversation began on (origin and path) and its referrer, as the widget sent them. */
  page_url: string | null;
  referrer: string | null;
  /** The same browser's other conversations (by its visitor id), newest first; empty without one. */
  earlier: VisitorSessionJson[];
  /** What the visitor gave in this conversation's offline form (told, not verified); null when none. */
  offline_form: DeskOfflineFormJson | null;
}

/** The contact a visitor left in the offline form when nobody could take the chat. */
export interface DeskOfflineFormJson {
  email: string;
  name: string | null;
  /** When it was left (ISO 8601). */
  created_at: string;
}

/** A saved reply: a queue's (the team's) or one desk user's own. */
export interface SavedReplyJson {
  id: string;
  queue: string | null;
  desk_user: string | null;
  shortcut: string;
  /** May hold `{{visitor.name}}` and `{{agent.name}}`, filled in by the console. */
  text: string;
  created_at: string;
  updated_at: string;
}

/** An internal note: seen by the desk only, never by the visitor. */
export interface DeskNoteJson {
  id: string;
  author: { id: string; name: string };
  text: string;
  /** Set when the note went with a transfer: the desk user id, or `queue:<name>`. */
  transfer_to: string | null;
  created_at: string;
}

/** Why a conversation left a desk user's hands. */
export type UnassignReason = "left" | "ended" | "transferred" | "disconnected";

/** One event of a session as the wire carries it. */
export type WireEvent = ServerEvent;

/** Every frame of /desk/ws. */
export type DeskFrame =
  | {
      seq: null;
      type: "hello";
      cursor: string;
      resumed: boolean;
      desk_user: DeskUserJson;
      status: DeskStatus;
    }
  | { seq: null; type: "snapshot"; queue: QueueEntry[]; sessions: HeldSession[] }
  | { seq: number; type: "queue"; entries: QueueEntry[] }
  | {
      seq: number;
      type: "assigned";
      session_id: string;
      queue: string;
      /** Set when a colleague handed it to me by name. */
      from?: { id: string; name: string };
      /** The note they left with it, to read first. */
      note?: DeskNoteJson;
    }
  | { seq: number; type: "session.note"; session_id: string; note: DeskNoteJson }
  | { seq: number; type: "session.presence"; session_id: string; visitor: VisitorPresenceJson }
  | { seq: number; type: "unassigned"; session_id: string; reason: UnassignReason }
  | { seq: number; type: "session.event"; session_id: string; event: WireEvent }
  | { seq: null; type: "session.typing"; session_id: string; state: TypingState }
  | { seq: number; type: "session.ended"; session_id: string; reason: string | null }
  | { seq: number; type: "status"; desk_user_id: string; status: DeskStatus }
  | { seq: null; type: "pong" };

/** How an offline message stands with the connector's webhook. */
export type OfflineDeliveryJson = "none" | "pending" | "delivered" | "failed";

/** What a visitor left when nobody could take the chat, as the desk API shows it. */
export interface OfflineMessageJson {
  id: string;
  session_id: string;
  connector_id: string;
  queue: string;
  /** `QUEUE_CLOSED` or `NO_AGENTS_AVAILABLE`. */
  reason: string;
  email: string;
  name: string | null;
  message: string;
  language: string | null;
  created_at: string;
  delivery: OfflineDeliveryJson;
  attempts: number;
  last_error: string | null;
  delivered_at: string | null;
}
