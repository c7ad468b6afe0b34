// The composer's emoji picker: a small grid of common emoji that inserts one at the caret.
import { html, type TemplateResult } from "lit";

/** The emoji offered, most used in support chats first. */
export const EMOJI = [
  "😀",
  "😊",
  "🙂",
  "😉",
  "😍",
  "😂",
  "🤔",
  "😅",
  "😢",
  "😮",
  "😡",
  "🙏",
  "👍",
  "👎",
  "👏",
  "🙌",
  "👋",
  "💪",
  "✅",
  "❌",
  "⭐",
  "❤️",
  "🎉",
  "🔥",
] as const;

/** The picker's grid; `pick` gets the chosen emoji. */
export function emojiPicker(label: string, pick: (emoji: string) => void): TemplateResult {
  return html`<div class="emoji-picker" part="emoji-picker" role="dialog" aria-label=${label} data-panel="emoji">
    ${EMOJI.map(
      (e) =>
        html`<button class="emoji" type="button" part="emoji" @click=${() => pick(e)}>${e}</button>`,
    )}
  </div>`;
}

/** `draft` with `text` put in place of the selection `[start, end)`, and where the caret goes after it. */
export function insertAt(
  draft: string,
  text: string,
  start: number,
  end: number,
): { value: string; caret: number } {
  const from = Math.max(0, Math.min(start, draft.length));
  const to = Math.max(from, Math.min(end, draft.length));
  return { value: draft.slice(0, from) + text + draft.slice(to), caret: from + text.length };
}
