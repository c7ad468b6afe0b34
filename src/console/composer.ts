// The message box: Enter sends, Shift+Enter breaks the line, typing is signalled, extras ride along.
import { css, html, nothing, type PropertyValues } from "lit";
import type { Chat } from "./chat-state.js";
import "./composer-extras.js";
import type { ComposerExtras } from "./composer-extras.js";
import { icon } from "./icons.js";
import { fillPlaceholders, searchSavedReplies, slashQuery } from "./saved-reply-search.js";
import { ariaKeys } from "./shortcuts.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { SavedReplyJson } from "./types.js";

/** `<sb-composer>`: writes to `.chat`; disabled once the chat is over. */
export class Composer extends StoreElement {
  static override properties = { chat: { attribute: false }, picked: { state: true } };
  declare chat: Chat;
  /** Which saved reply of the `/` list is highlighted. */
  declare picked: number;

  constructor() {
    super();
    this.picked = 0;
  }
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        padding: 6px 24px 20px;
        background: var(--sb-bg);
      }
      .box {
        max-width: 920px;
        margin: 0 auto;
        border: 1px solid var(--sb-border-strong);
        border-radius: 12px;
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow);
        overflow: hidden;
        transition: border-color 120ms, box-shadow 120ms;
      }
      .box:focus-within {
        border-color: var(--sb-accent);
        box-shadow: var(--sb-focus);
      }
      textarea {
        display: block;
        width: 100%;
        min-height: 64px;
        max-height: 200px;
        padding: 12px 14px 6px;
        border: 0;
        resize: none;
        font: inherit;
        line-height: 1.5;
        color: var(--sb-text);
        background: transparent;
        field-sizing: content;
      }
      /* The box around it carries the focus ring. */
      textarea:focus-visible {
        outline: none;
      }
      textarea:disabled {
        cursor: not-allowed;
      }
      .bar {
        display: flex;
        align-items: center;
        gap: 4px;
        padding: 6px 8px 8px;
      }
      .btn[aria-expanded="true"] {
        background: var(--sb-accent-soft);
        color: var(--sb-accent);
      }
      .hint {
        margin-left: auto;
        margin-right: 8px;
        color: var(--sb-muted);
        font-size: 12px;
      }
      .saved {
        max-width: 920px;
        margin: 0 auto 6px;
        padding: 4px;
        list-style: none;
        border: 1px solid var(--sb-border-strong);
        border-radius: 10px;
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow-lg);
        max-height: 240px;
        overflow-y: auto;
      }
      .saved li {
        display: flex;
        gap: 10px;
        padding: 6px 10px;
        border-radius: 6px;
        cursor: pointer;
      }
      .saved li[aria-selected="true"] {
        background: var(--sb-accent-soft);
      }
      .saved strong {
        color: var(--sb-accent);
        font-weight: 600;
        white-space: nowrap;
      }
      .saved span {
        color: var(--sb-text-2);
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .saved .none {
        cursor: default;
        color: var(--sb-text-2);
      }
      kbd {
        font-family: inherit;
        font-size: 11px;
        padding: 1px 5px;
        border: 1px solid var(--sb-border-strong);
        border-bottom-width: 2px;
        border-radius: 4px;
        background: var(--sb-surface-2);
      }
    `,
  ];

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const previous = changed.get("chat") as Chat | undefined;
    if (previous && previous !== this.chat) this.commands.stopTyping(previous);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("chat") && this.chat.writable) this.focus();
  }

  /** Opens the replies panel (the Alt+R shortcut); nothing once the chat is over. */
  openReplies(): void {
    if (this.chat.writable) this.#extras()?.open("replies");
  }

  /** Puts the caret in the text box. */
  override focus(): void {
    this.renderRoot.querySelector("textarea")?.focus();
  }

  override render() {
    const chat = this.chat;
    const open = chat.writable;
    const extras = this.#extras();
    const matches = this.#matches();
    const picked = matches ? Math.min(this.picked, Math.max(0, matches.length - 1)) : 0;
    return html`
      ${matches ? this.#savedList(matches, picked) : nothing}
      <div class="box">
        <sb-composer-extras .store=${this.store} .commands=${this.commands} .chat=${chat} @panel-change=${this.#panelChanged}></sb-composer-extras>
        <label class="visually-hidden" for="message">Message to the user</label>
        <textarea
          id="message"
          dir="auto"
          aria-keyshortcuts=${ariaKeys("composer")}
          aria-controls=${matches ? "saved-replies" : nothing}
          aria-activedescendant=${matches?.length ? `saved-${picked}` : nothing}
          aria-describedby="saved-hint"
          rows="2"
          .value=${chat.draft.text}
          ?disabled=${!open}
          placeholder=${open ? "Write a reply…" : "This conversation is closed"}
          @input=${this.#input}
          @keydown=${this.#keydown}
        ></textarea>
        <div class="bar">
          ${this.#toggle("link", "Link", extras?.panel === "link", !open)}
          ${this.#toggle("replies", "Quick replies", extras?.panel === "replies", !open)}
          <button class="btn ghost small" type="button" part="attach-file" ?disabled=${!open}
            @click=${(e: Event) =>
              (e.currentTarget as HTMLElement).parentElement
                ?.querySelector<HTMLInputElement>("input[type=file]")
                ?.click()}>
            ${icon("link", 15)} File
          </button>
          <input type="file" hidden tabindex="-1" aria-label="Choose a file to attach" @change=${this.#file} />
          <button class="btn ghost small" type="button" ?disabled=${!open || !chat.draft.text.trim()}
            title="Keep the text as an internal note: only the desk sees it" @click=${this.#note}>
            Add as note
          </button>
          <span class="hint" id="saved-hint"><kbd>/</kbd> saved replies · <kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line</span>
          <button class="btn primary" ?disabled=${!open || !chat.draft.text.trim()} @click=${() => this.#send()}>
            Send ${icon("send", 14)}
          </button>
        </div>
      </div>
    `;
  }

  /** Saved replies matching the draft while it is `/word`, else null (no list). */
  #matches(): SavedReplyJson[] | null {
    const query = this.chat.writable ? slashQuery(this.chat.draft.text) : null;
    return query === null ? null : searchSavedReplies(this.store.savedReplies, query);
  }

  #savedList(matches: SavedReplyJson[], picked: number) {
    return html`<ul class="saved" id="saved-replies" role="listbox" aria-label="Saved replies">
      ${
        matches.length === 0
          ? html`<li class="none" role="option" aria-disabled="true" aria-selected="false">No saved reply matches</li>`
          : matches.map(
              (reply, index) => html`<li
                id="saved-${index}"
                role="option"
                aria-selected=${index === picked ? "true" : "false"}
                @mousedown=${(event: Event) => {
                  event.preventDefault();
                  this.#insert(reply);
                }}
              ><strong>/${reply.shortcut}</strong><span>${reply.text}</span></li>`,
            )
      }
    </ul>`;
  }

  /** Replaces the `/word` draft with the reply, placeholders filled; the agent reviews, then sends. */
  #insert(reply: SavedReplyJson): void {
    const text = fillPlaceholders(reply.text, {
      visitorName: this.chat.visitorName ?? null,
      agentName: this.store.me?.name ?? "",
    });
    const area = this.renderRoot.querySelector("textarea");
    this.chat.draft.text = text;
    if (area) area.value = text;
    this.picked = 0;
    this.commands.typed(this.chat);
    this.store.saveDraft(this.chat);
    this.requestUpdate();
    this.focus();
  }

  // Uploads the picked file; its attachment joins the draft (a refusal shows in the extras).
  #file = async (event: Event): Promise<void> => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = "";
    const api = this.store.api;
    if (!file || !api) return;
    const chat = this.chat;
    const kept = await api.upload(chat.sessionId, file);
    const extras = this.#extras();
    if (!kept.ok) {
      if (extras) extras.problem = `${file.name}: ${kept.error.message}`;
      return;
    }
    if (extras) extras.problem = null;
    chat.draft.attachments = [...chat.draft.attachments, kept.value.attachment];
    this.store.draftChanged(chat);
  };

  #toggle(panel: "link" | "replies", label: string, expanded: boolean, disabled: boolean) {
    const glyph = icon(panel === "link" ? "link" : "reply", 15);
    return html`<button
      class="btn ghost small"
      type="button"
      ?disabled=${disabled}
      aria-expanded=${expanded ? "true" : "false"}
      aria-keyshortcuts=${panel === "replies" ? ariaKeys("replies") : nothing}
      @click=${() => this.#extras()?.toggle(panel)}
    >
      ${glyph} ${label}
    </button>`;
  }

  #panelChanged(): void {
    this.requestUpdate();
    if (!this.#extras()?.panel) this.focus();
  }

  #extras(): ComposerExtras | null {
    return this.renderRoot?.querySelector<ComposerExtras>("sb-composer-extras") ?? null;
  }

  #input(event: InputEvent): void {
    const text = (event.target as HTMLTextAreaElement).value;
    // A fresh `/`: the list may be stale, and the first match is highlighted.
    if (text === "/") void this.store.refreshSavedReplies();
    if (slashQuery(text) !== null) this.picked = 0;
    this.chat.draft.text = text;
    if (text.trim()) this.commands.typed(this.chat);
    else this.commands.stopTyping(this.chat);
    // Only the composer shows the text: save it without re-rendering the whole console.
    this.store.saveDraft(this.chat);
    this.requestUpdate();
  }

  #keydown(event: KeyboardEvent): void {
    const matches = this.#matches();
    if (matches && this.#listKey(event, matches)) return;
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.#send();
  }

  /** Arrows move, Enter or Tab inserts, Escape clears the search; true when the key was used. */
  #listKey(event: KeyboardEvent, matches: SavedReplyJson[]): boolean {
    if (event.isComposing) return false;
    const count = matches.length;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (count === 0) return false;
      event.preventDefault();
      const step = event.key === "ArrowDown" ? 1 : -1;
      this.picked = (Math.min(this.picked, count - 1) + step + count) % count;
      return true;
    }
    if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      const reply = matches[Math.min(this.picked, count - 1)];
      // Enter on "no match" sends nothing: `/typo` is not a message.
      if (!reply && event.key === "Tab") return false;
      event.preventDefault();
      if (!reply) return true;
      this.#insert(reply);
      return true;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation();
      this.chat.draft.text = "";
      const area = this.renderRoot.querySelector("textarea");
      if (area) area.value = "";
      this.store.saveDraft(this.chat);
      this.requestUpdate();
      return true;
    }
    return false;
  }

  async #note(): Promise<void> {
    await this.commands.addNote(this.chat);
    this.requestUpdate();
    this.focus();
  }

  async #send(): Promise<void> {
    if (!this.chat.draft.text.trim()) return;
    await this.commands.send(this.chat);
    this.focus();
  }
}

customElements.define("sb-composer", Composer);
