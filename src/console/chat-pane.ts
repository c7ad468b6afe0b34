// The main pane for the open chat: who and where, actions, the transcript, why it ended, and the composer.
import { css, html } from "lit";
import "./chat-actions.js";
import type { ChatActions } from "./chat-actions.js";
import "./composer.js";
import type { Chat } from "./chat-state.js";
import type { Composer } from "./composer.js";
import { formatTime, shortId } from "./format.js";
import { icon } from "./icons.js";
import { presenceText } from "./presence-text.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import { earlierList, earlierTranscript, visitorList } from "./visitor-panel.js";
import "./transcript-view.js";

/** `<sb-chat-pane>`: the active chat, or a friendly empty state. */
export class ChatPane extends StoreElement {
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      .panel {
        flex: 1;
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .head {
        display: flex;
        align-items: center;
        gap: 16px;
        min-height: 64px;
        padding: 10px 24px;
        background: var(--sb-surface);
        border-bottom: 1px solid var(--sb-border);
      }
      .who {
        display: grid;
        gap: 2px;
        min-width: 0;
      }
      h2 {
        margin: 0;
        font-size: 16px;
        font-weight: 650;
        letter-spacing: -0.01em;
      }
      .meta {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 12px;
        color: var(--sb-muted);
        font-size: 12.5px;
      }
      .meta .queue {
        color: var(--sb-accent);
        font-weight: 600;
      }
      sb-chat-actions {
        margin-left: auto;
      }
      .presence {
        font-size: 12.5px;
      }

      .visitor {
        position: relative;
        font-size: 13px;
      }
      .visitor summary {
        cursor: pointer;
        color: var(--sb-text-2);
        font-weight: 600;
      }
      .visitor dl {
        position: absolute;
        z-index: 5;
        display: grid;
        grid-template-columns: auto 1fr;
        gap: 4px 12px;
        min-width: 280px;
        margin: 6px 0 0;
        padding: 12px 14px;
        border: 1px solid var(--sb-border-strong);
        border-radius: 10px;
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow-lg);
      }
      .visitor dt {
        color: var(--sb-text-2);
      }
      .visitor .panel {
        position: absolute;
        z-index: 5;
        min-width: 320px;
        max-width: 420px;
        margin: 6px 0 0;
        padding: 12px 14px;
        border: 1px solid var(--sb-border-strong);
        border-radius: 10px;
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow-lg);
      }
      .visitor .panel dl {
        position: static;
        margin: 0;
        padding: 0;
        border: 0;
        box-shadow: none;
        min-width: 0;
      }
      .visitor dd {
        overflow-wrap: anywhere;
      }
      .tag {
        padding: 0 6px;
        border-radius: 999px;
        background: var(--sb-bg);
        color: var(--sb-text-2);
        font-size: 11.5px;
      }
      .earlier h3 {
        margin: 12px 0 6px;
        font-size: 13px;
      }
      .earlier ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 6px;
      }
      .earlier .last {
        display: block;
        color: var(--sb-text-2);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .earlier .none {
        margin: 0;
        color: var(--sb-text-2);
      }
      .link {
        padding: 0;
        border: 0;
        background: none;
        color: var(--sb-accent);
        font: inherit;
        font-weight: 600;
        text-decoration: underline;
        cursor: pointer;
      }
      .earlier-view {
        max-height: 40%;
        overflow-y: auto;
        padding: 12px 24px;
        background: var(--sb-surface);
        border-bottom: 1px solid var(--sb-border);
        font-size: 13px;
      }
      .earlier-head {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 8px;
      }
      .earlier-head .btn {
        margin-left: auto;
      }
      .earlier-view ol {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 4px;
      }
      .earlier-view .who {
        font-weight: 600;
      }
      .earlier-view time {
        color: var(--sb-text-2);
        font-size: 12px;
      }
      .visitor dd {
        margin: 0;
      }
      sb-transcript {
        flex: 1;
        min-height: 0;
      }
      .banner {
        display: flex;
        align-items: center;
        gap: 12px;
        max-width: 920px;
        margin: 0 auto 12px;
        padding: 10px 14px;
        border-radius: var(--sb-radius);
        font-size: 13px;
      }
      .wrap {
        padding: 0 24px;
        background: var(--sb-bg);
      }
      .closed {
        background: var(--sb-surface);
        border: 1px solid var(--sb-border);
        color: var(--sb-text-2);
      }
      .closed strong {
        color: var(--sb-text);
      }
      .failed {
        background: var(--sb-danger-soft);
        color: var(--sb-danger);
      }
      .empty {
        flex: 1;
        display: grid;
        place-content: center;
        justify-items: center;
        gap: 8px;
        padding: 24px;
        text-align: center;
        color: var(--sb-text-2);
      }
      .empty .art {
        display: grid;
        place-items: center;
        width: 64px;
        height: 64px;
        margin-bottom: 8px;
        border-radius: 18px;
        background: var(--sb-accent-soft);
        color: var(--sb-accent);
      }
      .empty .title {
        margin: 0;
        font-size: 17px;
        color: var(--sb-text);
      }
      .empty p {
        margin: 0;
        max-width: 360px;
      }
    `,
  ];

  override render() {
    const chat = this.store.activeChat;
    if (!chat) return this.#empty();
    const info = chat.info;
    return html`
      <div class="panel" role="tabpanel" aria-label="Conversation ${shortId(chat.sessionId)}">
      <div class="head">
        <div class="who">
          <h2>Conversation ${shortId(chat.sessionId)}</h2>
          <div class="meta">
            <span class="queue">${chat.queue || "—"}</span>
            ${info?.platform ? html`<span>${info.platform}</span>` : null}
            ${info?.language ? html`<span>${info.language}</span>` : null}
            ${info ? html`<span>started ${formatTime(info.created_at)}</span>` : null}
            ${
              chat.visitor
                ? html`<span class="presence ${chat.visitor.online ? "online" : "offline"}" data-presence role="status">
                    <span class="visually-hidden">Visitor:</span> ${presenceText(chat.visitor)}
                  </span>`
                : null
            }
          </div>
        </div>
        ${info ? this.#visitor(chat) : null}
        <sb-chat-actions .store=${this.store} .commands=${this.commands} .chat=${chat}></sb-chat-actions>
      </div>
      ${earlierTranscript(chat, () => void this.store.openEarlier(chat, null))}
      <sb-transcript .store=${this.store} .commands=${this.commands} .chat=${chat}></sb-transcript>
      <div class="wrap">
        ${
          chat.closure
            ? html`<div class="banner closed" role="status"><strong>Closed.</strong> ${chat.closure.message}</div>`
            : null
        }
        ${chat.actionError ? html`<div class="banner failed" role="alert">${chat.actionError}</div>` : null}
      </div>
      <sb-composer .store=${this.store} .commands=${this.commands} .chat=${chat}></sb-composer>
      </div>
    `;
  }

  // What is known about the visitor, one click away from the conversation.
  #visitor(chat: Chat) {
    return html`<details class="visitor">
      <summary>Visitor</summary>
      <div class="panel">
        ${visitorList(chat)}
        ${earlierList(chat, (id) => void this.store.openEarlier(chat, id))}
      </div>
    </details>`;
  }

  /** Puts the caret in the open chat's message box. */
  focusComposer(): void {
    this.#composer()?.focus();
  }

  /** Opens the composer's replies panel. */
  openReplies(): void {
    this.#composer()?.openReplies();
  }

  /** Opens the transfer menu of the open chat. */
  openTransfer(): void {
    void this.#actions()?.openTransfer();
  }

  /** Asks to end the open chat. */
  askEnd(): void {
    this.#actions()?.askEnd();
  }

  #composer(): Composer | null {
    return this.renderRoot.querySelector<Composer>("sb-composer");
  }

  #actions(): ChatActions | null {
    return this.renderRoot.querySelector<ChatActions>("sb-chat-actions");
  }

  #empty() {
    const waiting = this.store.waiting.length;
    return html`<div class="empty">
      <div class="art" aria-hidden="true">${icon("chats", 30)}</div>
      <h2 class="title">${this.store.chats.size ? "Pick a chat" : "No conversation open"}</h2>
      <p>
        ${
          waiting
            ? `${waiting} ${waiting === 1 ? "person is" : "people are"} waiting. Accept one from the queue on the left.`
            : "When someone asks for a human, they appear in the queue on the left."
        }
      </p>
    </div>`;
  }
}

customElements.define("sb-chat-pane", ChatPane);
