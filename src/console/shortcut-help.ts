// The keyboard shortcuts dialog (opened with "?"): every shortcut of SHORTCUTS with its keys.
import { css, html, LitElement } from "lit";
import { icon } from "./icons.js";
import { SHORTCUTS } from "./shortcuts.js";
import { shared } from "./styles.js";

/** `<sb-shortcut-help>`: a modal `<dialog>`; call `open()`. Escape or Close shuts it. */
export class ShortcutHelp extends LitElement {
  static override styles = [
    shared,
    css`
      dialog {
        width: 460px;
        padding: 0;
        border: 1px solid var(--sb-border);
        border-radius: 14px;
        background: var(--sb-surface);
        color: var(--sb-text);
        box-shadow: var(--sb-shadow-lg);
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 35%);
      }
      .head {
        display: flex;
        align-items: center;
        padding: 16px 16px 8px 20px;
      }
      h2 {
        margin: 0;
        font-size: 16px;
      }
      .head .btn {
        margin-left: auto;
      }
      dl {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 10px 16px;
        margin: 0;
        padding: 8px 20px 20px;
      }
      dt {
        color: var(--sb-text-2);
      }
      dd {
        margin: 0;
        text-align: right;
        color: var(--sb-muted);
        font-size: 12px;
      }
      kbd {
        display: inline-block;
        min-width: 22px;
        padding: 1px 6px;
        border: 1px solid var(--sb-border-strong);
        border-bottom-width: 2px;
        border-radius: 4px;
        background: var(--sb-surface-2);
        color: var(--sb-text);
        font-family: inherit;
        font-size: 12px;
        text-align: center;
      }
    `,
  ];

  /** Whether the dialog is showing. */
  get isOpen(): boolean {
    return this.renderRoot.querySelector("dialog")?.open ?? false;
  }

  /** Shows the dialog, modal, with focus on its Close button. */
  open(): void {
    const dialog = this.renderRoot.querySelector("dialog");
    if (dialog && !dialog.open) dialog.showModal();
  }

  override render() {
    return html`<dialog aria-labelledby="shortcuts-title">
      <div class="head">
        <h2 id="shortcuts-title">Keyboard shortcuts</h2>
        <button class="btn ghost small" aria-label="Close" @click=${this.#close}>${icon("x", 15)}</button>
      </div>
      <dl>
        ${SHORTCUTS.map(
          (s) => html`<dt>${s.label}</dt>
            <dd>${s.keys.map((combo, i) => html`${i > 0 ? " or " : ""}${combo.map((k, j) => html`${j > 0 ? "+" : ""}<kbd>${k}</kbd>`)}`)}</dd>`,
        )}
      </dl>
    </dialog>`;
  }

  #close(): void {
    this.renderRoot.querySelector("dialog")?.close();
  }
}

customElements.define("sb-shortcut-help", ShortcutHelp);
