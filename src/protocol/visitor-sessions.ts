// The returning visitor's list of earlier conversations, as `POST /api/v1/visitor-sessions` answers it.

/** What a visitor id must look like: the SDK's UUIDs, or any 22–64 URL-safe characters. */
export const VISITOR_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** At most this many earlier conversations are listed. */
export const MAX_VISITOR_SESSIONS = 20;

/** One earlier conversation of the visitor. */
export interface VisitorSessionJson {
  session_id: string;
  state: "active" | "ended";
  created_at: string;
  ended_at: string | null;
  /** The conversation's last message (plain text, at most 140 characters), or null. */
  last_message: { from: "user" | "agent"; text: string } | null;
}
