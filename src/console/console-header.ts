// The top bar: brand, my connection status, the sound toggle, who I am and sign-out.
import { css, html } from "lit";
import { initials } from "./format.js";
import { icon } from "./icons.js";
import { safeUrl } from "./markdown.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

const STATUS = {
  open: { label: "Online", tone: "online" },
  connecting: { label: "Connecting…", tone: "pending" },
  reconnecting: { label: "Reconnecting…", tone: "pending" },
  stopped: { label: "Offline", tone: "offline" },
} as const;

/** `<sb-header>`: the bar across the top of the workspace. */
export class ConsoleHeader extends StoreElement {
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
      .brand {
        display: flex;
        align-items: center;
        gap: 10px;
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
        color: #fff;
        font-weight: 700;
        font-size: 14px;
      }
      .brand small {
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
      .sound[aria-pressed="true"] {
        color: var(--sb-accent);
        background: var(--sb-accent-soft);
      }
    `,
  ];

  override render() {
    const { me, connection, soundOn } = this.store;
    const status = STATUS[connection];
    const avatar = safeUrl(me?.avatar_url);
    return html`
      <div class="brand"><span class="logo" aria-hidden="true">S</span> Switchboard <small>Console</small></div>
      <div class="spacer"></div>
      <div class="status ${status.tone}" role="status" aria-label="Connection: ${status.label}">
        <span class="dot" aria-hidden="true"></span>${status.label}
      </div>
      <button
        class="btn ghost small sound"
        aria-pressed=${soundOn ? "true" : "false"}
        title="Play a sound when a conversation starts waiting"
        @click=${() => this.store.toggleSound()}
      >
        ${soundOn ? icon("bell", 15) : icon("bellOff", 15)} ${soundOn ? "Sound on" : "Sound off"}
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
      </div>
    `;
  }
}

customElements.define("sb-header", ConsoleHeader);
