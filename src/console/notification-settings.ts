// The Notifications control of the header: a panel with the two chimes and desktop notifications, each remembered.
import { css, html } from "lit";
import { icon } from "./icons.js";
import { allowDesktopNotifications, desktopNotificationsSupported } from "./notifier.js";
import type { Preferences } from "./preferences.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

type Toggle = "soundWaiting" | "soundMessages" | "desktop";

const TOGGLES: ReadonlyArray<{ key: Toggle; label: string }> = [
  { key: "soundWaiting", label: "Sound when a conversation starts waiting" },
  { key: "soundMessages", label: "Sound for new messages in my chats" },
  { key: "desktop", label: "Desktop notifications while this tab is hidden" },
];

/** `<sb-notification-settings>`: a button that opens the notification switches. */
export class NotificationSettings extends StoreElement {
  static override properties = { expanded: { state: true }, problem: { state: true } };
  declare expanded: boolean;
  declare problem: string | null;
  static override styles = [
    shared,
    css`
      :host {
        position: relative;
      }
      .panel {
        position: absolute;
        top: calc(100% + 8px);
        right: 0;
        z-index: 20;
        display: grid;
        gap: 10px;
        width: 320px;
        padding: 14px 16px;
        border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius);
        background: var(--sb-surface);
        box-shadow: var(--sb-shadow-lg);
      }
      .panel .title {
        margin: 0;
        font-weight: 600;
      }
      label {
        display: flex;
        gap: 10px;
        align-items: flex-start;
        color: var(--sb-text-2);
        font-size: 13px;
        cursor: pointer;
      }
      input {
        margin: 2px 0 0;
        accent-color: var(--sb-accent);
      }
      .note {
        margin: 0;
        color: var(--sb-muted);
        font-size: 12.5px;
      }
      .on {
        color: var(--sb-accent);
        background: var(--sb-accent-soft);
      }
    `,
  ];

  constructor() {
    super();
    this.expanded = false;
    this.problem = null;
  }

  override render() {
    const { prefs } = this.store;
    const sound = prefs.soundWaiting || prefs.soundMessages;
    return html`
      <button class="btn ghost small ${sound ? "on" : ""}" aria-expanded=${this.expanded ? "true" : "false"}
        aria-controls="notification-panel" @click=${() => this.#toggle()}>
        ${sound ? icon("bell", 15) : icon("bellOff", 15)} Notifications
      </button>
      ${this.expanded ? this.#panel(prefs) : null}
    `;
  }

  #panel(prefs: Preferences) {
    const supported = desktopNotificationsSupported();
    return html`<div class="panel" id="notification-panel" role="group" aria-labelledby="notification-title"
      @keydown=${this.#keys} @focusout=${this.#focusOut}>
      <p class="title" id="notification-title">Notifications</p>
      ${TOGGLES.map(
        ({ key, label }) => html`<label>
          <input type="checkbox" data-pref=${key} .checked=${prefs[key]}
            ?disabled=${key === "desktop" && !supported} @change=${(e: Event) => this.#change(key, e)} />
          <span>${label}</span>
        </label>`,
      )}
      ${
        this.problem
          ? html`<p class="note" role="alert">${this.problem}</p>`
          : !supported
            ? html`<p class="note">This browser cannot show desktop notifications.</p>`
            : null
      }
    </div>`;
  }

  #toggle(): void {
    this.expanded = !this.expanded;
    this.problem = null;
    if (this.expanded)
      void this.updateComplete.then(() =>
        this.renderRoot.querySelector<HTMLInputElement>("input")?.focus(),
      );
  }

  async #change(key: Toggle, event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    let on = input.checked;
    this.problem = null;
    if (key === "desktop" && on && !(await allowDesktopNotifications())) {
      on = false;
      input.checked = false;
      this.problem =
        "The browser blocks notifications for this site: allow them in its site settings.";
    }
    this.store.setPreference(key, on);
  }

  #keys(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    this.expanded = false;
    this.renderRoot.querySelector<HTMLElement>("button")?.focus();
  }

  // Focus leaving the page (the browser's permission prompt) is not leaving the panel.
  #focusOut(event: FocusEvent): void {
    if (!document.hasFocus()) return;
    const to = event.relatedTarget as Node | null;
    if (!(to && this.renderRoot.contains(to))) this.expanded = false;
  }
}

customElements.define("sb-notification-settings", NotificationSettings);
