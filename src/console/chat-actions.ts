// The chat's actions: transfer to a queue (a menu of the live list), back to the AI, end (with a confirm step).
import { css, html, type PropertyValues } from "lit";
import type { QueueList } from "./chat-commands.js";
import type { Chat } from "./chat-state.js";
import { icon } from "./icons.js";
import { ariaKeys } from "./shortcuts.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { DeskColleague } from "./types.js";

type Mode = "idle" | "transfer" | "confirm-end" | "confirm-leave" | "busy";

/** `<sb-chat-actions>`: Transfer, Back to AI and End for `.chat`; Close once it is over. */
export class ChatActions extends StoreElement {
  static override properties = {
    chat: { attribute: false },
    mode: { state: true },
    queues: { state: true },
    colleagues: { state: true },
  };
  declare chat: Chat;
  declare mode: Mode;
  declare queues: QueueList | null;
  declare colleagues: DeskColleague[];
  static override styles = [
    shared,
    css`
      :host {
        position: relative;
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .confirm {
        display: flex;
        align-items: center;
        gap: 8px;
        padding: 4px 4px 4px 12px;
        border-radius: var(--sb-radius);
        background: var(--sb-danger-soft);
        font-size: 13px;
        font-weight: 550;
      }
      .confirm.calm {
        background: var(--sb-accent-soft);
      }
      .menu {
        position: absolute;
        top: calc(100% + 6px);
        right: 0;
        z-index: 10;
        width: 280px;
        padding: 6px;
        border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius);
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow-lg);
      }
      .menu .title {
        margin: 4px 8px 6px;
        font-size: 12px;
        color: var(--sb-muted);
        font-weight: 600;
      }
      .menu button.item {
        display: flex;
        width: 100%;
        align-items: center;
        gap: 8px;
        padding: 8px;
        border: 0;
        border-radius: var(--sb-radius-sm);
        background: transparent;
        text-align: left;
      }
      .menu button.item:hover,
      .menu button.item:focus {
        background: var(--sb-accent-soft);
      }
      .menu .meta {
        margin-left: auto;
        color: var(--sb-muted);
        font-size: 12px;
      }
      .menu p {
        margin: 8px;
        color: var(--sb-muted);
      }
    `,
  ];

  constructor() {
    super();
    this.mode = "idle";
    this.colleagues = [];
    this.queues = null;
  }

  // One element serves every chat: a half-finished confirm must not follow me to another tab.
  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (changed.get("chat") && this.mode !== "busy") this.mode = "idle";
  }

  override render() {
    if (!this.chat.writable) {
      return html`<button class="btn" @click=${() => this.store.close(this.chat.sessionId)}>Close tab</button>`;
    }
    if (this.mode === "confirm-end") {
      return this.#confirm("End this conversation for the user?", "End conversation", true, true);
    }
    if (this.mode === "confirm-leave") {
      return this.#confirm(
        "Hand this conversation back to the AI agent?",
        "Back to AI",
        false,
        false,
      );
    }
    const busy = this.mode === "busy";
    // The visitor left: nobody to hand back to or ask, so closing takes one click.
    if (this.chat.visitor && !this.chat.visitor.online) {
      return html`<button class="btn danger solid" data-close-offline ?disabled=${busy} @click=${() => this.#leave(true)}>
        Close chat <span class="visually-hidden">(the visitor left)</span>
      </button>`;
    }
    return html`
      <button class="btn" data-transfer aria-haspopup="menu" aria-expanded=${this.mode === "transfer" ? "true" : "false"}
        aria-keyshortcuts=${ariaKeys("transfer")} ?disabled=${busy} @click=${this.#toggleTransfer}>
        Transfer ${icon("chevronDown", 14)}
      </button>
      <button class="btn" ?disabled=${busy} @click=${() => this.#ask("confirm-leave")}>Back to AI</button>
      <button class="btn danger" aria-keyshortcuts=${ariaKeys("end")} ?disabled=${busy} @click=${() => this.askEnd()}>End conversation</button>
      ${this.mode === "transfer" ? this.#menu() : null}
    `;
  }

  /** Opens the transfer menu with focus on its first queue (the Alt+T shortcut). */
  async openTransfer(): Promise<void> {
    if (!this.chat.writable || this.mode === "busy") return;
    if (this.mode === "transfer") {
      this.#focusItem(this.#firstQueueItem());
      return;
    }
    this.mode = "transfer";
    this.queues = null;
    this.colleagues = [];
    [this.queues, this.colleagues] = await Promise.all([
      this.commands.queues(),
      this.commands.colleagues(),
    ]);
    await this.updateComplete;
    this.#focusItem(this.#firstQueueItem());
  }

  /** Asks "End this conversation?" with focus on the confirm button (the Alt+X shortcut). */
  askEnd(): void {
    if (this.chat.writable && this.mode !== "busy") this.#ask("confirm-end");
  }

  #confirm(question: string, action: string, end: boolean, danger: boolean) {
    return html`<div class="confirm ${danger ? "" : "calm"}" role="group" aria-label=${question}>
      <span>${question}</span>
      <button class="btn small" @click=${() => this.#ask("idle")}>Cancel</button>
      <button class="btn small ${danger ? "danger solid" : "primary"}" data-confirm @click=${() => this.#leave(end)}>${action}</button>
    </div>`;
  }

  // The popup holds a title and a role=menu of queues only: a menu may contain nothing but items.
  #menu() {
    const list = this.queues;
    return html`<div class="menu" @keydown=${this.#menuKeys} @focusout=${this.#menuFocusOut}>
      <label class="title" for="transfer-note">Note for whoever takes it (optional)</label>
      <input id="transfer-note" class="field" data-note dir="auto" maxlength="5000" />
      ${
        this.colleagues?.length
          ? html`<p class="title" id="colleague-title">Transfer to a colleague</p>
              <div role="menu" aria-labelledby="colleague-title">
                ${this.colleagues.map(
                  (
                    c,
                  ) => html`<button class="item" role="menuitem" tabindex="-1" data-colleague=${c.id}
                    @click=${() => this.#transfer({ desk_user: c.id })}>
                    <span>${c.name}</span><span class="meta">online</span>
                  </button>`,
                )}
              </div>`
          : null
      }
      <p class="title" id="transfer-title">Transfer to queue</p>
      ${
        list === null
          ? html`<p>Loading queues…</p>`
          : !list.ok
            ? html`<p class="error" role="alert">${list.message}</p>`
            : list.queues.length === 0
              ? html`<p>No queues defined.</p>`
              : html`<div role="menu" aria-labelledby="transfer-title">
                  ${list.queues.map(
                    (
                      q,
                    ) => html`<button class="item" role="menuitem" tabindex="-1" data-queue=${q.name} @click=${() => this.#transfer(q.name)}>
                      <span>${q.name}${q.name === this.chat.queue ? " (current)" : ""}</span>
                      <span class="meta">${q.waiting} waiting</span>
                    </button>`,
                  )}
                </div>`
      }
    </div>`;
  }

  #ask(mode: Mode): void {
    this.mode = mode;
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLElement>("[data-confirm]")?.focus(),
    );
  }

  #toggleTransfer(): void {
    if (this.mode === "transfer") this.mode = "idle";
    else void this.openTransfer();
  }

  #items(): HTMLElement[] {
    return [...this.renderRoot.querySelectorAll<HTMLElement>("[role=menuitem]")];
  }

  // Queues come first to the keyboard, as before colleagues were listed; arrows reach both.
  #firstQueueItem(): number {
    return Math.max(
      0,
      this.#items().findIndex((item) => item.dataset.queue !== undefined),
    );
  }

  #focusItem(index: number): void {
    const items = this.#items();
    items[(index + items.length) % items.length]?.focus();
  }

  // The ARIA menu keys: arrows, Home and End move; Escape closes back to the button; Tab leaves.
  #menuKeys(event: KeyboardEvent): void {
    const items = this.#items();
    const at = items.indexOf(this.renderRoot.querySelector<HTMLElement>(":focus") as HTMLElement);
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      this.#focusItem(target);
    } else if (event.key === "Escape") {
      event.preventDefault();
      this.mode = "idle";
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLElement>("[data-transfer]")?.focus(),
      );
    }
  }

  #menuFocusOut(event: FocusEvent): void {
    const to = event.relatedTarget as Node | null;
    if (this.mode === "transfer" && !(to && this.renderRoot.contains(to))) this.mode = "idle";
  }

  async #transfer(to: string | { desk_user: string }): Promise<void> {
    const note = this.renderRoot.querySelector<HTMLInputElement>("[data-note]")?.value ?? "";
    this.mode = "busy";
    await this.commands.transfer(this.chat, to, note);
    this.mode = "idle";
  }

  async #leave(end: boolean): Promise<void> {
    this.mode = "busy";
    await this.commands.leave(this.chat, end);
    this.mode = "idle";
  }
}

customElements.define("sb-chat-actions", ChatActions);
