// My open chats as tabs: last message, typing, unread badge, ended state; arrow keys move between them.
import { css, html } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { chatPreview } from "./chat-preview.js";
import type { Chat } from "./chat-state.js";
import { shortId } from "./format.js";
import { sidebarSection } from "./sidebar-styles.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

/** `<sb-chat-list>`: the tab list of the conversations I hold. */
export class ChatList extends StoreElement {
  static override styles = [
    shared,
    sidebarSection,
    css`
      h2 .count {
        margin-left: auto;
        font-weight: 550;
        letter-spacing: 0;
        text-transform: none;
        color: var(--sb-muted);
      }
      [role="tablist"] {
        display: grid;
        gap: 2px;
        padding: 0 8px 12px;
      }
      [role="tab"] {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 2px 8px;
        width: 100%;
        padding: 10px 12px;
        border: 1px solid transparent;
        border-radius: var(--sb-radius);
        background: transparent;
        text-align: left;
        color: inherit;
      }
      [role="tab"]:hover {
        background: var(--sb-surface);
      }
      [role="tab"][aria-selected="true"] {
        background: var(--sb-surface);
        border-color: var(--sb-border);
        box-shadow: var(--sb-shadow);
      }
      [role="tab"][aria-selected="true"] .title {
        color: var(--sb-accent);
      }
      .title {
        font-weight: 600;
        font-size: 13.5px;
      }
      .title small {
        margin-left: 6px;
        font-weight: 500;
        color: var(--sb-muted);
      }
      .line {
        grid-column: 1 / -1;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
        color: var(--sb-text-2);
        font-size: 12.5px;
      }
      .line.typing {
        color: var(--sb-accent);
        font-style: italic;
      }
      .ended .title,
      .ended .line {
        color: var(--sb-muted);
      }
      .tag {
        align-self: center;
        font-size: 11px;
        font-weight: 600;
        color: var(--sb-muted);
      }
    `,
  ];

  override render() {
    const chats = [...this.store.chats.values()];
    const max = this.store.me?.max_concurrent ?? 0;
    const held = chats.filter((c) => c.writable).length;
    return html`
      <h2 id="chats-title">My chats <span class="count">${held} of ${max}</span></h2>
      ${
        chats.length === 0
          ? html`<p class="empty">Accept a conversation to start chatting.</p>`
          : html`<div role="tablist" aria-labelledby="chats-title" aria-orientation="vertical" @keydown=${this.#keys}>
            ${repeat(
              chats,
              (c) => c.sessionId,
              (c) => this.#tab(c),
            )}
          </div>`
      }
    `;
  }

  // The tab's name is its whole content (id, queue, unread, state, last message), so a screen
  // reader hears what a sighted agent sees. Typing shows here only for chats not on screen: the
  // open chat shows it under its transcript, and once is enough.
  #tab(chat: Chat) {
    const selected = chat.sessionId === this.store.activeId;
    const typing = chat.userTyping && !selected;
    const line = typing
      ? "User is typing…"
      : (chatPreview(chat.items(this.store.me?.id ?? null)) ?? "No messages yet");
    return html`
      <button
        role="tab"
        id="tab-${chat.sessionId}"
        class=${chat.writable ? "" : "ended"}
        aria-selected=${selected ? "true" : "false"}
        tabindex=${selected ? 0 : -1}
        data-session=${chat.sessionId}
        @click=${() => this.store.open(chat.sessionId)}
      >
        <span class="title">${shortId(chat.sessionId)}<small>${chat.queue}</small></span>
        ${
          chat.unread > 0
            ? html`<span class="badge">${chat.unread}<span class="visually-hidden"> unread</span></span>`
            : chat.writable
              ? html`<span></span>`
              : html`<span class="tag">Closed</span>`
        }
        <span class="line ${typing ? "typing" : ""}" dir="auto">${line}</span>
      </button>
    `;
  }

  #keys(event: KeyboardEvent): void {
    if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const ids = [...this.store.chats.keys()];
    const at = ids.indexOf(this.store.activeId ?? "");
    const next =
      event.key === "Home"
        ? 0
        : event.key === "End"
          ? ids.length - 1
          : (at + (event.key === "ArrowDown" ? 1 : -1) + ids.length) % ids.length;
    const id = ids[next];
    if (!id) return;
    this.store.open(id);
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>(`[data-session="${id}"]`)?.focus(),
    );
  }
}

customElements.define("sb-chat-list", ChatList);
