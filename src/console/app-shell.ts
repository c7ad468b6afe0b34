// The whole console: the sign-in card, or the workspace (header, queue and chats rail, chat pane) and its shortcuts.
import { css, html } from "lit";
import "./chat-list.js";
import "./chat-pane.js";
import type { ChatPane } from "./chat-pane.js";
import "./console-header.js";
import "./history-view.js";
import type { HistoryView } from "./history-view.js";
import "./offline-inbox.js";
import "./queue-view.js";
import "./shortcut-help.js";
import type { ShortcutHelp } from "./shortcut-help.js";
import { type ShortcutAction, shortcutFor } from "./shortcuts.js";
import "./sign-in-view.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

/** `<sb-app>`: the root element; give it `.store` and `.commands`. */
export class AppShell extends StoreElement {
  static override styles = [
    shared,
    css`
      :host {
        display: block;
        height: 100vh;
      }
      .workspace {
        display: grid;
        grid-template-rows: auto auto 1fr;
        height: 100vh;
      }
      /* Rail | chat; a third column for a context sidebar fits beside main without other changes. */
      .body {
        display: grid;
        grid-template-columns: 320px minmax(0, 1fr);
        min-height: 0;
      }
      aside {
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow-y: auto;
        background: var(--sb-surface-2);
        border-right: 1px solid var(--sb-border);
      }
      aside sb-chat-list {
        border-top: 1px solid var(--sb-border);
      }
      main {
        display: flex;
        min-height: 0;
        min-width: 0;
      }
      sb-chat-pane {
        flex: 1;
      }
      .banner {
        display: flex;
        align-items: center;
        justify-content: center;
        gap: 10px;
        padding: 8px 16px;
        background: var(--sb-warning-soft);
        color: var(--sb-warning);
        border-bottom: 1px solid var(--sb-warning-border);
        font-size: 13px;
        font-weight: 550;
      }
      .spinner {
        width: 12px;
        height: 12px;
        border: 2px solid currentColor;
        border-right-color: transparent;
        border-radius: 50%;
        animation: spin 0.8s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (max-width: 1180px) {
        .body {
          grid-template-columns: 280px minmax(0, 1fr);
        }
      }
    `,
  ];

  static override properties = { ...StoreElement.properties, _history: { state: true } };
  /** The History screen is showing instead of the open chat. */
  declare _history: boolean;
  readonly #onKey = (event: KeyboardEvent) => this.#key(event);

  constructor() {
    super();
    this._history = false;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener("keydown", this.#onKey);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener("keydown", this.#onKey);
  }

  /** Runs a shortcut's action (also what the keys do). */
  run(action: ShortcutAction): void {
    const pane = this.renderRoot.querySelector<ChatPane>("sb-chat-pane");
    switch (action) {
      case "next":
        this.store.step(1);
        break;
      case "previous":
        this.store.step(-1);
        break;
      case "accept":
        void this.store.acceptOldest();
        break;
      case "composer":
        pane?.focusComposer();
        break;
      case "replies":
        pane?.openReplies();
        break;
      case "transfer":
        pane?.openTransfer();
        break;
      case "end":
        pane?.askEnd();
        break;
      case "help":
        this.#help()?.open();
        break;
      case "history":
        this.#toggleHistory();
        break;
    }
  }

  #key(event: KeyboardEvent): void {
    if (!this.store.me || event.defaultPrevented || event.isComposing || this.#help()?.isOpen)
      return;
    const action = shortcutFor(event, isTextField(event.composedPath()[0]));
    if (!action) return;
    event.preventDefault();
    this.run(action);
  }

  #toggleHistory(): void {
    this._history = !this._history;
    void this.updateComplete.then(() => {
      if (this._history) this.renderRoot.querySelector<HistoryView>("sb-history")?.focusSearch();
    });
  }

  #help(): ShortcutHelp | null {
    return this.renderRoot.querySelector<ShortcutHelp>("sb-shortcut-help");
  }

  override render() {
    if (!this.store.me)
      return html`<sb-sign-in .store=${this.store} .commands=${this.commands}></sb-sign-in>`;
    const props = { store: this.store, commands: this.commands };
    return html`
      <div class="workspace">
        <sb-header role="banner" .store=${props.store} .commands=${props.commands}
          .history=${this._history}
          @show-shortcuts=${() => this.run("help")}
          @toggle-history=${() => this.run("history")}></sb-header>
        <div role="status" aria-live="polite">
          ${
            this.store.connection === "reconnecting"
              ? html`<div class="banner"><span class="spinner" aria-hidden="true"></span>
                Reconnecting… your chats are safe and will catch up.</div>`
              : null
          }
        </div>
        <div class="body">
          <aside aria-label="Queue and chats">
            <sb-queue .store=${props.store} .commands=${props.commands}></sb-queue>
            <sb-chat-list .store=${props.store} .commands=${props.commands}></sb-chat-list>
            <sb-offline-inbox .store=${props.store} .commands=${props.commands}></sb-offline-inbox>
          </aside>
          <main>
            ${
              this._history
                ? html`<sb-history .store=${props.store} .commands=${props.commands}></sb-history>`
                : html`<sb-chat-pane .store=${props.store} .commands=${props.commands}></sb-chat-pane>`
            }
          </main>
        </div>
        <sb-shortcut-help></sb-shortcut-help>
      </div>
    `;
  }
}

customElements.define("sb-app", AppShell);

/** Whether the element (the real target, inside shadow roots) takes typed text. */
function isTextField(element: EventTarget | undefined): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable || element instanceof HTMLTextAreaElement) return true;
  if (element instanceof HTMLSelectElement) return true;
  return (
    element instanceof HTMLInputElement &&
    !["checkbox", "radio", "button", "submit"].includes(element.type)
  );
}
