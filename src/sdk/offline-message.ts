// An offline message from the visitor (email, optional name, message) when nobody could take the chat.
import { joinUrl, postJson } from "./http.js";
import type { FetchLike, OfflineMessageInput, OfflineMessageResult } from "./types.js";

/** POSTs the visitor's offline message for the session; failures come back as values. */
export async function sendOfflineMessage(
  fetchFn: FetchLike,
  baseUrl: string,
  target: { sessionId: string; accessToken: string },
  input: OfflineMessageInput,
): Promise<OfflineMessageResult> {
  const body: Record<string, unknown> = { email: input.email, message: input.message };
  if (input.name !== undefined && input.name.trim() !== "") body.name = input.name;
  const answer = await postJson(
    fetchFn,
    joinUrl(baseUrl, `/api/v1/sessions/${encodeURIComponent(target.sessionId)}/offline-message`),
    { Authorization: `Bearer ${target.accessToken}` },
    body,
  );
  if (answer.ok) return { ok: true };
  return { ok: false, error: answer.error };
}
