// The transcript of the open chat: a live log that stays scrolled to the newest message while you read the end.
import { css, html, type PropertyValues } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { Chat } from "./chat-state.js";
import { messageStyles } from "./message-styles.js";
import { renderItem } from "./message-view.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

const NEAR_BOTTOM_PX = 96;

/** `<sb-transcript>`: every event of `.chat` in order, with the user's typing at the end. */
export class TranscriptView extends StoreElement {
  static override properties = { chat: { attribute: false } };
  declare chat: Chat;
  static override styles = [
    shared,
    messageStyles,
    css`
      .notes {
        margin: 0 0 12px;
        padding: 10px 12px;
        border: 1px dashed var(--sb-border-strong);
        border-radius: 10px;
        background: var(--sb-surface-2);
      }
      .notes ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 8px;
      }
      .notes .handed {
        margin: 0 0 8px;
        font-weight: 600;
      }
      .note {
        display: grid;
        gap: 2px;
      }
      .note .who {
        font-size: 12px;
        color: var(--sb-text-2);
      }
      .note .text {
        white-space: pre-wrap;
      }
      :host {
        display: block;
        overflow-y: auto;
        background: var(--sb-bg);
        scroll-behavior: auto;
      }
      :host(:focus-visible) {
        outline: var(--sb-focus-ring);
        outline-offset: -2px;
      }
      .log {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 14px;
        max-width: 920px;
        margin: 0 auto;
        padding: 24px 28px 12px;
      }
      .typing {
        display: flex;
        align-items: center;
        gap: 8px;
        min-height: 28px;
        max-width: 920px;
        margin: 0 auto;
        padding: 0 32px 16px;
        color: var(--sb-text-2);
        font-size: 12.5px;
        font-style: italic;
      }
      .dots {
        display: inline-flex;
        gap: 3px;
      }
      .dots i {
        width: 5px;
        height: 5px;
        border-radius: 50%;
        background: var(--sb-muted);
        animation: bounce 1.2s infinite ease-in-out;
      }
      .dots i:nth-child(2) {
        animation-delay: 0.15s;
      }
      .dots i:nth-child(3) {
        animation-delay: 0.3s;
      }
      @keyframes bounce {
        0%,
        80%,
        100% {
          transform: translateY(0);
          opacity: 0.5;
        }
        40% {
          transform: translateY(-3px);
          opacity: 1;
        }
      }
      .state {
        padding: 48px 24px;
        text-align: center;
        color: var(--sb-muted);
      }
    `,
  ];

  #stickToBottom = true;

  // The transcript scrolls: keyboard users reach it with Tab and scroll it with the arrow keys.
  override connectedCallback(): void {
    super.connectedCallback();
    this.tabIndex = 0;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.has("chat")) this.#stickToBottom = true;
    else
      this.#stickToBottom = this.scrollHeight - this.scrollTop - this.clientHeight < NEAR_BOTTOM_PX;
  }

  protected override updated(): void {
    if (this.#stickToBottom) this.scrollTop = this.scrollHeight;
  }

  // Notes sit above the transcript: the desk reads them first (a transfer's note above all).
  #notes() {
    const chat = this.chat;
    return html`<section class="notes" aria-label="Internal notes (only the desk sees these)">
      ${chat.handedBy ? html`<p class="handed">${chat.handedBy} handed this conversation to you.</p>` : null}
      <ul>
        ${chat.notes.map(
          (n) => html`<li class="note">
            <span class="who">${n.author.name} · internal note${n.transfer_to ? " with the transfer" : ""}</span>
            <span class="text" dir="auto">${n.text}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  override render() {
    const chat = this.chat;
    const items = chat.items(this.store.me?.id ?? null);
    return html`
      ${
        items.length === 0
          ? html`<div class="state">${chat.loading ? "Loading the conversation…" : (chat.loadError ?? "No messages yet.")}</div>`
          : null
      }
      ${chat.notes.length || chat.handedBy ? this.#notes() : null}
      <div class="log" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation transcript">
        ${repeat(
          items,
          (item) => item.key,
          (item) => renderItem(item),
        )}
      </div>
      <div class="typing" role="status" aria-live="polite">
        ${
          chat.userTyping
            ? html`<span class="dots" aria-hidden="true"><i></i><i></i><i></i></span> User is typing…`
            : null
        }
      </div>
    `;
  }
}

customElements.define("sb-transcript", TranscriptView);
