// The live queue: who waits, for how long (ticking every second), what they said last, and Accept.
import { css, html, nothing } from "lit";
import { repeat } from "lit/directives/repeat.js";
import { neutralizeBidiControls } from "../protocol/index.js";
import { formatWait, shortId } from "./format.js";
import { presenceText } from "./presence-text.js";
import { ariaKeys } from "./shortcuts.js";
import { sidebarSection } from "./sidebar-styles.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { QueueEntry } from "./types.js";

/** `<sb-queue>`: the waiting conversations of my queues, oldest first. */
export class QueueView extends StoreElement {
  static override styles = [
    shared,
    sidebarSection,
    css`
      h2 .badge {
        background: var(--sb-warning);
      }
      h2 .badge.zero {
        background: var(--sb-bg);
        color: var(--sb-text-2);
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0 10px 10px;
        display: grid;
        gap: 8px;
      }
      li {
        padding: 12px;
        border-radius: var(--sb-radius);
        background: var(--sb-surface);
        border: 1px solid var(--sb-border);
        box-shadow: var(--sb-shadow);
      }
      .top {
        display: flex;
        align-items: center;
        gap: 8px;
      }
      .id {
        font-weight: 600;
        font-size: 13px;
      }
      .queue {
        padding: 1px 8px;
        border-radius: 999px;
        background: var(--sb-bg);
        color: var(--sb-text-2);
        font-size: 11.5px;
        font-weight: 550;
      }
      .wait {
        margin-left: auto;
        font-variant-numeric: tabular-nums;
        font-size: 12.5px;
        font-weight: 600;
        color: var(--sb-text-2);
      }
      .wait.long {
        color: var(--sb-warning);
      }
      .wait.very-long {
        color: var(--sb-danger);
      }
      .preview {
        margin: 8px 0 10px;
        color: var(--sb-text-2);
        font-size: 13px;
        display: -webkit-box;
        -webkit-line-clamp: 2;
        -webkit-box-orient: vertical;
        overflow: hidden;
        overflow-wrap: anywhere;
      }
      .preview.none {
        font-style: italic;
        color: var(--sb-muted);
      }
      .btn {
        width: 100%;
      }
      .error {
        margin-top: 8px;
      }
      .empty {
        margin-bottom: 10px;
      }
    `,
  ];

  #ticker: ReturnType<typeof setInterval> | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#ticker = setInterval(() => {
      if (this.store?.waiting.length) this.requestUpdate();
    }, 1000);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#ticker);
  }

  override render() {
    const queue = this.store.waiting.entries;
    const now = Date.now();
    return html`
      <section aria-labelledby="queue-title">
        <h2 id="queue-title">
          Waiting <span class="badge ${queue.length ? "" : "zero"}">${queue.length}</span>
        </h2>
        ${
          queue.length === 0
            ? html`<p class="empty">Nobody is waiting.<br />New conversations appear here.</p>`
            : html`<ol aria-label="Waiting conversations">
              ${repeat(
                queue,
                (e) => e.session_id,
                (e) => this.#entry(e, now),
              )}
            </ol>`
        }
      </section>
    `;
  }

  #entry(entry: QueueEntry, now: number) {
    const { waiting } = this.store;
    const oldest = waiting.entries[0] === entry;
    const seconds = waiting.waitingSeconds(entry, now);
    const tone = seconds >= 300 ? "very-long" : seconds >= 120 ? "long" : "";
    const error = waiting.acceptErrors.get(entry.session_id);
    const busy = waiting.accepting.has(entry.session_id);
    return html`
      <li data-session=${entry.session_id} aria-label="Conversation ${shortId(entry.session_id)}">
        <div class="top">
          <span class="id">${shortId(entry.session_id)}</span>
          <span class="queue">${entry.queue}</span>
          <span class="wait ${tone}" title="Waiting since ${new Date(entry.enqueued_at).toLocaleTimeString()}">
            <span class="visually-hidden">Waiting for</span> ${formatWait(seconds)}
          </span>
        </div>
        <span class="presence ${entry.visitor?.online ? "online" : "offline"}" data-presence>
          <span class="visually-hidden">Visitor:</span> ${entry.visitor ? presenceText(entry.visitor) : "Offline"}
        </span>
        ${
          entry.preview
            ? html`<p class="preview" dir="auto">${neutralizeBidiControls(entry.preview)}</p>`
            : html`<p class="preview none">No message yet</p>`
        }
        <button class="btn primary small" ?disabled=${busy} aria-keyshortcuts=${oldest ? ariaKeys("accept") : nothing} @click=${() => this.store.accept(entry.session_id)}>
          ${busy ? "Accepting…" : "Accept"}
        </button>
        ${error ? html`<div class="error" role="alert">${error}</div>` : null}
      </li>
    `;
  }
}

customElements.define("sb-queue", QueueView);
