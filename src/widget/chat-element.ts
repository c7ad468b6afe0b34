// <switchboard-chat>: public methods, lifecycle, input handling and rendering (the SDK client is in chat-session.ts).

import { html, nothing, type PropertyValues } from "lit";
import type { ResponseSuggestion, SwitchboardClient } from "../sdk/index.js";
import { avatar } from "./avatar.js";
import { ChatProperties } from "./chat-properties.js";
import { ChatSession } from "./chat-session.js";
import { hasStoredSession, type WidgetClientSettings } from "./client-factory.js";
import { insertAt } from "./emoji-picker.js";
import { fileStringsFor, refusalText } from "./file-strings.js";
import { pickLanguage, stringsFor, type UiStrings } from "./i18n.js";
import { chatIcon, chevronDownIcon } from "./icons.js";
import type { MessageContext } from "./message-view.js";
import { emptyOfflineForm, offersOfflineMessage, offlineFormErrors } from "./offline-form.js";
import { offlineStringsFor } from "./offline-strings.js";
import { offlineStyles } from "./offline-styles.js";
import { widgetStyles } from "./styles.js";
import { downloadText, timeOfDay, transcriptText } from "./transcript-file.js";
import { headerIdentity } from "./widget-state.js";
import { windowView } from "./window-view.js";

/** The chat widget element; see docs/widget.md for its attributes, events, parts and variables. */
export class SwitchboardChat extends ChatProperties {
  static override styles = [widgetStyles, offlineStyles];

  readonly #session = new ChatSession(this, {
    settings: () => this.#settings(),
    emit: (name, detail) => this.#emit(name, detail),
  });
  #stick = true;
  #focusInput = false;
  // An element to focus after the next render (the confirm's safe choice, then End chat again).
  #focusSelector: string | null = null;
  // The offline form had the focus: once the conversation ends, "Start a new chat" takes it.
  #focusAfterOffline = false;

  /** The SDK client once the chat started (for advanced use: listen to raw events). */
  get client(): SwitchboardClient | null {
    return this.#session.client;
  }

  /** Opens the window (and starts the conversation the first time). */
  openChat(): void {
    this.open = true;
  }

  /** Minimises the window; the conversation goes on. */
  closeChat(): void {
    this.open = false;
  }

  /** Sends `text` as the user; returns false when there is nothing to send or no conversation. */
  send(text: string): boolean {
    const client = this.#session.client;
    if (!client || text.trim() === "") return false;
    const result = client.send(text);
    if (result.error) return false;
    this.#stick = true;
    this.#emit("sb-send", { text, clientEventId: result.clientEventId });
    return true;
  }

  /** Runs `onContextRequired` again for the live session (new facts about the visitor); true when accepted. */
  refreshVerifiedContext(): Promise<boolean> {
    return this.#session.client?.refreshVerifiedContext() ?? Promise.resolve(false);
  }

  /** Ends the conversation at once (the window's End chat asks the visitor first). */
  endChat(): void {
    this._confirmingEnd = false;
    this.#session.client?.end();
  }

  /** Saves the conversation so far as a text file ("Download transcript"). */
  downloadTranscript(): void {
    const language = this.#session.language;
    const text = transcriptText(this._conversation.messages, stringsFor(language), language, (id) =>
      this.#session.noticeInfo(id),
    );
    const day = new Date().toISOString().slice(0, 10);
    downloadText(`chat-transcript-${day}.txt`, text);
  }

  // At the caret (or over the selection) of the message box, which keeps the focus.
  #insertEmoji(emoji: string): void {
    const input = this.renderRoot.querySelector(".input") as HTMLTextAreaElement | null;
    const start = input?.selectionStart ?? this._draft.length;
    const end = input?.selectionEnd ?? this._draft.length;
    const { value, caret } = insertAt(this._draft, emoji, start, end);
    this._draft = value;
    this._emojiOpen = false;
    void this.updateComplete.then(() => {
      input?.focus();
      input?.setSelectionRange(caret, caret);
    });
  }

  // Checked here first (the server checks again): each problem under its field, focus on the first.
  async #submitOffline(): Promise<void> {
    const client = this.#session.client;
    const form = this._offlineForm;
    if (!client || form.sending) return;
    const t = offlineStringsFor(this.#session.language);
    const errors = offlineFormErrors(form, t);
    const first = (["email", "name", "message"] as const).find((f) => errors[f]);
    if (first) {
      this._offlineForm = { ...form, errors, failure: null };
      this.#focusSelector = `#sb-offline-${first}`;
      return;
    }
    this._offlineForm = { ...form, errors: {}, sending: true, failure: null };
    const result = await client.leaveOfflineMessage({
      email: form.email.trim(),
      name: form.name.trim(),
      message: form.message.trim(),
    });
    if (result.ok) {
      this.#emit("sb-offline-message", { email: form.email.trim() });
      // The session ends with the server's thank-you; the form goes with it.
      this._offlineForm = { ...emptyOfflineForm(), sending: true };
      this.#focusAfterOffline = true;
      return;
    }
    const failure = result.error.code === "rate_limited" ? t.tooMany : t.failed;
    this._offlineForm = { ...this._offlineForm, sending: false, failure };
  }

  #askEnd(): void {
    this._confirmingEnd = true;
    this.#focusSelector = '[data-action="keep"]';
  }

  #keepChatting(): void {
    this._confirmingEnd = false;
    this.#focusSelector = '[part="end-button"]';
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.open || hasStoredSession(this.#settings()))
      queueMicrotask(() => this.#session.start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#session.stop();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("accent")) {
      if (this.accent) this.style.setProperty("--sb-accent", this.accent);
      else this.style.removeProperty("--sb-accent");
    }
    if (changed.has("open") && this.open) {
      this._unread = 0;
      this.#session.start();
    }
    this.#session.language = pickLanguage(
      this._conversation.language,
      this.uiLanguage,
      navigator.language,
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("open") && changed.get("open") !== undefined) {
      this.#emit(this.open ? "sb-open" : "sb-close", {});
      this.#focusInput = this.open;
      if (!this.open) (this.renderRoot.querySelector(".launcher") as HTMLElement | null)?.focus();
    }
    // The input is disabled until the session is ready; focus it as soon as it can take focus.
    const input = this.renderRoot.querySelector(".input") as HTMLTextAreaElement | null;
    if (this.#focusInput && input && !input.disabled) {
      this.#focusInput = false;
      input.focus();
    }
    const newChat = this.#focusAfterOffline
      ? (this.renderRoot.querySelector('[part="new-chat"]') as HTMLElement | null)
      : null;
    if (newChat) {
      this.#focusAfterOffline = false;
      newChat.focus();
    }
    if (this.#focusSelector) {
      (this.renderRoot.querySelector(this.#focusSelector) as HTMLElement | null)?.focus();
      this.#focusSelector = null;
    }
    const list = this.renderRoot.querySelector(".messages");
    if (list && this.#stick) list.scrollTop = list.scrollHeight;
  }

  #settings(): WidgetClientSettings {
    return {
      server: this.server || location.origin,
      connectorToken: this.connectorToken,
      host: this.host,
      tokenEndpoint: this.tokenEndpoint,
      tokenProvider: this.tokenProvider,
      onContextRequired: this.onContextRequired,
      streaming: this.streaming !== "false",
      storage: this.storage,
      storageKey: this.storageKey,
      extra: this.clientOptions,
    };
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #context(t: UiStrings): MessageContext {
    const userIds = this._conversation.messages.filter((m) => m.from === "user").map((m) => m.id);
    const latestUser = userIds[userIds.length - 1];
    return {
      t,
      avatar: (name, url, size) =>
        avatar(name, url, size, this._broken, (bad) => {
          this._broken = new Set([...this._broken, bad]);
        }),
      noticeInfo: (id) => this.#session.noticeInfo(id),
      retry: (id) => this.#session.client?.retry(id),
      isLatestUser: (id) => id === latestUser,
      time: (iso) => timeOfDay(iso, this.#session.language),
    };
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      event.stopPropagation();
      if (this._emojiOpen) {
        this._emojiOpen = false;
        this.#focusSelector = '[part="emoji-button"]';
      } else if (this._confirmingEnd) this.#keepChatting();
      else this.closeChat();
      return;
    }
    const target = event.composedPath()[0];
    const isInput = target instanceof HTMLTextAreaElement && target.classList.contains("input");
    if (isInput && event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#sendDraft();
    }
  };

  // Uploads the file, then sends it as a message named after it; a refusal shows its own sentence.
  async #attach(file: File): Promise<void> {
    const client = this.#session.client;
    if (!client || (this._upload !== null && "percent" in this._upload)) return;
    const t = fileStringsFor(this.#session.language);
    const name = file.name || "file";
    this._upload = { name, percent: 0 };
    this._announcement = t.uploading(name);
    const result = await client.upload(file, {
      name,
      onProgress: ({ loaded, total }) => {
        if (total > 0) this._upload = { name, percent: Math.round((loaded / total) * 100) };
      },
    });
    if (!result.ok) {
      this._upload = { error: refusalText(t, result.error.code) };
      return;
    }
    this._upload = null;
    const sent = client.send(name, { files: [result.file] });
    if (sent.error) {
      this._upload = { error: t.failed };
      return;
    }
    this.#stick = true;
    this._announcement = t.sent(name);
    this.#emit("sb-send", { text: name, clientEventId: sent.clientEventId });
  }

  #sendDraft(): void {
    if (this.send(this._draft)) this._draft = "";
  }

  #onSuggestion(s: ResponseSuggestion): void {
    const client = this.#session.client;
    if (!client) return;
    const result = client.sendSuggestion(s);
    if (result.error) return;
    this.#stick = true;
    this.#emit("sb-send", { text: s.message_text, clientEventId: result.clientEventId });
    (this.renderRoot.querySelector(".input") as HTMLElement | null)?.focus();
  }

  #onScroll = (event: Event): void => {
    const list = event.currentTarget as HTMLElement;
    this.#stick = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  };

  override render() {
    const language = this.#session.language;
    const t = stringsFor(language);
    const identity = headerIdentity(this._conversation, this.chatTitle || "Chat", t.liveAgent);
    const label = this.open ? t.launcherClose : t.launcherOpen;
    const unread = this._unread > 0 && !this.open ? t.unread(this._unread) : "";
    return html`
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-announcer>${this._announcement}</div>
      ${
        this.open
          ? windowView(
              {
                t,
                language,
                phase: this._phase,
                conversation: this._conversation,
                identity,
                draft: this._draft,
                ctx: this.#context(t),
                confirmingEnd: this._confirmingEnd,
                emojiOpen: this._emojiOpen,
                files: {
                  t: fileStringsFor(language),
                  upload: this._upload,
                  accept: "image/*,application/pdf,text/plain",
                },
                rating: this._rating,
                earlier: this._earlier,
                ...(offersOfflineMessage(this._conversation)
                  ? {
                      offline: {
                        form: this._offlineForm,
                        t: offlineStringsFor(language),
                        reason: this._conversation.handoff.reason,
                      },
                    }
                  : {}),
              },
              {
                close: () => this.closeChat(),
                askEnd: () => this.#askEnd(),
                end: () => this.endChat(),
                keepChatting: () => this.#keepChatting(),
                send: () => this.#sendDraft(),
                input: (value) => {
                  this._draft = value;
                  this.#session.client?.typing();
                },
                suggestion: (s) => this.#onSuggestion(s),
                newChat: () => {
                  this._offlineForm = emptyOfflineForm();
                  this.#session.newChat();
                },
                openEarlier: (id) => this.#session.openEarlier(id),
                tryAgain: () => this.#session.start(),
                keydown: this.#onKeydown,
                scrolled: this.#onScroll,
                download: () => this.downloadTranscript(),
                toggleEmoji: () => {
                  this._emojiOpen = !this._emojiOpen;
                },
                emoji: (e) => this.#insertEmoji(e),
                attach: (file) => void this.#attach(file),
                dismissUpload: () => {
                  this._upload = null;
                },
                rating: {
                  pick: (score) => {
                    if (this._rating.step === "asking") this._rating = { ...this._rating, score };
                  },
                  comment: (comment) => {
                    if (this._rating.step === "asking") this._rating = { ...this._rating, comment };
                  },
                  submit: () => void this.#session.rate(),
                },
                offline: {
                  field: (name, value) => {
                    const errors = { ...this._offlineForm.errors };
                    delete errors[name];
                    this._offlineForm = { ...this._offlineForm, [name]: value, errors };
                  },
                  submit: () => void this.#submitOffline(),
                },
              },
            )
          : nothing
      }
      <button class="launcher ${this.open ? "is-open" : ""}" type="button" part="launcher"
        aria-label=${unread ? `${label} (${unread})` : label} aria-expanded=${this.open ? "true" : "false"}
        aria-controls="sb-window" @click=${() => (this.open = !this.open)}>
        ${this.open ? chevronDownIcon() : chatIcon()}
        ${unread ? html`<span class="badge" aria-hidden="true">${this._unread}</span>` : nothing}
      </button>`;
  }
}
