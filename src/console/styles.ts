// Styles every console view shares: buttons, inputs, badges, avatars; built on the tokens in theme.css.
import { css } from "lit";

export const shared = css`
  :host {
    font-family: var(--sb-font);
    color: var(--sb-text);
  }

  button {
    font: inherit;
    cursor: pointer;
  }

  /* An outline, not a box-shadow: a selected tab's own shadow cannot hide it. */
  :focus-visible {
    outline: var(--sb-focus-ring);
    outline-offset: 2px;
  }

  .btn {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    height: 32px;
    padding: 0 12px;
    border-radius: var(--sb-radius-sm);
    border: 1px solid var(--sb-border-strong);
    background: var(--sb-surface);
    color: var(--sb-text);
    font-weight: 500;
    font-size: 13px;
    white-space: nowrap;
    transition:
      background 120ms,
      border-color 120ms,
      color 120ms;
  }

  .btn:hover:not(:disabled) {
    background: var(--sb-surface-2);
    border-color: var(--sb-muted);
  }

  .btn:disabled {
    opacity: 0.5;
    cursor: not-allowed;
  }

  .btn.primary {
    background: var(--sb-accent);
    border-color: var(--sb-accent);
    color: var(--sb-accent-text);
  }

  .btn.primary:hover:not(:disabled) {
    background: var(--sb-accent-hover);
    border-color: var(--sb-accent-hover);
  }

  .btn.danger {
    color: var(--sb-danger);
  }

  .btn.danger.solid {
    background: var(--sb-danger);
    border-color: var(--sb-danger);
    color: var(--sb-on-fill);
  }

  .btn.ghost {
    border-color: transparent;
    background: transparent;
    color: var(--sb-text-2);
  }

  .btn.ghost:hover:not(:disabled) {
    background: var(--sb-bg);
    border-color: transparent;
  }

  .btn.small {
    height: 28px;
    padding: 0 10px;
    font-size: 12.5px;
  }

  .field {
    width: 100%;
    height: 36px;
    padding: 0 10px;
    border: 1px solid var(--sb-border-strong);
    border-radius: var(--sb-radius-sm);
    background: var(--sb-surface);
    color: var(--sb-text);
    font: inherit;
  }

  .badge {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    min-width: 20px;
    height: 20px;
    padding: 0 6px;
    border-radius: 999px;
    background: var(--sb-accent);
    color: var(--sb-on-fill);
    font-size: 11.5px;
    font-weight: 600;
  }

  .avatar {
    display: inline-grid;
    place-items: center;
    flex: none;
    width: 32px;
    height: 32px;
    border-radius: 50%;
    background: var(--sb-accent-soft);
    color: var(--sb-accent);
    font-weight: 600;
    font-size: 12px;
    overflow: hidden;
  }

  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  .error {
    color: var(--sb-danger);
    background: var(--sb-danger-soft);
    border-radius: var(--sb-radius-sm);
    padding: 6px 10px;
    font-size: 13px;
  }

  .muted {
    color: var(--sb-muted);
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }

  /* A visitor's presence: a filled dot online, a ring offline. */
  .presence {
    display: inline-flex;
    align-items: center;
    gap: 5px;
    font-size: 12px;
    font-weight: 550;
    color: var(--sb-success);
  }
  .presence::before {
    content: "";
    width: 7px;
    height: 7px;
    border-radius: 50%;
    background: currentColor;
  }
  .presence.offline {
    color: var(--sb-text-2);
  }
  .presence.offline::before {
    background: transparent;
    border: 1.5px solid currentColor;
  }
`;
