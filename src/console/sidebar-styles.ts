// Styles the sidebar lists share (waiting queue, my chats): a block host, the small caps heading, the empty note.
import { css } from "lit";

/** `:host` as a block, `h2` as the section's small uppercase heading, `.empty` as the dashed "nothing here" note. */
export const sidebarSection = css`
  :host {
    display: block;
  }
  h2 {
    display: flex;
    align-items: center;
    gap: 8px;
    margin: 0;
    padding: 16px 16px 10px;
    font-size: 12px;
    font-weight: 650;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    color: var(--sb-text-2);
  }
  .empty {
    margin: 0 10px;
    padding: 18px 12px;
    border: 1px dashed var(--sb-border-strong);
    border-radius: var(--sb-radius);
    text-align: center;
    color: var(--sb-muted);
    font-size: 13px;
  }
`;
