// Inline SVG icons (stroke icons in the style of Lucide), so nothing depends on emoji fonts.
import { html, svg, type TemplateResult } from "lit";

const paths = {
  bell: svg`<path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />`,
  bellOff: svg`<path d="M8.7 3A6 6 0 0 1 18 8a21.3 21.3 0 0 0 .6 5" /><path d="M17 17H3s3-2 3-9a4.67 4.67 0 0 1 .3-1.7" /><path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" /><path d="m2 2 20 20" />`,
  link: svg`<path d="M10 13a5 5 0 0 0 7.54.54l3-3a5 5 0 0 0-7.07-7.07l-1.72 1.71" /><path d="M14 11a5 5 0 0 0-7.54-.54l-3 3a5 5 0 0 0 7.07 7.07l1.71-1.71" />`,
  reply: svg`<path d="M21 15a2 2 0 0 1-2 2H7l-4 4V5a2 2 0 0 1 2-2h14a2 2 0 0 1 2 2z" /><path d="M8 9h8" /><path d="M8 13h5" />`,
  chats: svg`<path d="M14 9a2 2 0 0 1-2 2H6l-4 4V4a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2z" /><path d="M18 9h2a2 2 0 0 1 2 2v11l-4-4h-6a2 2 0 0 1-2-2v-1" />`,
  chevronDown: svg`<path d="m6 9 6 6 6-6" />`,
  x: svg`<path d="M18 6 6 18" /><path d="m6 6 12 12" />`,
  send: svg`<path d="m22 2-7 20-4-9-9-4Z" /><path d="M22 2 11 13" />`,
  keyboard: svg`<rect width="20" height="16" x="2" y="4" rx="2" /><path d="M6 8h.01M10 8h.01M14 8h.01M18 8h.01M8 12h.01M12 12h.01M16 12h.01M7 16h10" />`,
  arrowRight: svg`<path d="M5 12h14" /><path d="m12 5 7 7-7 7" />`,
};

export type IconName = keyof typeof paths;

/** An icon at `size` px that inherits the text colour; decorative (hidden from screen readers). */
export function icon(name: IconName, size = 16): TemplateResult {
  return html`<svg
    xmlns="http://www.w3.org/2000/svg"
    width=${size}
    height=${size}
    viewBox="0 0 24 24"
    fill="none"
    stroke="currentColor"
    stroke-width="2"
    stroke-linecap="round"
    stroke-linejoin="round"
    aria-hidden="true"
    style="flex:none"
  >${paths[name]}</svg>`;
}
