// Renders one conversation line: agent and user bubbles, attachments, delivery state and notices.
import { html, nothing, type TemplateResult } from "lit";
import { unsafeHTML } from "lit/directives/unsafe-html.js";
import type { Attachment, ConversationMessage } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";
import {
  alertIcon,
  checkIcon,
  clockIcon,
  infoIcon,
  linkIcon,
  retryIcon,
  userPlusIcon,
} from "./icons.js";
import { renderMarkdown } from "./markdown.js";
import { type NoticeInfo, noticeText } from "./notice-text.js";
import { displayHost, httpUrl, textOf } from "./safe-url.js";

/** What a message view needs besides the message. */
export interface MessageContext {
  t: UiStrings;
  /** Avatar of a speaker (already sized); the view decides when to show it. */
  avatar: (name: string, avatarUrl: string | undefined, size: number) => TemplateResult;
  /** Extra facts about handoff notices, keyed by event id (live agents' names, avatars, routes). */
  noticeInfo: (id: string) => NoticeInfo | undefined;
  retry: (id: string) => void;
  /** Whether this user message is the latest of the user's (only it shows "Sent"). */
  isLatestUser: (id: string) => boolean;
  /** The local time of day of an ISO timestamp, in the interface's language ("" when unreadable). */
  time: (iso: string) => string;
}

/** One message line; `first` is true for the first of a run of lines from the same speaker. */
export function messageView(
  m: ConversationMessage,
  first: boolean,
  ctx: MessageContext,
): TemplateResult {
  if (m.from === "system") return noticeView(m, ctx);
  if (m.from === "user") return userView(m, ctx);
  const name = m.agentName?.trim() || ctx.t.agent;
  return html`<div class="row agent ${first ? "first" : ""}" data-from=${m.from} data-id=${m.id}>
    <div class="gutter">${first ? ctx.avatar(name, m.avatarUrl, 28) : nothing}</div>
    <div class="stack">
      ${first ? html`<div class="speaker">${name}</div>` : nothing}
      ${
        m.text.trim() !== "" || !m.complete
          ? html`<div class="bubble agent-bubble" part="bubble agent-bubble" dir="auto" aria-busy=${m.complete ? "false" : "true"}>
            <div class="md">${unsafeHTML(renderMarkdown(m.text))}</div>${m.complete ? nothing : html`<span class="caret" aria-hidden="true"></span>`}
          </div>`
          : nothing
      }
      ${m.attachments.map(attachmentView)}
      ${m.complete ? stamp(m, ctx) : nothing}
    </div>
  </div>`;
}

/** When a message was sent, shown on hover and focus (and read after it by screen readers). */
function stamp(m: ConversationMessage, ctx: MessageContext): TemplateResult | typeof nothing {
  const when = ctx.time(m.timestamp);
  return when
    ? html`<time class="stamp" part="timestamp" datetime=${m.timestamp}>${when}</time>`
    : nothing;
}

function userView(m: ConversationMessage, ctx: MessageContext): TemplateResult {
  const { t } = ctx;
  let status: TemplateResult | typeof nothing = nothing;
  if (m.status === "sending") status = html`<div class="delivery">${t.sending}</div>`;
  else if (m.status === "failed") {
    status = html`<div class="delivery failed" role="alert">
      ${alertIcon()} ${t.failed}
      <button class="link-button" type="button" @click=${() => ctx.retry(m.id)}>${retryIcon()} ${t.retry}</button>
    </div>`;
  } else if (m.status === "sent" && ctx.isLatestUser(m.id)) {
    status = m.seen
      ? html`<div class="delivery seen" data-seen="true">${checkIcon()}${t.seen}</div>`
      : html`<div class="delivery">${t.sent}</div>`;
  }
  return html`<div class="row user" data-from="user" data-id=${m.id} data-status=${m.status ?? "sent"}>
    <div class="stack">
      <div class="bubble user-bubble" part="bubble user-bubble" dir="auto"><span class="sr-only">${t.you}: </span>${m.text}</div>
      ${m.attachments.map(attachmentView)}
      ${status}${m.status === "sent" ? stamp(m, ctx) : nothing}
    </div>
  </div>`;
}

/** System notices and handoff steps; the texts are localised where the widget knows the step. */
function noticeView(m: ConversationMessage, ctx: MessageContext): TemplateResult {
  const info = ctx.noticeInfo(m.id);
  const { kind, level, text } = noticeText(m, ctx.t, info);
  if (kind === "joined") {
    return html`<div class="notice joined" role="note" data-kind="joined" data-id=${m.id} part="notice">
      ${ctx.avatar(info?.name?.trim() || ctx.t.agent, info?.avatarUrl, 36)}<span>${text}</span>
    </div>`;
  }
  const route = kind === "client_required" ? httpUrl(info?.route) : null;
  const icon = ICONS[kind]?.() ?? (level === "info" ? infoIcon() : alertIcon());
  return html`<div class="notice ${level}" role="note" data-kind=${kind} data-id=${m.id} part="notice">
    ${icon}<span dir="auto">${text}</span>
    ${
      route
        ? html`<a class="notice-link" href=${route} target="_blank" rel="noopener noreferrer">${ctx.t.continueHere}${linkIcon()}</a>`
        : nothing
    }
  </div>`;
}

const ICONS: Record<string, () => TemplateResult> = {
  queued: clockIcon,
  client_required: userPlusIcon,
  timed_out: alertIcon,
};

/** An attachment: an image (http(s) only, with alt text) or a link card; anything else is plain text. */
export function attachmentView(a: Attachment): TemplateResult {
  const title = textOf(a.title);
  const href = httpUrl(a.content_url);
  if (a.content_type === "ATTACHMENT_CONTENT_TYPE_IMAGE" && href) {
    return html`<a class="attachment image" part="attachment" href=${href} target="_blank" rel="noopener noreferrer">
      <img src=${href} alt=${title || displayHost(href)} loading="lazy" referrerpolicy="no-referrer" />
      ${title ? html`<span class="caption">${title}</span>` : nothing}
    </a>`;
  }
  if (!href) {
    return html`<div class="attachment card inert" part="attachment"><span class="card-title">${title}</span></div>`;
  }
  const preview = httpUrl(a.preview_image_url);
  const action = textOf(a.call_to_action_text);
  return html`<a class="attachment card" part="attachment" href=${href} target="_blank" rel="noopener noreferrer">
    ${preview ? html`<img class="preview" src=${preview} alt="" loading="lazy" referrerpolicy="no-referrer" />` : nothing}
    <span class="card-body">
      <span class="card-title">${title || displayHost(href)}</span>
      <span class="card-host">${displayHost(href)}</span>
    </span>
    <span class="card-action">${action}${linkIcon()}</span>
  </a>`;
}
