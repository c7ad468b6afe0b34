// The top bar: brand, my connection status, notifications, theme, shortcuts, who I am and sign-out.
import { css, html } from "lit";
import { initials } from "./format.js";
import { icon } from "./icons.js";
import { safeUrl } from "./markdown.js";
import "./notification-settings.js";
import type { ThemeChoice } from "./preferences.js";
import { ariaKeys } from "./shortcuts.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { DeskStatus } from "./types.js";

const STATUS = {
  open: { label: "Online", tone: "online" },
  connecting: { label: "Connecting…", tone: "pending" },
  reconnecting: { label: "Reconnecting…", tone: "pending" },
  stopped: { label: "Offline", tone: "offline" },
} as const;

const STATUS_LABEL: Record<DeskStatus, string> = {
  online: "Online: taking chats",
  away: "Away: no new chats",
  offline: "Appear offline",
};

const THEME_LABEL: Record<ThemeChoice, string> = {
  system: "System theme",
  light: "Light",
  dark: "Dark",
};

/** `<sb-header>`: the bar across the top of the workspace. */
export class ConsoleHeader extends StoreElement {
  static override properties = { ...StoreElement.properties, history: { type: Boolean } };
  /** The History screen is showing (the button is pressed). */
  declare history: boolean;
  static override styles = [
    shared,
    css`
      :host {
        display: flex;
        align-items: center;
        gap: 16px;
        height: 56px;
        padding: 0 20px;
        background: var(--sb-surface);
        border-bottom: 1px solid var(--sb-border);
      }
      h1 {
        display: flex;
        align-items: center;
        gap: 10px;
        margin: 0;
        font-weight: 650;
        font-size: 15px;
        letter-spacing: -0.01em;
      }
      .logo {
        display: grid;
        place-items: center;
        width: 28px;
        height: 28px;
        border-radius: 8px;
        background: var(--sb-accent);
        color: var(--sb-on-fill);
        font-weight: 700;
        font-size: 14px;
      }
      h1 small {
        color: var(--sb-muted);
        font-weight: 500;
      }
      .spacer {
        flex: 1;
      }
      .status {
        display: inline-flex;
        align-items: center;
        gap: 8px;
        height: 28px;
        padding: 0 10px;
        border-radius: 999px;
        background: var(--sb-bg);
        font-size: 12.5px;
        font-weight: 550;
        color: var(--sb-text-2);
      }
      .dot {
        width: 8px;
        height: 8px;
        border-radius: 50%;
        background: var(--sb-muted);
      }
      .online .dot {
        background: var(--sb-success);
        box-shadow: 0 0 0 3px var(--sb-success-soft);
      }
      .pending .dot {
        background: var(--sb-warning);
        box-shadow: 0 0 0 3px var(--sb-warning-soft);
      }
      .me {
        display: flex;
        align-items: center;
        gap: 10px;
        padding-left: 16px;
        border-left: 1px solid var(--sb-border);
      }
      .who {
        display: flex;
        flex-direction: column;
        line-height: 1.2;
      }
      .who strong {
        font-weight: 600;
        font-size: 13.5px;
      }
      .who span {
        color: var(--sb-muted);
        font-size: 12px;
      }
      select.field {
        width: auto;
        height: 28px;
        font-size: 12.5px;
      }
    `,
  ];

  /** Asks the app to show the keyboard shortcuts. */
  #showShortcuts(): void {
    this.dispatchEvent(new CustomEvent("show-shortcuts", { bubbles: true, composed: true }));
  }

  override render() {
    const { me, connection, prefs } = this.store;
    const status = STATUS[connection];
    const avatar = safeUrl(me?.avatar_url);
    return html`
      <h1><span class="logo" aria-hidden="true">S</span> Switchboard <small>Console</small></h1>
      <div class="spacer"></div>
      <div class="status ${status.tone}" role="status" aria-label="Connection: ${status.label}">
        <span class="dot" aria-hidden="true"></span>${status.label}
      </div>
      <select class="field status-choice ${this.store.status}" aria-label="My status" @change=${this.#status}>
        ${(["online", "away", "offline"] as const).map(
          (v) =>
            html`<option value=${v} ?selected=${this.store.status === v}>${STATUS_LABEL[v]}</option>`,
        )}
      </select>
      <sb-notification-settings .store=${this.store} .commands=${this.commands}></sb-notification-settings>
      <select class="field" aria-label="Theme" @change=${this.#theme}>
        ${(["system", "light", "dark"] as const).map(
          (t) => html`<option value=${t} ?selected=${prefs.theme === t}>${THEME_LABEL[t]}</option>`,
        )}
      </select>
      <button class="btn small ${this.history ? "primary" : "ghost"}" aria-pressed=${this.history ? "true" : "false"}
        aria-keyshortcuts=${ariaKeys("history")} title="History: closed conversations (Alt+I)"
        @click=${() => this.dispatchEvent(new CustomEvent("toggle-history", { bubbles: true, composed: true }))}>
        History
      </button>
      <button class="btn ghost small" aria-keyshortcuts=${ariaKeys("help")} title="Keyboard shortcuts (?)" @click=${this.#showShortcuts}>
        ${icon("keyboard", 15)}<span class="visually-hidden">Keyboard shortcuts</span>
      </button>
      <div class="me">
        <span class="avatar" aria-hidden="true">
          ${avatar ? html`<img src=${avatar} alt="" />` : initials(me?.name ?? "")}
        </span>
        <div class="who">
          <strong>${me?.name}</strong>
          <span>${me?.queues.join(", ") || "No queues"}</span>
        </div>
        <button class="btn small" @click=${() => this.store.signOut()}>Sign out</button>
        ${
          this.store.api?.usesCookie
            ? html`<button class="btn small ghost" @click=${() => this.store.signOutEverywhere()}>
                Sign out everywhere
              </button>`
            : null
        }
      </div>
    `;
  }

  #status(event: Event): void {
    void this.store.setStatus((event.target as HTMLSelectElement).value as DeskStatus);
  }

  #theme(event: Event): void {
    this.store.setPreference("theme", (event.target as HTMLSelectElement).value as ThemeChoice);
  }
}

customElements.define("sb-header", ConsoleHeader);
