// Messages visitors left when nobody could take the chat: who (email, name), what, when, and whether the company's webhook got it.
import { css, html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { neutralizeBidiControls } from "../protocol/index.js";
import { sidebarSection } from "./sidebar-styles.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { OfflineMessageJson } from "./types.js";

/** How often the list reloads while the console is on screen. */
const POLL_MS = 30_000;

const DELIVERY: Record<OfflineMessageJson["delivery"], string> = {
  none: "Kept here",
  pending: "Sending to webhook",
  delivered: "Sent to webhook",
  failed: "Webhook failed",
};

/** `<sb-offline-inbox>`: the offline messages of my queues, newest first, loaded on sign-in, every 30 s on screen and on Refresh. */
export class OfflineInbox extends StoreElement {
  static override properties = {
    ...StoreElement.properties,
    _list: { state: true },
    _error: { state: true },
    _loading: { state: true },
  };
  declare _list: OfflineMessageJson[];
  declare _error: string | null;
  declare _loading: boolean;

  static override styles = [
    shared,
    sidebarSection,
    css`
      ol { list-style: none; margin: 0; padding: 0 10px 10px; display: grid; gap: 8px; }
      li {
        padding: 12px; border-radius: var(--sb-radius); background: var(--sb-surface);
        border: 1px solid var(--sb-border);
      }
      .who { font-weight: 600; font-size: 13px; overflow-wrap: anywhere; }
      .meta { color: var(--sb-text-2); font-size: 12px; margin-top: 2px; }
      .text { margin: 8px 0; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
      .row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
      .refresh { margin-left: auto; }
      a { color: var(--sb-link, var(--sb-accent)); font-size: 13px; font-weight: 600; }
      .row .meta { margin: 0 0 0 auto; }
    `,
  ];

  constructor() {
    super();
    this._list = [];
    this._error = null;
    this._loading = false;
  }

  #poll: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.refresh();
    // New messages come from any process: a quiet reload while the tab is in sight.
    this.#poll = setInterval(() => {
      if (document.visibilityState === "visible") void this.refresh();
    }, POLL_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#poll);
  }

  /** Loads the list again. */
  async refresh(): Promise<void> {
    const api = this.store?.api;
    if (!api || this._loading) return;
    this._loading = true;
    const result = await api.offlineMessages();
    this._loading = false;
    if (result.ok) {
      this._list = result.value.offline_messages;
      this._error = null;
    } else this._error = result.error.message;
  }

  override render() {
    const list = this._list;
    return html`
      <section aria-labelledby="offline-title">
        <h2 id="offline-title">
          Offline messages <span class="badge ${list.length ? "" : "zero"}">${list.length}</span>
          <button class="btn ghost small refresh" type="button" ?disabled=${this._loading}
            @click=${() => void this.refresh()}>${this._loading ? "Loading…" : "Refresh"}</button>
        </h2>
        ${this._error ? html`<div class="error" role="alert">${this._error}</div>` : nothing}
        ${
          list.length === 0
            ? html`<p class="empty">No offline messages.<br />Messages left while nobody was available appear here.</p>`
            : html`<ol aria-label="Offline messages">${repeat(
                list,
                (m) => m.id,
                (m) => this.#item(m),
              )}</ol>`
        }
      </section>
    `;
  }

  #item(m: OfflineMessageJson) {
    const who = m.name ? `${m.name} <${m.email}>` : m.email;
    const when = new Date(m.created_at).toLocaleString();
    const reason = m.reason === "QUEUE_CLOSED" ? "queue closed" : "nobody available";
    return html`<li data-offline=${m.id} data-session=${m.session_id}>
      <div class="who" dir="auto">${neutralizeBidiControls(who)}</div>
      <div class="meta">${m.queue} · ${reason} · <time datetime=${m.created_at}>${when}</time></div>
      <p class="text" dir="auto">${neutralizeBidiControls(m.message)}</p>
      <div class="row">
        <a href="mailto:${encodeURIComponent(m.email)}">Reply by email</a>
        <span class="meta" data-delivery=${m.delivery}>${DELIVERY[m.delivery]}</span>
      </div>
    </li>`;
  }
}

customElements.define("sb-offline-inbox", OfflineInbox);
