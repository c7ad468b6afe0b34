// The console's names for the desk wire (defined once in src/protocol/desk-wire.ts) and its own API results.
import type { TypingState } from "../protocol/index.js";

export type {
  Attachment,
  DeskColleague,
  DeskFrame,
  DeskNoteJson,
  DeskSessionSummary as SessionInfo,
  DeskStatus,
  DeskUserJson as DeskUser,
  DeskVisitorJson,
  HeldSession,
  OfflineMessageJson,
  QueueEntry,
  QueueInfo,
  ResponseSuggestion,
  SavedReplyJson,
  UnassignReason,
  VisitorPresenceJson,
  VisitorSessionJson,
  WireEvent,
} from "../protocol/index.js";
export type { TypingState };

import type { Attachment, ResponseSuggestion } from "../protocol/index.js";

/** What the agent sends. */
export interface OutgoingMessage {
  text: string;
  attachments?: Attachment[];
  response_suggestions?: ResponseSuggestion[];
}

/** A failed desk API call: the HTTP status (0 when the server was not reached), code and message. */
export interface ApiError {
  status: number;
  code: string;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };
