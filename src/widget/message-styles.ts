// The widget's conversation styles: messages, avatars, attachments, notices, indicators, suggestions, composer.
import { css } from "lit";

/** The rules for everything inside the window's body, from the message list down to the composer. */
export const messageStyles = css`
  /* Messages */
  .messages:focus-visible { outline: 3px solid var(--sb-focus); outline-offset: -3px; }
  .messages {
    flex: 1; overflow-y: auto; padding: 18px 14px 8px; background: var(--sb-surface);
    display: flex; flex-direction: column; gap: 4px; scroll-behavior: smooth; overscroll-behavior: contain;
  }
  .row { display: flex; gap: 8px; max-width: 100%; }
  .row.first { margin-top: 10px; }
  .row:first-child { margin-top: 0; }
  .row.user { justify-content: flex-end; }
  .gutter { width: 28px; flex: none; display: flex; align-items: flex-end; }
  .row.agent .gutter { align-items: flex-start; padding-top: 20px; }
  .stack { display: flex; flex-direction: column; gap: 6px; min-width: 0; max-width: 80%; }
  .row.user .stack { align-items: flex-end; }
  .speaker { font-size: 12px; color: var(--sb-muted); margin-left: 4px; font-weight: 550; }
  .bubble {
    padding: 10px 14px; border-radius: var(--sb-bubble-radius); overflow-wrap: anywhere; word-break: break-word;
  }
  .agent-bubble {
    background: var(--sb-agent-bubble); color: var(--sb-agent-text); border-top-left-radius: 6px;
    box-shadow: 0 1px 2px rgba(20, 24, 45, .06); border: 1px solid color-mix(in srgb, var(--sb-border) 75%, transparent);
  }
  .user-bubble {
    background: var(--sb-user-bubble); color: var(--sb-user-text); border-top-right-radius: 6px; white-space: pre-wrap;
  }
  /* Dimming the text would fail contrast: the label under the bubble says it, the bubble's shape hints. */
  .row[data-status="sending"] .user-bubble { border-bottom-right-radius: 6px; }
  .row[data-status="failed"] .user-bubble { box-shadow: 0 0 0 2px var(--sb-danger); }
  .md > :first-child { margin-top: 0; }
  .md > :last-child { margin-bottom: 0; }
  .agent-bubble[aria-busy="true"] .md > :last-child { display: inline; }
  .md p { margin: 0 0 8px; }
  .md ul, .md ol { margin: 4px 0 8px; padding-left: 20px; }
  .md a[href] { color: var(--sb-accent-text); text-decoration: underline; text-underline-offset: 2px; }
  .md code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .88em; background: var(--sb-surface); padding: 1px 5px; border-radius: 5px; }
  .md pre { background: var(--sb-surface); padding: 10px; border-radius: 10px; overflow-x: auto; }
  .md pre code { background: none; padding: 0; }
  .md blockquote { margin: 0 0 8px; padding-left: 10px; border-left: 3px solid var(--sb-border); color: var(--sb-muted); }
  .caret {
    display: inline-block; width: 7px; height: 1em; margin-left: 2px; vertical-align: -2px; border-radius: 2px;
    background: var(--sb-accent); animation: sb-blink 1s steps(2) infinite;
  }
  @keyframes sb-blink { 50% { opacity: 0; } }
  .delivery { font-size: 11.5px; color: var(--sb-muted); margin-right: 4px; display: flex; align-items: center; gap: 6px; }
  .delivery.failed { color: var(--sb-danger); }
  .link-button {
    border: 0; background: none; padding: 2px 4px; color: var(--sb-danger); font-weight: 650; text-decoration: underline;
    display: inline-flex; align-items: center; gap: 4px; font-size: 12px;
  }

  .stamp {
    font-size: 11px; color: var(--sb-muted); margin: 0 4px; opacity: 0; transition: opacity .15s;
  }
  .row:hover .stamp, .row:focus-within .stamp, .messages:focus-visible .row:last-child .stamp { opacity: 1; }
  @media (hover: none) { .stamp { opacity: 1; } }

  /* Avatars */
  .avatar {
    width: var(--sb-avatar-size); height: var(--sb-avatar-size); border-radius: 50%; flex: none; overflow: hidden;
    display: inline-grid; place-items: center; background: hsl(var(--sb-avatar-hue) 62% 92%);
    color: hsl(var(--sb-avatar-hue) 55% 30%); font-weight: 700; font-size: calc(var(--sb-avatar-size) * .4);
    letter-spacing: .02em; user-select: none;
  }
  .avatar img { width: 100%; height: 100%; object-fit: cover; display: block; }

  /* Attachments */
  .attachment { display: flex; text-decoration: none; color: inherit; border-radius: 14px; overflow: hidden; }
  .attachment.card {
    align-items: center; gap: 12px; padding: 10px 12px; background: var(--sb-bg); border: 1px solid var(--sb-border);
    box-shadow: 0 1px 2px rgba(20, 24, 45, .05); transition: border-color .15s, box-shadow .15s; min-width: 220px;
  }
  .attachment.card:hover { border-color: color-mix(in srgb, var(--sb-accent) 45%, var(--sb-border)); box-shadow: 0 4px 14px -6px rgba(20,24,45,.2); }
  .attachment .preview { width: 48px; height: 48px; border-radius: 10px; object-fit: cover; flex: none; }
  .card-body { display: flex; flex-direction: column; min-width: 0; flex: 1; }
  .card-title { font-weight: 600; font-size: 14px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .card-host { font-size: 12px; color: var(--sb-muted); }
  .card-action {
    max-width: 45%; overflow: hidden; white-space: nowrap;
    display: inline-flex; align-items: center; gap: 4px; font-size: 12.5px; font-weight: 600; color: var(--sb-accent-text); flex: none;
  }
  .attachment.image { flex-direction: column; border: 1px solid var(--sb-border); background: var(--sb-bg); max-width: 260px; }
  .attachment.image img { display: block; width: 100%; max-height: 220px; object-fit: cover; }
  .caption { font-size: 12.5px; padding: 6px 10px; color: var(--sb-muted); }

  /* Notices and indicators */
  .notice {
    align-self: center; display: inline-flex; align-items: center; gap: 8px; margin: 12px 8px 6px; max-width: 92%;
    padding: 7px 12px; border-radius: 999px; font-size: 12.5px; text-align: left;
    /* Muted, yet 4.5:1 on the tinted pill in both themes (plain muted was 4.2:1). */
    color: color-mix(in srgb, var(--sb-muted) 70%, var(--sb-text));
    background: color-mix(in srgb, var(--sb-border) 55%, transparent);
  }
  .notice.warning { background: var(--sb-warning-bg); color: var(--sb-warning-text); }
  .notice.error { background: color-mix(in srgb, var(--sb-danger) 10%, var(--sb-bg)); color: var(--sb-danger); }
  .notice[data-kind="queued"] { background: color-mix(in srgb, var(--sb-accent) 10%, var(--sb-bg)); color: var(--sb-queue-text); }
  .notice.joined {
    flex-direction: column; gap: 6px; background: none; color: var(--sb-text); font-weight: 550; border-radius: 14px;
  }
  .notice-link { color: var(--sb-accent-text); font-weight: 650; display: inline-flex; gap: 4px; align-items: center; }
  .dots { display: inline-flex; gap: 4px; padding: 14px 16px; }
  .dots span {
    width: 7px; height: 7px; border-radius: 50%; background: var(--sb-muted); opacity: .5;
    animation: sb-bounce 1.2s infinite ease-in-out;
  }
  .dots span:nth-child(2) { animation-delay: .15s; }
  .dots span:nth-child(3) { animation-delay: .3s; }
  @keyframes sb-bounce { 0%, 60%, 100% { transform: none; opacity: .45; } 30% { transform: translateY(-4px); opacity: .9; } }
  .skeleton { display: flex; flex-direction: column; gap: 10px; padding: 6px 0 0 36px; }
  .bone { height: 14px; border-radius: 7px; background: linear-gradient(90deg, var(--sb-border), #f0f1f6, var(--sb-border)); background-size: 200% 100%; animation: sb-shimmer 1.2s infinite; }
  .w70 { width: 70%; } .w50 { width: 50%; } .w60 { width: 60%; }
  @keyframes sb-shimmer { to { background-position: -200% 0; } }
  .panel, .ended { display: flex; flex-direction: column; align-items: center; gap: 10px; text-align: center; }
  .panel { margin: auto; padding: 24px; color: var(--sb-muted); }
  .panel p, .ended p { margin: 0; }
  .ended { padding: 16px; border-top: 1px solid var(--sb-border); background: var(--sb-bg); font-size: 14px; color: var(--sb-muted); }
  .earlier { align-self: stretch; text-align: start; }
  .earlier-title { margin: 4px 0 6px; font-size: 13px; font-weight: 600; color: var(--sb-text); }
  .earlier ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; max-height: 180px; overflow-y: auto; }
  .earlier-item {
    display: grid; gap: 2px; width: 100%; text-align: start; padding: 8px 10px; border-radius: 10px;
    border: 1px solid var(--sb-border); background: var(--sb-surface); color: var(--sb-text); font: inherit; font-size: 13px; cursor: pointer;
  }
  .earlier-item:hover { border-color: var(--sb-accent); }
  .earlier-when { font-weight: 600; }
  .earlier-text { color: var(--sb-muted); overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
  .primary {
    display: inline-flex; align-items: center; gap: 6px; border: 0; border-radius: 999px; padding: 10px 18px;
    background: var(--sb-accent); color: var(--sb-accent-contrast); font-weight: 600; font-size: 14px;
  }
  .primary:hover { filter: brightness(1.07); }
  .confirm {
    padding: 14px 16px; background: var(--sb-bg); border-bottom: 1px solid var(--sb-border); font-size: 14px;
    box-shadow: 0 6px 16px -10px rgba(20, 24, 45, .35);
  }
  .confirm-title { margin: 0 0 4px; font-size: 15px; font-weight: 650; }
  .confirm p { margin: 0 0 12px; color: var(--sb-muted); }
  .confirm-actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
  .secondary, .danger {
    border-radius: 999px; padding: 8px 16px; font-weight: 600; font-size: 14px; border: 1.5px solid var(--sb-border);
    background: var(--sb-bg); color: var(--sb-text);
  }
  .danger { background: var(--sb-danger-button); border-color: var(--sb-danger-button); color: #fff; }
  .secondary:hover { border-color: var(--sb-accent-text); }
  .danger:hover { filter: brightness(1.08); }

  /* Suggestions and composer */
  .suggestions {
    display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 8px; padding: 10px 14px 4px; background: var(--sb-surface);
  }
  .suggestion {
    border: 1.5px solid var(--sb-accent); background: var(--sb-bg); color: var(--sb-accent-text); border-radius: 999px;
    padding: 6px 14px; font-size: 13.5px; font-weight: 550; transition: background .15s, color .15s; max-width: 100%;
    overflow-wrap: anywhere;
  }
  .suggestion:hover { background: var(--sb-accent); color: var(--sb-accent-contrast); }
  .composer {
    display: flex; align-items: flex-end; gap: 8px; padding: 10px 12px; border-top: 1px solid var(--sb-border); background: var(--sb-bg);
  }
  .emoji-button { color: var(--sb-muted); align-self: center; }
  .attach-button { color: var(--sb-muted); align-self: center; }
  .attach-button:hover { background: var(--sb-surface); color: var(--sb-text); }
  .composer .attach-button:focus-visible { outline-color: var(--sb-focus); }
  .upload {
    display: flex; align-items: center; gap: 8px; margin: 0 12px 6px; padding: 6px 10px;
    border-radius: 8px; background: var(--sb-surface); color: var(--sb-text); font-size: 13px;
  }
  .upload progress { flex: 1; min-width: 60px; }
  .upload-error { background: color-mix(in srgb, var(--sb-danger) 10%, var(--sb-bg)); color: var(--sb-danger); }
  .upload-error span { flex: 1; }
  .emoji-button:hover { background: var(--sb-surface); color: var(--sb-text); }
  .composer .emoji-button:focus-visible { outline-color: var(--sb-focus); }
  .emoji-picker {
    display: grid; grid-template-columns: repeat(8, 1fr); gap: 2px; padding: 8px 10px;
    border-top: 1px solid var(--sb-border); background: var(--sb-bg);
  }
  .emoji { border: 0; background: none; font-size: 20px; line-height: 1; padding: 6px 0; border-radius: 8px; }
  .emoji:hover { background: var(--sb-surface); }
  .input {
    flex: 1; resize: none; border: 1px solid var(--sb-border); border-radius: 14px; padding: 10px 14px; min-height: 44px; max-height: 120px;
    font: inherit; color: var(--sb-text); background: var(--sb-surface); field-sizing: content; outline: none;
    transition: border-color .15s, background .15s;
  }
  .input:focus { border-color: var(--sb-accent-text); background: var(--sb-bg); }
  .input:focus-visible { outline: 3px solid color-mix(in srgb, var(--sb-accent) 25%, transparent); outline-offset: 0; }
  .input:disabled { opacity: .6; }
  .send {
    flex: none; width: 44px; height: 44px; border-radius: 50%; border: 0; display: grid; place-items: center;
    background: var(--sb-accent); color: var(--sb-accent-contrast); transition: transform .12s, opacity .15s;
  }
  .send:disabled { opacity: .35; cursor: default; }
  .send:not(:disabled):hover { transform: scale(1.05); }
  .footer { text-align: center; font-size: 11px; color: var(--sb-muted); padding: 0 0 8px; background: var(--sb-bg); letter-spacing: .01em; }
`;
