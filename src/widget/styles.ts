// The widget's styles (custom properties, launcher, window frame, phone layout); every value is a --sb-* property.
import { css } from "lit";
import { messageStyles } from "./message-styles.js";
import { ratingStyles } from "./rating-view.js";

/** The dark theme's colours (the rest derive from them and the accent). */
const darkColours = css`
  --sb-bg: #171922; --sb-surface: #1f222d; --sb-text: #e9ebf3; --sb-muted: #a9aebf; --sb-border: #343848;
  --sb-agent-bubble: #272b38; --sb-danger: #ff8a80; --sb-warning-bg: #3b3017; --sb-warning-text: #ffd98a;
  --sb-queue-text: color-mix(in srgb, var(--sb-accent) 35%, white); color-scheme: dark;
  --sb-accent-text: color-mix(in srgb, var(--sb-accent) 40%, white);
`;

/** All of the element's styles, the conversation's (message-styles.ts) included. */
export const widgetStyles = css`
  :host {
    --sb-accent: #4f46e5;
    --sb-accent-contrast: #ffffff;
    --sb-font: ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
    --sb-font-size: 15px;
    --sb-radius: 18px;
    --sb-bubble-radius: 18px;
    --sb-bg: #ffffff;
    --sb-surface: #f5f6fa;
    --sb-text: #1c2030;
    --sb-muted: #6b7080;
    --sb-border: #e4e6ee;
    --sb-agent-bubble: #ffffff;
    --sb-agent-text: var(--sb-text);
    --sb-user-bubble: var(--sb-accent);
    --sb-user-text: var(--sb-accent-contrast);
    --sb-header-bg: var(--sb-accent);
    --sb-header-text: var(--sb-accent-contrast);
    --sb-focus: color-mix(in srgb, var(--sb-accent) 55%, white);
    --sb-danger: #c62828;
    --sb-danger-button: #c62828;
    --sb-queue-text: color-mix(in srgb, var(--sb-accent) 80%, black);
    /* The accent as text on the window's background (links, suggestions). */
    --sb-accent-text: var(--sb-accent);
    --sb-warning-bg: #fff6e0;
    --sb-warning-text: #7a5300;
    --sb-shadow: 0 24px 60px -12px rgba(20, 24, 45, 0.32), 0 8px 20px -8px rgba(20, 24, 45, 0.18);
    --sb-width: 388px;
    --sb-height: 640px;
    --sb-offset-x: 24px;
    --sb-offset-y: 24px;
    --sb-launcher-size: 60px;
    --sb-z-index: 2147483000;
    all: initial;
    font-family: var(--sb-font);
    font-size: var(--sb-font-size);
    color: var(--sb-text);
    line-height: 1.45;
  }
  /* Dark theme: the visitor's system setting unless theme="light"; theme="dark" forces it. */
  @media (prefers-color-scheme: dark) {
    :host(:not([theme="light"])) {
      ${darkColours}
    }
  }
  :host([theme="dark"]) {
    ${darkColours}
  }
  *, *::before, *::after { box-sizing: border-box; }
  .sr-only {
    position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; border: 0;
  }
  button { font: inherit; color: inherit; cursor: pointer; }
  button:focus-visible, a:focus-visible, textarea:focus-visible {
    outline: 3px solid var(--sb-focus); outline-offset: 2px;
  }
  .icon { flex: none; display: block; }

  /* Launcher */
  .launcher {
    position: fixed; bottom: var(--sb-offset-y); right: var(--sb-offset-x); z-index: var(--sb-z-index);
    width: var(--sb-launcher-size); height: var(--sb-launcher-size); border-radius: 50%; border: 0;
    display: grid; place-items: center; background: var(--sb-accent); color: var(--sb-accent-contrast);
    box-shadow: 0 10px 28px -6px color-mix(in srgb, var(--sb-accent) 60%, transparent), 0 4px 10px rgba(0,0,0,.12);
    transition: transform .18s ease, box-shadow .18s ease;
  }
  .launcher:hover { transform: translateY(-2px) scale(1.04); }
  .launcher:active { transform: scale(.97); }
  :host([position="left"]) .launcher { right: auto; left: var(--sb-offset-x); }
  .badge {
    position: absolute; top: -3px; right: -3px; min-width: 22px; height: 22px; padding: 0 6px;
    border-radius: 11px; background: var(--sb-danger); color: #fff; font-size: 12px; font-weight: 700;
    display: grid; place-items: center; border: 2px solid #fff;
  }

  /* Window */
  .window {
    position: fixed; z-index: var(--sb-z-index);
    right: var(--sb-offset-x); bottom: calc(var(--sb-offset-y) + var(--sb-launcher-size) + 16px);
    width: var(--sb-width); height: min(var(--sb-height), calc(100vh - var(--sb-launcher-size) - var(--sb-offset-y) - 40px));
    display: flex; flex-direction: column; overflow: hidden;
    background: var(--sb-bg); border-radius: var(--sb-radius); box-shadow: var(--sb-shadow);
    border: 1px solid color-mix(in srgb, var(--sb-border) 70%, transparent);
    animation: sb-rise .22s cubic-bezier(.2,.8,.3,1);
    transform-origin: bottom right;
  }
  :host([position="left"]) .window { right: auto; left: var(--sb-offset-x); transform-origin: bottom left; }
  @keyframes sb-rise { from { opacity: 0; transform: translateY(12px) scale(.98); } to { opacity: 1; transform: none; } }

  .header {
    display: flex; align-items: center; gap: 12px; padding: 14px 12px 14px 16px;
    background: linear-gradient(135deg, var(--sb-header-bg), color-mix(in srgb, var(--sb-header-bg) 78%, #000));
    color: var(--sb-header-text);
  }
  .header-avatar { position: relative; flex: none; }
  .header .avatar { box-shadow: 0 0 0 2px color-mix(in srgb, var(--sb-header-text) 35%, transparent); }
  .presence {
    position: absolute; right: -1px; bottom: -1px; width: 12px; height: 12px; border-radius: 50%;
    border: 2px solid var(--sb-header-bg); background: #9ca3af;
  }
  .presence.on { background: #22c55e; }
  .who { display: flex; flex-direction: column; min-width: 0; flex: 1; }
  .title { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.25; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  .status { font-size: 12.5px; opacity: .85; }
  .icon-button {
    flex: none; width: 36px; height: 36px; border-radius: 10px; border: 0; display: grid; place-items: center;
    background: transparent; color: inherit; opacity: .9; transition: background .15s;
  }
  .icon-button:hover { background: color-mix(in srgb, var(--sb-header-text) 16%, transparent); opacity: 1; }
  .icon-button:focus-visible { outline-color: var(--sb-header-text); }

  .banner {
    display: flex; align-items: center; gap: 8px; padding: 8px 16px; font-size: 13px; font-weight: 500;
    background: var(--sb-warning-bg); color: var(--sb-warning-text); border-bottom: 1px solid color-mix(in srgb, var(--sb-warning-text) 15%, transparent);
  }
  .spinner {
    width: 14px; height: 14px; border-radius: 50%; flex: none;
    border: 2px solid currentColor; border-right-color: transparent; animation: sb-spin .8s linear infinite;
  }
  @keyframes sb-spin { to { transform: rotate(360deg); } }

  ${messageStyles}
  ${ratingStyles}

  /* Phones: the window takes the whole screen and the launcher hides behind it. */
  @media (max-width: 480px) {
    .window {
      inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; border: 0; bottom: 0; right: 0; left: 0;
    }
    .launcher.is-open { display: none; }
    .stack { max-width: 86%; }
  }
  @media (prefers-reduced-motion: reduce) {
    .window, .launcher, .dots span, .caret, .spinner, .bone { animation: none; transition: none; }
    .messages { scroll-behavior: auto; }
  }
`;
