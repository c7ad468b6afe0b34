// Renders the chat window (header, banner, message list, indicators, suggestions, composer) from a view model.
import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type {
  Conversation,
  ConversationMessage,
  EarlierConversation,
  ResponseSuggestion,
} from "../sdk/index.js";
import { emojiPicker } from "./emoji-picker.js";
import type { FileStrings } from "./file-strings.js";
import type { UiStrings } from "./i18n.js";
import {
  alertIcon,
  downloadIcon,
  endIcon,
  minimiseIcon,
  paperclipIcon,
  retryIcon,
  sendIcon,
  smileIcon,
} from "./icons.js";
import { type MessageContext, messageView } from "./message-view.js";
import {
  type OfflineFormHandlers,
  type OfflineFormState,
  offlineFormView,
} from "./offline-form.js";
import type { OfflineStrings } from "./offline-strings.js";
import { type RatingHandlers, type RatingPanel, ratingView } from "./rating-view.js";
import { canCompose, type WidgetPhase } from "./widget-state.js";

/** Everything the window shows. */
export interface WindowModel {
  t: UiStrings;
  language: string;
  phase: WidgetPhase;
  conversation: Conversation;
  identity: { name: string; avatarUrl?: string; live: boolean; waiting?: boolean };
  draft: string;
  ctx: MessageContext;
  /** The "End this chat?" question is showing. */
  confirmingEnd: boolean;
  emojiOpen: boolean;
  /** Attaching: the control's texts and the upload under way or its refusal. */
  files?: {
    t: FileStrings;
    upload: { name: string; percent: number } | { error: string } | null;
    accept: string;
  };
  rating: RatingPanel;
  /** The visitor's other conversations, listed with an ended one. */
  earlier: readonly EarlierConversation[];
  /** Nobody could take the chat: the offline form replaces the composer. */
  offline?: { form: OfflineFormState; t: OfflineStrings; reason: string | undefined };
}

/** What the window's controls do. */
export interface WindowHandlers {
  close(): void;
  /** The header's End chat: asks first. */
  askEnd(): void;
  /** The question's answer: end, or keep chatting. */
  end(): void;
  keepChatting(): void;
  send(): void;
  input(value: string): void;
  suggestion(s: ResponseSuggestion): void;
  newChat(): void;
  /** Opens one of the visitor's earlier conversations. */
  openEarlier(sessionId: string): void;
  tryAgain(): void;
  keydown(event: KeyboardEvent): void;
  scrolled(event: Event): void;
  download(): void;
  toggleEmoji(): void;
  /** A file picked, dropped or pasted. */
  attach(file: File): void;
  dismissUpload(): void;
  emoji(emoji: string): void;
  rating: RatingHandlers;
  offline: OfflineFormHandlers;
}

/** The whole window. */
export function windowView(m: WindowModel, on: WindowHandlers): TemplateResult {
  const { t, phase, identity } = m;
  const status = statusLine(m);
  return html`<section id="sb-window" class="window" part="window" role="dialog" aria-modal="false"
    aria-labelledby="sb-title" aria-describedby="sb-status" lang=${m.language} @keydown=${on.keydown}
    @dragover=${(e: DragEvent) => {
      if (m.files && canCompose(m.phase)) e.preventDefault();
    }}
    @drop=${(e: DragEvent) => {
      const file = m.files && canCompose(m.phase) ? e.dataTransfer?.files[0] : undefined;
      if (!file) return;
      e.preventDefault();
      on.attach(file);
    }}>
    <header class="header" part="header">
      <span class="header-avatar">
        ${m.ctx.avatar(identity.name, identity.avatarUrl, 40)}
        <span class="presence ${phase === "chatting" && !identity.waiting && !m.offline ? "on" : "off"}" aria-hidden="true"></span>
      </span>
      <span class="who">
        <h2 id="sb-title" class="title" part="title">${identity.name}</h2>
        <span id="sb-status" class="status">${status}</span>
      </span>
      ${
        canCompose(phase)
          ? html`<button class="icon-button" type="button" part="end-button" aria-label=${t.endChat} title=${t.endChat}
              aria-haspopup="dialog" aria-expanded=${m.confirmingEnd ? "true" : "false"} @click=${on.askEnd}>${endIcon()}</button>`
          : nothing
      }
      ${
        m.conversation.messages.length > 0
          ? html`<button class="icon-button" type="button" part="download-button" aria-label=${t.downloadTranscript} title=${t.downloadTranscript} @click=${on.download}>${downloadIcon()}</button>`
          : nothing
      }
      <button class="icon-button" type="button" part="close-button" aria-label=${t.close} title=${t.close} @click=${on.close}>${minimiseIcon()}</button>
    </header>
    ${banner(m)}
    ${m.confirmingEnd && canCompose(phase) ? endQuestion(t, on) : nothing}
    <div class="messages" part="messages" role="log" aria-live="off" aria-label=${t.windowLabel} tabindex="0" @scroll=${on.scrolled}>
      ${phase === "starting" || phase === "idle" ? skeleton(t) : nothing}
      ${messagesView(m.conversation.messages, m.ctx)}
      ${indicators(m)}
      ${phase === "unavailable" ? unavailable(t, on) : nothing}
    </div>
    ${
      phase === "ended"
        ? endedPanel(m, on)
        : m.offline
          ? offlineFormView(m.offline.form, m.offline.t, m.offline.reason, on.offline)
          : composer(m, on)
    }
    <div class="footer" part="footer">${t.poweredBy}</div>
  </section>`;
}

function statusLine(m: WindowModel): string {
  const { t, phase, identity } = m;
  if (phase === "starting" || phase === "idle") return t.connecting;
  if (phase === "reconnecting") return t.connecting;
  if (phase === "offline") return t.offlineStatus;
  if (phase === "ended" || phase === "unavailable") return t.offline;
  if (identity.waiting) return t.waitingFor(m.conversation.handoff.queueName);
  // Nobody can take the chat: the header does not say "Online".
  if (m.offline) return m.offline.t.status;
  return identity.live ? t.liveAgent : t.online;
}

// The connection's truth, above the messages: reconnecting, or offline (which says sends wait).
function banner(m: WindowModel): TemplateResult | typeof nothing {
  const { t, phase } = m;
  if (phase === "reconnecting") {
    return html`<div class="banner" part="banner" role="status" data-banner="reconnecting"><span class="spinner" aria-hidden="true"></span>${t.reconnecting}</div>`;
  }
  if (phase === "offline") {
    return html`<div class="banner" part="banner" role="status" data-banner="offline">${alertIcon()}${t.offlineBanner}</div>`;
  }
  return nothing;
}

// Asked inside the window (no browser dialog): what ending means, and keeping the chat as the safe default.
function endQuestion(t: UiStrings, on: WindowHandlers): TemplateResult {
  return html`<div class="confirm" part="end-confirm" role="alertdialog" aria-modal="false"
    aria-labelledby="sb-end-title" aria-describedby="sb-end-text" data-panel="end-confirm">
    <h3 id="sb-end-title" class="confirm-title">${t.endTitle}</h3>
    <p id="sb-end-text">${t.endExplained}</p>
    <div class="confirm-actions">
      <button class="secondary" type="button" part="keep-chatting" data-action="keep" @click=${on.keepChatting}>${t.keepChatting}</button>
      <button class="danger" type="button" part="end-confirm-button" data-action="end" @click=${on.end}>${t.endConfirm}</button>
    </div>
  </div>`;
}

function messagesView(messages: readonly ConversationMessage[], ctx: MessageContext) {
  let previous: ConversationMessage | undefined;
  return messages.map((message) => {
    const first =
      previous === undefined ||
      previous.from !== message.from ||
      (previous.agentName ?? "") !== (message.agentName ?? "");
    previous = message;
    return messageView(message, first, ctx);
  });
}

function indicators(m: WindowModel): TemplateResult | typeof nothing {
  const { conversation: c, t } = m;
  if (m.phase === "ended") return nothing;
  // Until the first queue status arrives, which then says where the visitor is.
  const waiting =
    c.handoff.state === "requested" ||
    (c.handoff.state === "queued" && c.handoff.position === undefined && !c.handoff.displayMessage);
  const name = c.agent.name?.trim() || t.agent;
  return html`
    ${
      waiting
        ? html`<div class="notice connecting" role="note" data-kind="connecting"><span class="spinner" aria-hidden="true"></span><span>${t.handoffRequested}</span></div>`
        : nothing
    }
    ${
      c.thinking || c.liveAgentTyping
        ? html`<div class="row agent first typing" data-indicator=${c.thinking ? "thinking" : "typing"}>
          <div class="gutter">${m.ctx.avatar(name, c.agent.avatarUrl, 28)}</div>
          <div class="stack">
            <div class="bubble agent-bubble dots" part="bubble typing-indicator" role="status" aria-label=${c.thinking ? t.thinking : t.typing(name)}>
              <span></span><span></span><span></span>
            </div>
          </div>
        </div>`
        : nothing
    }`;
}

function skeleton(t: UiStrings): TemplateResult {
  return html`<div class="skeleton" aria-busy="true" aria-label=${t.connecting}>
    <span class="bone w70"></span><span class="bone w50"></span><span class="bone w60"></span>
  </div>`;
}

function unavailable(t: UiStrings, on: WindowHandlers): TemplateResult {
  return html`<div class="panel" role="alert" data-panel="unavailable">
    <p>${t.unavailable}</p>
    <button class="primary" type="button" @click=${on.tryAgain}>${retryIcon()} ${t.tryAgain}</button>
  </div>`;
}

function endedPanel(m: WindowModel, on: WindowHandlers): TemplateResult {
  const { t } = m;
  return html`<div class="ended" part="ended" data-panel="ended">
    <p>${t.ended}</p>
    ${ratingView(m.rating, t, on.rating)}
    <button class="primary" type="button" part="new-chat" @click=${on.newChat}>${t.newChat}</button>
    ${m.earlier.length > 0 ? earlierList(m, on) : nothing}
  </div>`;
}

// A short list of the visitor's other conversations: when each began, and its last message.
function earlierList(m: WindowModel, on: WindowHandlers): TemplateResult {
  const { t } = m;
  const when = (iso: string) =>
    new Date(iso).toLocaleString(m.language, {
      day: "numeric",
      month: "short",
      hour: "2-digit",
      minute: "2-digit",
    });
  return html`<section class="earlier" part="earlier" aria-labelledby="sb-earlier-title">
    <h3 id="sb-earlier-title" class="earlier-title">${t.earlierTitle}</h3>
    <ul>
      ${m.earlier.map(
        (e) => html`<li>
          <button class="earlier-item" type="button" part="earlier-item" data-session=${e.sessionId}
            @click=${() => on.openEarlier(e.sessionId)}>
            <span class="earlier-when">${when(e.createdAt)}${e.state === "active" ? ` · ${t.earlierActive}` : ""}</span>
            ${e.lastMessage ? html`<span class="earlier-text" dir="auto">${e.lastMessage.text}</span>` : nothing}
          </button>
        </li>`,
      )}
    </ul>
  </section>`;
}

function composer(m: WindowModel, on: WindowHandlers): TemplateResult {
  const { t, conversation: c } = m;
  const enabled = canCompose(m.phase);
  const suggestions = enabled ? c.suggestions : [];
  return html`
    ${
      suggestions.length > 0
        ? html`<div class="suggestions" part="suggestions" role="group" aria-label=${t.suggestions}>
          ${suggestions.map(
            (s) =>
              html`<button class="suggestion" type="button" part="suggestion" @click=${() => on.suggestion(s)}>${s.message_text}</button>`,
          )}
        </div>`
        : nothing
    }
    ${m.emojiOpen && enabled ? emojiPicker(t.emoji, on.emoji) : nothing}
    ${m.files ? uploadStatus(m.files, on) : nothing}
    <form class="composer" part="composer" @submit=${(e: Event) => {
      e.preventDefault();
      on.send();
    }}>
      <button class="icon-button emoji-button" type="button" part="emoji-button" aria-label=${t.emoji} title=${t.emoji}
        aria-expanded=${m.emojiOpen ? "true" : "false"} ?disabled=${!enabled} @click=${on.toggleEmoji}>${smileIcon()}</button>
      ${m.files ? attachControl(m.files, enabled, on) : nothing}
      <textarea class="input" part="input" rows="1" maxlength="4000" aria-label=${t.inputLabel}
        placeholder=${t.inputPlaceholder} ?disabled=${!enabled} .value=${live(m.draft)}
        @input=${(e: Event) => on.input((e.target as HTMLTextAreaElement).value)}
        @paste=${(e: ClipboardEvent) => {
          const file = m.files && enabled ? e.clipboardData?.files[0] : undefined;
          if (!file) return;
          e.preventDefault();
          on.attach(file);
        }}></textarea>
      <button class="send" type="submit" part="send" aria-label=${t.send} title=${t.send}
        ?disabled=${!enabled || m.draft.trim() === ""}>${sendIcon()}</button>
    </form>`;
}

// The paperclip and the hidden picker it opens.
function attachControl(
  files: NonNullable<WindowModel["files"]>,
  enabled: boolean,
  on: WindowHandlers,
): TemplateResult {
  const busy = files.upload !== null && "percent" in files.upload;
  return html`<button class="icon-button attach-button" type="button" part="attach-button"
      aria-label=${files.t.attach} title=${files.t.attach} ?disabled=${!enabled || busy}
      @click=${(e: Event) => {
        const form = (e.currentTarget as HTMLElement).closest("form");
        (form?.querySelector('[part="file-input"]') as HTMLInputElement | null)?.click();
      }}>${paperclipIcon()}</button>
    <input class="file-input" type="file" part="file-input" hidden tabindex="-1" accept=${files.accept}
      aria-label=${files.t.picker}
      @change=${(e: Event) => {
        const input = e.target as HTMLInputElement;
        const file = input.files?.[0];
        input.value = "";
        if (file) on.attach(file);
      }} />`;
}

// The upload under way (a progress bar) or why it was refused (an alert).
function uploadStatus(
  files: NonNullable<WindowModel["files"]>,
  on: WindowHandlers,
): TemplateResult {
  const u = files.upload;
  if (u === null) return html``;
  if ("error" in u) {
    return html`<div class="upload upload-error" part="upload-error" role="alert">
      <span>${u.error}</span>
      <button class="icon-button" type="button" aria-label=${files.t.dismiss} title=${files.t.dismiss}
        @click=${on.dismissUpload}>×</button>
    </div>`;
  }
  return html`<div class="upload" part="upload">
    <span>${files.t.uploading(u.name)}</span>
    <progress max="100" .value=${u.percent} aria-label=${files.t.progress}></progress>
  </div>`;
}
