// The offline form: email, optional name and message when nobody can take the chat; checked here as the server checks it.
import { html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import type { Conversation } from "../sdk/index.js";
import type { OfflineStrings } from "./offline-strings.js";

/** The form's fields as typed, what is wrong with them, and where the sending stands. */
export interface OfflineFormState {
  email: string;
  name: string;
  message: string;
  /** Field → the problem shown under it. */
  errors: Partial<Record<"email" | "name" | "message", string>>;
  sending: boolean;
  /** A refusal or network failure, shown above the button. */
  failure: string | null;
}

/** An empty form. */
export function emptyOfflineForm(): OfflineFormState {
  return { email: "", name: "", message: "", errors: {}, sending: false, failure: null };
}

/** Whether the conversation asks for an offline message now (nobody could take the handoff). */
export function offersOfflineMessage(c: Conversation): boolean {
  return c.ended === null && c.handoff.state === "failed" && c.handoff.offlineMessage === true;
}

// The server's rule (src/core/offline): one @, a dotted domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The problems of the form as typed, in the visitor's language; empty when it can be sent. */
export function offlineFormErrors(
  f: OfflineFormState,
  t: OfflineStrings,
): OfflineFormState["errors"] {
  const errors: OfflineFormState["errors"] = {};
  const email = f.email.trim();
  if (email === "") errors.email = t.emailRequired;
  else if (email.length > 254 || !EMAIL.test(email)) errors.email = t.emailInvalid;
  if (f.name.trim().length > 100) errors.name = t.nameTooLong;
  const message = f.message.trim();
  if (message === "") errors.message = t.messageRequired;
  else if (message.length > 4000) errors.message = t.messageTooLong;
  return errors;
}

/** What the form's controls do. */
export interface OfflineFormHandlers {
  field(name: "email" | "name" | "message", value: string): void;
  submit(): void;
}

/** The form, in place of the composer. */
export function offlineFormView(
  f: OfflineFormState,
  t: OfflineStrings,
  reason: string | undefined,
  on: OfflineFormHandlers,
): TemplateResult {
  const title = reason === "QUEUE_CLOSED" ? t.titleClosed : t.titleNoAgents;
  const field = (
    name: "email" | "name" | "message",
    label: string,
    control: (describedBy: string | typeof nothing, invalid: boolean) => TemplateResult,
  ) => {
    const error = f.errors[name];
    return html`<div class="offline-field">
      <label for="sb-offline-${name}">${label}</label>
      ${control(error ? `sb-offline-${name}-error` : nothing, error !== undefined)}
      ${error ? html`<p id="sb-offline-${name}-error" class="field-error">${error}</p>` : nothing}
    </div>`;
  };
  const input = (name: "email" | "name" | "message") => (e: Event) =>
    on.field(name, (e.target as HTMLInputElement | HTMLTextAreaElement).value);
  return html`<form class="offline" part="offline-form" data-panel="offline" novalidate
    aria-labelledby="sb-offline-title" aria-describedby="sb-offline-text"
    @submit=${(e: Event) => {
      e.preventDefault();
      on.submit();
    }}>
    <h3 id="sb-offline-title" class="confirm-title">${title}</h3>
    <p id="sb-offline-text" class="offline-explain">${t.explain}</p>
    ${field(
      "email",
      t.email,
      (d, bad) => html`<input id="sb-offline-email" name="email" type="email" autocomplete="email"
        maxlength="254" required aria-invalid=${bad ? "true" : "false"} aria-describedby=${d}
        .value=${live(f.email)} @input=${input("email")} />`,
    )}
    ${field(
      "name",
      t.name,
      (d, bad) => html`<input id="sb-offline-name" name="name" type="text" autocomplete="name"
        maxlength="100" aria-invalid=${bad ? "true" : "false"} aria-describedby=${d}
        .value=${live(f.name)} @input=${input("name")} />`,
    )}
    ${field(
      "message",
      t.message,
      (
        d,
        bad,
      ) => html`<textarea id="sb-offline-message" name="message" rows="2" maxlength="4000" required
        aria-invalid=${bad ? "true" : "false"} aria-describedby=${d}
        .value=${live(f.message)} @input=${input("message")}></textarea>`,
    )}
    ${f.failure ? html`<p class="field-error" role="alert" data-offline-failure>${f.failure}</p>` : nothing}
    <button class="primary" type="submit" part="offline-send" ?disabled=${f.sending}>${f.sending ? t.sending : t.send}</button>
  </form>`;
}
