// How transcript items look: bubbles by author, the tinted AI part, link cards, chips and centred notes.
import { css } from "lit";

/** Styles for the items `renderItem` produces. */
export const messageStyles = css`
  .msg {
    max-width: min(72%, 640px);
    display: grid;
    gap: 4px;
    justify-items: start;
  }
  .msg.me {
    align-self: flex-end;
    justify-items: end;
  }
  .msg header {
    display: flex;
    align-items: center;
    gap: 6px;
    padding: 0 4px;
    font-size: 12px;
    font-weight: 600;
    color: var(--sb-text-2);
  }
  .msg header .name {
    font-weight: 500;
    color: var(--sb-muted);
  }
  .msg header time {
    font-weight: 400;
    color: var(--sb-muted);
  }
  .bot-tag {
    padding: 1px 7px;
    border-radius: 999px;
    background: var(--sb-bot);
    color: var(--sb-on-fill);
    font-size: 10.5px;
    letter-spacing: 0.04em;
    text-transform: uppercase;
  }
  .bubble {
    padding: 9px 13px;
    border-radius: 14px;
    border: 1px solid var(--sb-border);
    background: var(--sb-surface);
    overflow-wrap: anywhere;
    line-height: 1.5;
  }
  .user .bubble {
    border-top-left-radius: 4px;
  }
  .bot .bubble {
    background: var(--sb-bot-soft);
    border-color: var(--sb-bot-border);
    border-top-left-radius: 4px;
  }
  .me .bubble {
    background: var(--sb-accent);
    border-color: var(--sb-accent);
    color: var(--sb-accent-text);
    border-top-right-radius: 4px;
  }
  .agent .bubble {
    background: var(--sb-surface-2);
  }
  .md.plain {
    white-space: pre-wrap;
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md > :last-child {
    margin-bottom: 0;
  }
  .md p,
  .md ul,
  .md ol,
  .md pre,
  .md blockquote {
    margin: 0 0 8px;
  }
  .md ul,
  .md ol {
    padding-left: 20px;
  }
  .md code {
    font-family: var(--sb-mono);
    font-size: 12.5px;
    padding: 1px 4px;
    border-radius: 4px;
    background: var(--sb-code);
  }
  .md a {
    color: var(--sb-accent);
  }
  .me .md a {
    color: inherit;
  }
  .cursor {
    display: inline-block;
    width: 7px;
    height: 14px;
    margin-left: 2px;
    vertical-align: text-bottom;
    background: var(--sb-bot);
    animation: blink 1s steps(2) infinite;
  }
  @keyframes blink {
    50% {
      opacity: 0;
    }
  }
  .attachments {
    display: grid;
    gap: 6px;
  }
  .card {
    display: flex;
    gap: 10px;
    align-items: center;
    max-width: 360px;
    padding: 8px;
    border: 1px solid var(--sb-border);
    border-radius: var(--sb-radius);
    background: var(--sb-surface);
    color: inherit;
    text-decoration: none;
  }
  a.card:hover {
    border-color: var(--sb-accent);
  }
  .card img {
    width: 64px;
    height: 64px;
    object-fit: cover;
    border-radius: var(--sb-radius-sm);
    background: var(--sb-bg);
  }
  .card-text {
    display: grid;
    gap: 1px;
    min-width: 0;
  }
  .card-text small {
    color: var(--sb-muted);
  }
  .cta {
    color: var(--sb-accent);
    font-weight: 600;
    font-size: 12.5px;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 6px;
  }
  .chip {
    padding: 4px 10px;
    border-radius: 999px;
    border: 1px solid var(--sb-accent);
    color: var(--sb-accent);
    background: var(--sb-surface);
    font-size: 12.5px;
    font-weight: 550;
    cursor: default;
  }
  .note {
    align-self: center;
    display: flex;
    align-items: center;
    gap: 8px;
    max-width: 80%;
    padding: 3px 12px;
    border-radius: 999px;
    background: var(--sb-tint);
    color: var(--sb-text-2);
    font-size: 12px;
  }
  .note.warning {
    background: var(--sb-warning-soft);
    color: var(--sb-warning);
  }
  .note.error {
    background: var(--sb-danger-soft);
    color: var(--sb-danger);
  }
  .note time {
    color: inherit;
  }
`;
