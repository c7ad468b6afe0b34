// Saved replies as the APIs show them, and the rules every way of writing one checks.
import type { SavedReplyJson } from "../../protocol/index.js";
import type { SavedReplyRecord } from "../ports.js";

/** What the agent types after `/`: lower-case letters, digits, `-` and `_`, up to 40. */
export const SHORTCUT_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/;
/** Longest saved reply text: a long answer, well under a message's 10 000 characters. */
export const MAX_SAVED_REPLY_CHARS = 5000;

/** A saved reply as the admin and desk APIs show it. */
export function savedReplyJson(reply: SavedReplyRecord): SavedReplyJson {
  return {
    id: reply.id,
    queue: reply.scope.kind === "queue" ? reply.scope.queue : null,
    desk_user: reply.scope.kind === "desk_user" ? reply.scope.deskUserId : null,
    shortcut: reply.shortcut,
    text: reply.text,
    created_at: new Date(reply.createdAt).toISOString(),
    updated_at: new Date(reply.updatedAt).toISOString(),
  };
}

/** Problems of a shortcut and text, each naming its field under `path`. */
export function savedReplyProblems(shortcut: unknown, text: unknown, path = ""): string[] {
  const problems: string[] = [];
  if (typeof shortcut !== "string" || !SHORTCUT_PATTERN.test(shortcut))
    problems.push(
      `${path}shortcut: must be 1-40 lower-case letters, digits, "-" or "_", starting with a letter or digit`,
    );
  if (typeof text !== "string" || text.trim() === "" || text.length > MAX_SAVED_REPLY_CHARS)
    problems.push(
      `${path}text: must be a non-empty string of at most ${MAX_SAVED_REPLY_CHARS} characters`,
    );
  return problems;
}
