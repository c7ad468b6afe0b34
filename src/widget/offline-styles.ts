// The offline form's styles (it takes the composer's place); colours from the --sb-* properties.
import { css } from "lit";

export const offlineStyles = css`
  .offline {
    display: flex; flex-direction: column; gap: 8px; padding: 14px 16px; max-height: 70%;
    overflow-y: auto; border-top: 1px solid var(--sb-border); background: var(--sb-bg); font-size: 14px;
  }
  .offline-explain { margin: 0; color: var(--sb-muted); }
  .offline-field { display: flex; flex-direction: column; gap: 4px; }
  .offline-field label { font-weight: 600; }
  .offline-field input, .offline-field textarea {
    font: inherit; color: var(--sb-text); background: var(--sb-surface); border: 1px solid var(--sb-border);
    border-radius: 10px; padding: 8px 10px; resize: vertical;
  }
  .offline-field [aria-invalid="true"] { border-color: var(--sb-danger); }
  .field-error { margin: 0; color: var(--sb-danger); font-size: 13px; }
  .offline .primary { align-self: flex-end; }
`;
