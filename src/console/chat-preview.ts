// The one-line summary of a chat for its tab and for notifications: the last message, as plain text.
import { plainText } from "./markdown.js";
import type { MessageItem, TranscriptItem } from "./transcript-model.js";

const PREFIX = { user: "", bot: "Bot: ", me: "You: " } as const;

// Items arrays are memoized per chat until its events change, so they key the previews too.
const previews = new WeakMap<readonly TranscriptItem[], string | null>();

/** The last message of `items` as "You: …", "Bot: …", "<agent>: …" or the user's words; null when none. */
export function chatPreview(items: readonly TranscriptItem[]): string | null {
  let preview = previews.get(items);
  if (preview === undefined) {
    preview = lastMessageLine(items);
    previews.set(items, preview);
  }
  return preview;
}

function lastMessageLine(items: readonly TranscriptItem[]): string | null {
  for (let i = items.length - 1; i >= 0; i -= 1) {
    const item = items[i];
    if (item?.kind !== "message") continue;
    const text = messageText(item);
    if (!text) continue;
    const prefix = item.author === "agent" ? `${item.name ?? "Agent"}: ` : PREFIX[item.author];
    return `${prefix}${text}`;
  }
  return null;
}

/** A message as plain text; one that only carries a link or image is named by its title. */
export function messageText(
  item: Pick<MessageItem, "text" | "attachments"> & Partial<Pick<MessageItem, "author">>,
): string {
  // The user's text is plain already; only agents' markdown loses its markup.
  const text =
    item.author === "user" ? item.text.replace(/\s+/g, " ").trim() : plainText(item.text);
  if (text) return text;
  const first = item.attachments[0];
  return first ? `Sent ${first.title || first.content_url || "an attachment"}` : "";
}
