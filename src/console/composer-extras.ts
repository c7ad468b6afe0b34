// The composer's extras: attach a link or image, and offer quick replies, both kept on the chat's draft.
import { css, html } from "lit";
import type { Chat } from "./chat-state.js";
import { icon } from "./icons.js";
import { safeUrl } from "./markdown.js";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";
import type { Attachment } from "./types.js";

type Panel = "link" | "replies" | null;

/** `<sb-composer-extras>`: the Link / Quick replies forms and what `.chat`'s draft carries besides text. */
export class ComposerExtras extends StoreElement {
  static override properties = {
    chat: { attribute: false },
    panel: { state: true },
    problem: { state: true },
  };
  declare chat: Chat;
  declare panel: Panel;
  declare problem: string | null;
  static override styles = [
    shared,
    css`
      :host {
        display: block;
      }
      form {
        display: flex;
        gap: 8px;
        align-items: center;
        padding: 10px 12px;
        border-bottom: 1px solid var(--sb-border);
        background: var(--sb-surface-2);
      }
      form .field {
        height: 32px;
      }
      select.field {
        width: auto;
      }
      .pending {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        padding: 10px 12px 0;
      }
      .pill {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        max-width: 280px;
        padding: 2px 4px 2px 10px;
        border-radius: 999px;
        background: var(--sb-accent-soft);
        color: var(--sb-accent);
        font-size: 12.5px;
        font-weight: 550;
      }
      .pill span {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .pill button {
        border: 0;
        background: transparent;
        color: inherit;
        width: 20px;
        height: 20px;
        border-radius: 50%;
      }
      .problem {
        color: var(--sb-danger);
        font-size: 12.5px;
      }
      .file-problem {
        margin: 6px 12px 0;
      }
    `,
  ];

  constructor() {
    super();
    this.panel = null;
    this.problem = null;
  }

  override render() {
    const loose = this.panel === null && this.problem;
    return html`${this.#pending()}${this.#panel()}${
      loose ? html`<p class="problem file-problem" role="alert">${this.problem}</p>` : null
    }`;
  }

  /** Opens `panel`, or closes it when it is already open. */
  toggle(panel: Exclude<Panel, null>): void {
    this.open(this.panel === panel ? null : panel);
  }

  /** Opens `panel` with focus in its first field (it stays open if it is); null closes. */
  open(panel: Panel): void {
    this.panel = panel;
    this.problem = null;
    this.dispatchEvent(new CustomEvent("panel-change", { bubbles: true, composed: true }));
    void this.updateComplete.then(() =>
      this.renderRoot.querySelector<HTMLInputElement>("input")?.focus(),
    );
  }

  #panel() {
    if (this.panel === "link") {
      return html`<form @submit=${this.#addLink} @keydown=${this.#escape} aria-label="Attach a link">
        <input class="field" name="url" type="url" placeholder="https://…" aria-label="Link URL" required />
        <input class="field" name="title" placeholder="Title (optional)" aria-label="Link title" />
        <select class="field" name="kind" aria-label="Attachment type">
          <option value="ATTACHMENT_CONTENT_TYPE_URL">Link</option>
          <option value="ATTACHMENT_CONTENT_TYPE_IMAGE">Image</option>
        </select>
        <button class="btn small" type="submit">Add link</button>
        ${this.problem ? html`<span class="problem" role="alert">${this.problem}</span>` : null}
      </form>`;
    }
    if (this.panel === "replies") {
      return html`<form @submit=${this.#addReply} @keydown=${this.#escape} aria-label="Add quick replies">
        <input class="field" name="reply" placeholder="A reply the user can tap (Enter adds it)" aria-label="Quick reply text" required />
        <button class="btn small" type="submit">Add reply</button>
      </form>`;
    }
    return null;
  }

  // What the next message will carry besides its text.
  #pending() {
    const { attachments, suggestions } = this.chat.draft;
    if (attachments.length + suggestions.length === 0) return null;
    return html`<div class="pending" aria-label="Sent with the next message">
      ${attachments.map(
        (
          a,
          i,
        ) => html`<span class="pill">${icon("link", 13)} <span>${a.title || a.content_url}</span>
          <button type="button" aria-label="Remove ${a.title || a.content_url}" @click=${() => this.#remove("attachments", i)}>${icon("x", 12)}</button></span>`,
      )}
      ${suggestions.map(
        (s, i) => html`<span class="pill">${icon("reply", 13)} <span>${s.message_text}</span>
          <button type="button" aria-label="Remove quick reply ${s.message_text}" @click=${() => this.#remove("suggestions", i)}>${icon("x", 12)}</button></span>`,
      )}
    </div>`;
  }

  // Escape closes the panel; the composer takes the focus back (it hears "panel-change").
  #escape(event: KeyboardEvent): void {
    if (event.key !== "Escape") return;
    event.preventDefault();
    this.open(null);
  }

  #addLink(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const url = safeUrl(String(data.get("url") ?? ""));
    if (!url) {
      this.problem = "Use an http(s) address.";
      return;
    }
    const attachment: Attachment = {
      title: String(data.get("title") ?? "").trim() || url,
      content_url: url,
      content_type:
        data.get("kind") === "ATTACHMENT_CONTENT_TYPE_IMAGE"
          ? "ATTACHMENT_CONTENT_TYPE_IMAGE"
          : "ATTACHMENT_CONTENT_TYPE_URL",
    };
    if (attachment.content_type === "ATTACHMENT_CONTENT_TYPE_IMAGE")
      attachment.preview_image_url = url;
    this.chat.draft.attachments = [...this.chat.draft.attachments, attachment];
    form.reset();
    this.problem = null;
    this.store.draftChanged(this.chat);
  }

  #addReply(event: SubmitEvent): void {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const text = String(new FormData(form).get("reply") ?? "").trim();
    if (!text) return;
    this.chat.draft.suggestions = [...this.chat.draft.suggestions, { message_text: text }];
    form.reset();
    this.store.draftChanged(this.chat);
  }

  #remove(kind: "attachments" | "suggestions", index: number): void {
    if (kind === "attachments")
      this.chat.draft.attachments = this.chat.draft.attachments.filter((_, i) => i !== index);
    else this.chat.draft.suggestions = this.chat.draft.suggestions.filter((_, i) => i !== index);
    this.store.draftChanged(this.chat);
  }
}

customElements.define("sb-composer-extras", ComposerExtras);
