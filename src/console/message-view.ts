// How one transcript item looks: bubbles by author (the AI part tinted and labelled), cards, chips, notes.

import { html } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import { formatTime } from "./format.js";
import { icon } from "./icons.js";
import { renderMarkdown, safeUrl } from "./markdown.js";
import type { MessageItem, NoteItem, TranscriptItem } from "./transcript-model.js";
import type { Attachment } from "./types.js";

const AUTHOR_LABEL = { user: "User", bot: "Bot", me: "You", agent: "Agent" } as const;

/** One transcript item. */
export function renderItem(item: TranscriptItem) {
  return item.kind === "note" ? renderNote(item) : renderMessage(item);
}

function renderNote(note: NoteItem) {
  return html`<div class="note ${note.tone}" data-kind="note">
    <span>${note.text}</span><time datetime=${note.timestamp}>${formatTime(note.timestamp)}</time>
  </div>`;
}

function renderMessage(m: MessageItem) {
  const name = m.author === "bot" ? m.name : m.author === "agent" ? m.name : null;
  return html`
    <article class="msg ${m.author}" data-author=${m.author} aria-label="${AUTHOR_LABEL[m.author]} message">
      <header>
        ${m.author === "bot" ? html`<span class="bot-tag">Bot</span>` : html`<span>${AUTHOR_LABEL[m.author]}</span>`}
        ${name ? html`<span class="name">${name}</span>` : null}
        <time datetime=${m.timestamp}>${formatTime(m.timestamp)}</time>
      </header>
      ${
        m.text || m.streaming
          ? html`<div class="bubble">
            ${messageBody(m)}
            ${m.streaming ? html`<span class="cursor" aria-label="still writing"></span>` : null}
          </div>`
          : null
      }
      ${m.attachments.length ? html`<div class="attachments">${m.attachments.map(renderAttachment)}</div>` : null}
      ${
        m.suggestions.length
          ? html`<div class="chips" aria-label="Quick replies offered to the user">
            ${m.suggestions.map((s) => html`<span class="chip">${s.message_text}</span>`)}
          </div>`
          : null
      }
    </article>
  `;
}

// What the user typed is plain text: the widget shows it as typed, so the desk sees the same characters.
function messageBody(m: MessageItem) {
  if (m.author === "user") return html`<div class="md plain" dir="auto">${m.text}</div>`;
  return html`<div class="md" dir="auto">${unsafeHTML(renderMarkdown(m.text))}</div>`;
}

function renderAttachment(a: Attachment) {
  const href = safeUrl(a.content_url);
  const preview =
    safeUrl(a.preview_image_url) ??
    (a.content_type === "ATTACHMENT_CONTENT_TYPE_IMAGE" ? href : null);
  const host = href ? hostOf(href) : "link removed";
  const body = html`
    ${preview ? html`<img src=${preview} alt=${a.title || "Image"} loading="lazy" referrerpolicy="no-referrer" />` : null}
    <span class="card-text">
      <strong>${a.title || host}</strong>
      <small>${host}</small>
      ${a.call_to_action_text ? html`<span class="cta">${a.call_to_action_text} ${icon("arrowRight", 12)}</span>` : null}
    </span>
  `;
  return href
    ? html`<a class="card" href=${href} target="_blank" rel="noopener noreferrer nofollow">${body}</a>`
    : html`<div class="card">${body}</div>`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
}
