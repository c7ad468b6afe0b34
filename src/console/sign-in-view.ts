// The sign-in card: email and password (or a desk token), with a clear error when refused.
import { css, html } from "lit";
import { StoreElement } from "./store-element.js";
import { shared } from "./styles.js";

/** `<sb-sign-in>`: the token form shown while nobody is signed in. */
export class SignInView extends StoreElement {
  static override styles = [
    shared,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100vh;
        padding: 24px;
        background:
          radial-gradient(1200px 500px at 50% -10%, var(--sb-accent-soft), transparent),
          var(--sb-bg);
      }
      .card {
        width: 400px;
        padding: 32px;
        border-radius: 14px;
        background: var(--sb-surface);
        border: 1px solid var(--sb-border);
        box-shadow: var(--sb-shadow-lg);
      }
      .brand {
        display: flex;
        align-items: center;
        gap: 10px;
        margin-bottom: 24px;
        font-weight: 650;
        font-size: 16px;
      }
      .logo {
        display: grid;
        place-items: center;
        width: 32px;
        height: 32px;
        border-radius: 9px;
        background: var(--sb-accent);
        color: var(--sb-on-fill);
        font-weight: 700;
      }
      h1 {
        margin: 0 0 6px;
        font-size: 20px;
        font-weight: 650;
        letter-spacing: -0.01em;
      }
      p {
        margin: 0 0 20px;
        color: var(--sb-text-2);
      }
      label {
        display: block;
        margin-bottom: 6px;
        font-weight: 550;
        font-size: 13px;
      }
      .mono {
        font-family: var(--sb-mono);
        font-size: 13px;
      }
      .second {
        margin-top: 12px;
      }
      .switch {
        width: 100%;
        margin-top: 8px;
      }
      .error {
        margin-top: 12px;
      }
      .btn {
        width: 100%;
        height: 38px;
        margin-top: 16px;
        font-size: 14px;
      }
      .hint {
        margin-top: 16px;
        font-size: 12.5px;
        color: var(--sb-muted);
      }
    `,
  ];

  static override properties = { ...StoreElement.properties, useToken: { state: true } };
  /** Whether the token form is shown instead of email and password. */
  declare useToken: boolean;

  constructor() {
    super();
    this.useToken = false;
  }

  override render() {
    const error = this.store.signInError;
    const described = error ? "sign-in-error" : "sign-in-hint";
    return html`
      <main>
      <form class="card" @submit=${this.#submit} aria-labelledby="sign-in-title">
        <div class="brand"><span class="logo" aria-hidden="true">S</span> Switchboard</div>
        <h1 id="sign-in-title">Sign in to the console</h1>
        ${
          this.useToken
            ? html`
              <p>Paste the desk token your administrator gave you.</p>
              <label for="token">Desk token</label>
              <input id="token" name="token" class="field mono" type="password" autocomplete="off"
                spellcheck="false" placeholder="sbd_…" required
                aria-invalid=${error ? "true" : "false"} aria-describedby=${described} />`
            : html`
              <p>Use the email and password your administrator set for you.</p>
              <label for="email">Email</label>
              <input id="email" name="email" class="field" type="email" autocomplete="username"
                required aria-invalid=${error ? "true" : "false"} aria-describedby=${described} />
              <label for="password" class="second">Password</label>
              <input id="password" name="password" class="field" type="password"
                autocomplete="current-password" required
                aria-invalid=${error ? "true" : "false"} aria-describedby=${described} />`
        }
        ${error ? html`<div id="sign-in-error" class="error" role="alert">${error}</div>` : null}
        <button class="btn primary" type="submit" ?disabled=${this.store.signingIn}>
          ${this.store.signingIn ? "Signing in…" : "Sign in"}
        </button>
        <button class="btn ghost switch" type="button" @click=${this.#switch}>
          ${this.useToken ? "Sign in with email and password" : "Use a desk token instead"}
        </button>
        <div id="sign-in-hint" class="hint">
          ${
            this.useToken
              ? "The token is kept for this browser tab only."
              : "You stay signed in on this browser until you sign out (at most 7 days)."
          }
        </div>
      </form>
      </main>
    `;
  }

  override firstUpdated(): void {
    this.#focusFirst();
  }

  #focusFirst(): void {
    this.renderRoot.querySelector<HTMLInputElement>(this.useToken ? "#token" : "#email")?.focus();
  }

  async #switch(): Promise<void> {
    this.useToken = !this.useToken;
    this.store.signInError = null;
    await this.updateComplete;
    this.#focusFirst();
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const field = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(`#${id}`);
    if (this.useToken) {
      const input = field("token");
      const token = input?.value.trim() ?? "";
      if (!token) return;
      if (!(await this.store.signIn(token))) {
        input?.select();
        input?.focus();
      }
      return;
    }
    const email = field("email")?.value.trim() ?? "";
    const password = field("password");
    if (!email || !password?.value) return;
    if (!(await this.store.signInWithPassword(email, password.value))) {
      password.value = "";
      password.focus();
    }
  }
}

customElements.define("sb-sign-in", SignInView);
