// The sign-in card: paste a desk token, see a clear error when it is refused.
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
      .field {
        font-family: var(--sb-mono);
        font-size: 13px;
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

  override render() {
    const error = this.store.signInError;
    return html`
      <main>
      <form class="card" @submit=${this.#submit} aria-labelledby="sign-in-title">
        <div class="brand"><span class="logo" aria-hidden="true">S</span> Switchboard</div>
        <h1 id="sign-in-title">Sign in to the console</h1>
        <p>Paste the desk token your administrator gave you.</p>
        <label for="token">Desk token</label>
        <input
          id="token"
          name="token"
          class="field"
          type="password"
          autocomplete="off"
          spellcheck="false"
          placeholder="sbd_…"
          required
          aria-invalid=${error ? "true" : "false"}
          aria-describedby=${error ? "sign-in-error" : "sign-in-hint"}
        />
        ${error ? html`<div id="sign-in-error" class="error" role="alert">${error}</div>` : null}
        <button class="btn primary" type="submit" ?disabled=${this.store.signingIn}>
          ${this.store.signingIn ? "Signing in…" : "Sign in"}
        </button>
        <div id="sign-in-hint" class="hint">The token is kept for this browser tab only.</div>
      </form>
      </main>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLInputElement>("#token")?.focus();
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("#token");
    const token = input?.value.trim() ?? "";
    if (!token) return;
    const ok = await this.store.signIn(token);
    if (!ok) {
      input?.select();
      input?.focus();
    }
  }
}

customElements.define("sb-sign-in", SignInView);
