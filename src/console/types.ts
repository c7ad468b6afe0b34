// The shapes the console reads from the desk API and the /desk/ws socket (docs/desk.md).
import type { TypingState } from "../protocol/index.js";

export type { TypingState };

/** One event of a session as the wire carries it. */
export interface WireEvent {
  id: string;
  sequence: number | null;
  timestamp: string;
  type: string;
  payload: Record<string, unknown>;
}

export interface DeskUser {
  id: string;
  name: string;
  avatar_url: string | null;
  queues: string[];
  max_concurrent: number;
}

/** A conversation waiting in one of my queues. */
export interface QueueEntry {
  session_id: string;
  queue: string;
  position: number;
  enqueued_at: string;
  waiting_seconds: number;
  preview: string | null;
}

/** A conversation I hold. */
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

export interface SessionInfo {
  id: string;
  state: string;
  agent_status: string;
  language: string | null;
  platform: string | null;
  created_at: string;
}

export interface Attachment {
  title: string;
  content_url: string;
  content_type: "ATTACHMENT_CONTENT_TYPE_URL" | "ATTACHMENT_CONTENT_TYPE_IMAGE";
  preview_image_url?: string;
  call_to_action_text?: string;
}

export interface ResponseSuggestion {
  message_text: string;
}

/** What the agent sends. */
export interface OutgoingMessage {
  text: string;
  attachments?: Attachment[];
  response_suggestions?: ResponseSuggestion[];
}

export type UnassignReason = "left" | "ended" | "transferred" | "disconnected";

/** Every frame of /desk/ws. */
export type DeskFrame =
  | { seq: null; type: "hello"; cursor: string; resumed: boolean; desk_user: DeskUser }
  | { seq: null; type: "snapshot"; queue: QueueEntry[]; sessions: HeldSession[] }
  | { seq: number; type: "queue"; entries: QueueEntry[] }
  | { seq: number; type: "assigned"; session_id: string; queue: string }
  | { seq: number; type: "unassigned"; session_id: string; reason: UnassignReason }
  | { seq: number; type: "session.event"; session_id: string; event: WireEvent }
  | { seq: null; type: "session.typing"; session_id: string; state: TypingState }
  | { seq: number; type: "session.ended"; session_id: string; reason: string | null }
  | { seq: null; type: "pong" };

/** A failed desk API call: the HTTP status (0 when the server was not reached), code and message. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
