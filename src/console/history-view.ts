// History: closed conversations of my queues, searched by a word and filtered, each opened read-only with rating and notes.
import { css, html, nothing } from "lit";
import type {
  DeskArchivedConversationJson,
  DeskInboxEntryJson,
  RatingJson,
} from "../protocol/index.js";
import { formatTime, shortId } from "./format.js";
import { messageStyles } from "./message-styles.js";
import { renderItem } from "./message-view.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import { transcriptItems } from "./transcript-model.js";

/** The filters as the form holds them (query-string values; "" is unset). */
interface Filters {
  q: string;
  queue: string;
  agent: string;
  rating: string;
  ended_after: string;
  ended_before: string;
}

const EMPTY: Filters = {
  q: "",
  queue: "",
  agent: "",
  rating: "",
  ended_after: "",
  ended_before: "",
};

const RATINGS: readonly [string, string][] = [
  ["", "Any rating"],
  ["5", "5 of 5"],
  ["4", "4 of 5"],
  ["3", "3 of 5"],
  ["2", "2 of 5"],
  ["1", "1 of 5"],
  ["up", "Thumbs up"],
  ["down", "Thumbs down"],
  ["none", "Not rated"],
];

/** How a rating reads: "4 of 5", "Thumbs up". */
export function ratingText(rating: RatingJson): string {
  if (rating.scale === "five") return `${rating.score} of 5`;
  return rating.score === "up" ? "Thumbs up" : "Thumbs down";
}

/** `<sb-history>`: the inbox of closed conversations and the read-only reader beside it. */
export class HistoryView extends StoreElement {
  static override properties = {
    _filters: { state: true },
    _results: { state: true },
    _cursor: { state: true },
    _loading: { state: true },
    _error: { state: true },
    _open: { state: true },
    _colleagues: { state: true },
  };
  declare _filters: Filters;
  declare _results: DeskInboxEntryJson[] | null;
  declare _cursor: string | null;
  declare _loading: boolean;
  declare _error: string | null;
  declare _open: DeskArchivedConversationJson | null;
  /** Desk users to filter by (who held the conversation). */
  declare _colleagues: { id: string; name: string }[];

  static override styles = [
    shared,
    messageStyles,
    css`
      :host {
        display: grid;
        grid-template-columns: minmax(320px, 420px) minmax(0, 1fr);
        min-height: 0;
        flex: 1;
        background: var(--sb-bg);
      }
      .finder {
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow-y: auto;
        border-right: 1px solid var(--sb-border);
        padding: 16px;
        gap: 12px;
      }
      h2 {
        margin: 0;
        font-size: 18px;
      }
      form {
        display: grid;
        grid-template-columns: 1fr 1fr;
        gap: 8px 10px;
      }
      form label {
        display: grid;
        gap: 4px;
        font-size: 12.5px;
        font-weight: 550;
      }
      form .wide {
        grid-column: 1 / -1;
      }
      form .field {
        box-sizing: border-box;
        min-width: 0;
      }
      .results {
        list-style: none;
        margin: 0;
        padding: 0;
        display: grid;
        gap: 6px;
      }
      .result {
        display: grid;
        gap: 3px;
        width: 100%;
        text-align: left;
        padding: 10px 12px;
        border: 1px solid var(--sb-border);
        border-radius: var(--sb-radius-sm);
        background: var(--sb-surface);
        color: var(--sb-text);
      }
      .result[aria-current="true"] {
        border-color: var(--sb-accent);
        background: var(--sb-surface-2);
      }
      .result .line {
        display: flex;
        gap: 8px;
        font-size: 12.5px;
        color: var(--sb-text-2);
        flex-wrap: wrap;
      }
      .result .match {
        font-size: 13.5px;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .reader {
        display: flex;
        flex-direction: column;
        min-height: 0;
        overflow-y: auto;
      }
      .reader:focus-visible {
        outline: var(--sb-focus-ring);
        outline-offset: -2px;
      }
      .reader header {
        padding: 16px 28px 8px;
        border-bottom: 1px solid var(--sb-border);
      }
      .reader h3 {
        margin: 0 0 4px;
        font-size: 16px;
      }
      .facts {
        display: flex;
        flex-wrap: wrap;
        gap: 6px 16px;
        margin: 0;
        font-size: 13px;
        color: var(--sb-text-2);
      }
      .facts dt {
        font-weight: 600;
      }
      .facts dd {
        margin: 0 6px 0 0;
      }
      .facts div {
        display: flex;
        gap: 4px;
      }
      .notes,
      .rating {
        margin: 12px 28px 0;
        padding: 10px 12px;
        border: 1px dashed var(--sb-border-strong);
        border-radius: 10px;
        background: var(--sb-surface-2);
      }
      .notes h4,
      .rating h4 {
        margin: 0 0 6px;
        font-size: 13px;
      }
      .notes ul {
        margin: 0;
        padding: 0;
        list-style: none;
        display: grid;
        gap: 8px;
      }
      .note-text,
      .comment {
        white-space: pre-wrap;
        margin: 0;
      }
      .who {
        font-size: 12px;
        color: var(--sb-text-2);
      }
      .log {
        display: flex;
        flex-direction: column;
        align-items: flex-start;
        gap: 14px;
        max-width: 920px;
        padding: 20px 28px;
      }
      .empty {
        margin: auto;
        color: var(--sb-text-2);
      }
    `,
  ];

  constructor() {
    super();
    this._filters = { ...EMPTY };
    this._results = null;
    this._cursor = null;
    this._loading = false;
    this._error = null;
    this._open = null;
    this._colleagues = [];
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#search(false);
    void this.store?.api?.colleagues().then((answer) => {
      if (answer.ok)
        this._colleagues = answer.value.colleagues.map(({ id, name }) => ({ id, name }));
    });
  }

  /** Puts the caret in the search box. */
  focusSearch(): void {
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>("#history-q")?.focus(),
    );
  }

  async #search(more: boolean): Promise<void> {
    const api = this.store?.api;
    if (!api) return;
    this._loading = true;
    this._error = null;
    const query: Record<string, string> = { ...this._filters };
    if (query.ended_before) query.ended_before = nextDay(query.ended_before);
    if (more && this._cursor) query.cursor = this._cursor;
    const page = await api.inbox(query);
    this._loading = false;
    if (!page.ok) {
      this._error = page.error.message;
      return;
    }
    this._results = more
      ? [...(this._results ?? []), ...page.value.conversations]
      : page.value.conversations;
    this._cursor = page.value.next_cursor;
  }

  async #openConversation(id: string): Promise<void> {
    const api = this.store?.api;
    if (!api) return;
    const opened = await api.archived(id);
    if (!opened.ok) {
      this._error = opened.error.message;
      return;
    }
    this._open = opened.value;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(".reader")?.focus();
  }

  #field(name: keyof Filters) {
    return (event: Event) => {
      this._filters = { ...this._filters, [name]: (event.target as HTMLInputElement).value };
    };
  }

  override render() {
    const queues = this.store?.me?.queues ?? [];
    const f = this._filters;
    return html`
      <section class="finder" aria-labelledby="history-title">
        <h2 id="history-title">History</h2>
        <form role="search" aria-label="Closed conversations" @submit=${(e: Event) => {
          e.preventDefault();
          this._open = null;
          void this.#search(false);
        }}>
          <label class="wide">Search messages
            <input id="history-q" class="field" type="search" maxlength="200" .value=${f.q}
              placeholder="A word from the conversation" @input=${this.#field("q")} />
          </label>
          <label>Queue
            <select class="field" .value=${f.queue} @change=${this.#field("queue")}>
              <option value="">All my queues</option>
              ${queues.map((q) => html`<option value=${q} ?selected=${f.queue === q}>${q}</option>`)}
            </select>
          </label>
          <label>Agent
            <select class="field" @change=${this.#field("agent")}>
              <option value="">Anyone</option>
              ${this._colleagues.map((u) => html`<option value=${u.id} ?selected=${f.agent === u.id}>${u.name}</option>`)}
            </select>
          </label>
          <label>Rating
            <select class="field" @change=${this.#field("rating")}>
              ${RATINGS.map(([v, label]) => html`<option value=${v} ?selected=${f.rating === v}>${label}</option>`)}
            </select>
          </label>
          <label>Ended from
            <input class="field" type="date" .value=${f.ended_after} @change=${this.#field("ended_after")} />
          </label>
          <label>Ended until
            <input class="field" type="date" .value=${f.ended_before} @change=${this.#field("ended_before")} />
          </label>
          <button class="btn primary wide" type="submit" ?disabled=${this._loading}>Search</button>
        </form>
        <p role="status" class="muted">${this.#summary()}</p>
        ${this._error ? html`<p class="error" role="alert">${this._error}</p>` : nothing}
        <ul class="results" aria-label="Conversations">
          ${(this._results ?? []).map((entry) => this.#result(entry))}
        </ul>
        ${
          this._cursor
            ? html`<button class="btn" type="button" ?disabled=${this._loading}
                @click=${() => this.#search(true)}>Load more</button>`
            : nothing
        }
      </section>
      ${this.#reader()}
    `;
  }

  #summary(): string {
    if (this._loading) return "Searching…";
    if (this._results === null) return "";
    const n = this._results.length;
    const more = this._cursor ? " (more below)" : "";
    return n === 0
      ? "No closed conversations match."
      : `${n} conversation${n === 1 ? "" : "s"}${more}`;
  }

  #result(entry: DeskInboxEntryJson) {
    const current = this._open?.session.id === entry.session.id;
    const ended = entry.session.ended_at ?? entry.session.created_at;
    return html`<li>
      <button class="result" type="button" aria-current=${current ? "true" : "false"}
        data-session=${entry.session.id} @click=${() => this.#openConversation(entry.session.id)}>
        <span class="line">
          <time datetime=${ended}>${formatDate(ended)}</time>
          <span>${entry.queue}</span>
          <span>${entry.agent ? entry.agent.name : "Not accepted"}</span>
          <span>${entry.rating ? ratingText(entry.rating) : "Not rated"}</span>
        </span>
        <span class="match" dir="auto">${entry.match ? entry.match.text : `Conversation ${shortId(entry.session.id)}`}</span>
      </button>
    </li>`;
  }

  #reader() {
    const c = this._open;
    if (!c)
      return html`<section class="reader" aria-label="Conversation"><p class="empty">Pick a conversation to read it.</p></section>`;
    const ended = c.session.ended_at ?? c.session.created_at;
    return html`<section class="reader" tabindex="0" aria-labelledby="reader-title" data-reader=${c.session.id}>
      <header>
        <h3 id="reader-title">Conversation ${shortId(c.session.id)} (read-only)</h3>
        <dl class="facts">
          <div><dt>Ended</dt><dd><time datetime=${ended}>${formatDate(ended)}</time></dd></div>
          <div><dt>Queue</dt><dd>${c.queue}</dd></div>
          <div><dt>Agent</dt><dd>${c.agent ? c.agent.name : "Not accepted"}</dd></div>
          <div><dt>Rating</dt><dd data-rating>${c.rating ? ratingText(c.rating) : "Not rated"}</dd></div>
        </dl>
      </header>
      ${
        c.rating?.comment
          ? html`<div class="rating"><h4>Visitor's comment</h4><p class="comment" dir="auto">${c.rating.comment}</p></div>`
          : nothing
      }
      ${
        c.notes.length > 0
          ? html`<div class="notes" data-notes><h4>Internal notes</h4><ul>
              ${c.notes.map(
                (
                  n,
                ) => html`<li><span class="who">${n.author.name}, ${formatTime(n.created_at)}</span>
                  <p class="note-text" dir="auto">${n.text}</p></li>`,
              )}
            </ul></div>`
          : nothing
      }
      <div class="log" role="log" aria-label="Transcript">
        ${transcriptItems(c.events, this.store?.me?.id ?? null).map((item) => renderItem(item))}
      </div>
    </section>`;
  }
}

customElements.define("sb-history", HistoryView);

/** The date and time, in the agent's locale. */
function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** "Ended until 2025-03-01" includes that whole day: the API's bound is exclusive. */
function nextDay(date: string): string {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isNaN(ms) ? date : new Date(ms + 86_400_000).toISOString().slice(0, 10);
}
