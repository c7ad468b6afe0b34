// The message box: Enter sends, Shift+Enter breaks the line, typing is signalled, extras ride along.
import { css, html, nothing, type PropertyValues } from "lit";
import type { Chat } from "./chat-state.js";
import "./composer-extras.js";
import type { ComposerExtras } from "./composer-extras.js";
import { icon } from "./icons.js";
import { ariaKeys } from "./shortcuts.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

/** `<sb-composer>`: writes to `.chat`; disabled once the chat is over. */
export class Composer extends StoreElement {
  static override properties = { chat: { attribute: false } };
  declare chat: Chat;
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
    return html`
      <div class="box">
        <sb-composer-extras .store=${this.store} .commands=${this.commands} .chat=${chat} @panel-change=${this.#panelChanged}></sb-composer-extras>
        <label class="visually-hidden" for="message">Message to the user</label>
        <textarea
          id="message"
          dir="auto"
          aria-keyshortcuts=${ariaKeys("composer")}
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
          <span class="hint"><kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line</span>
          <button class="btn primary" ?disabled=${!open || !chat.draft.text.trim()} @click=${() => this.#send()}>
            Send ${icon("send", 14)}
          </button>
        </div>
      </div>
    `;
  }

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
    this.chat.draft.text = text;
    if (text.trim()) this.commands.typed(this.chat);
    else this.commands.stopTyping(this.chat);
    // Only the composer shows the text: save it without re-rendering the whole console.
    this.store.saveDraft(this.chat);
    this.requestUpdate();
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    void this.#send();
  }

  async #send(): Promise<void> {
    if (!this.chat.draft.text.trim()) return;
    await this.commands.send(this.chat);
    this.focus();
  }
}

customElements.define("sb-composer", Composer);
