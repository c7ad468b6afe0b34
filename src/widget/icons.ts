// Inline SVG icons (decorative: every one is aria-hidden; buttons carry their own labels).
import { html, svg, type TemplateResult } from "lit";

const icon = (body: TemplateResult, size = 20) => html`<svg
  class="icon" width=${size} height=${size} viewBox="0 0 24 24" fill="none" stroke="currentColor"
  stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false"
>${body}</svg>`;

export const chatIcon = (size = 26) =>
  icon(
    svg`<path d="M21 12a8 8 0 0 1-11.8 7.04L4 20l1.1-4.4A8 8 0 1 1 21 12Z"/><path d="M8.5 12h.01M12 12h.01M15.5 12h.01" stroke-width="2.6"/>`,
    size,
  );
export const chevronDownIcon = (size = 26) => icon(svg`<path d="m6 9 6 6 6-6"/>`, size);
export const minimiseIcon = () => icon(svg`<path d="M5 12h14"/>`);
export const closeIcon = () => icon(svg`<path d="M18 6 6 18M6 6l12 12"/>`);
export const endIcon = () =>
  icon(
    svg`<path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4"/><path d="m16 17 5-5-5-5"/><path d="M21 12H9"/>`,
  );
export const sendIcon = () => icon(svg`<path d="M4 12 20 4l-6 16-3-7-7-1Z"/>`, 18);
export const linkIcon = () =>
  icon(
    svg`<path d="M15 3h6v6"/><path d="M10 14 21 3"/><path d="M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6"/>`,
    16,
  );
export const alertIcon = () =>
  icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 8v4M12 16h.01"/>`, 16);
export const infoIcon = () =>
  icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 16v-4M12 8h.01"/>`, 16);
export const userPlusIcon = () =>
  icon(
    svg`<path d="M16 21v-2a4 4 0 0 0-4-4H6a4 4 0 0 0-4 4v2"/><circle cx="9" cy="7" r="4"/><path d="M19 8v6M22 11h-6"/>`,
    16,
  );
export const clockIcon = () =>
  icon(svg`<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>`, 16);
export const retryIcon = () =>
  icon(
    svg`<path d="M3 12a9 9 0 0 1 15.5-6.2L21 8"/><path d="M21 3v5h-5"/><path d="M21 12a9 9 0 0 1-15.5 6.2L3 16"/><path d="M3 21v-5h5"/>`,
    14,
  );
export const checkIcon = () => icon(svg`<path d="m5 12 5 5L20 7"/>`, 14);
export const downloadIcon = () =>
  icon(svg`<path d="M12 4v11"/><path d="m7 10 5 5 5-5"/><path d="M5 20h14"/>`);
export const smileIcon = () =>
  icon(
    svg`<circle cx="12" cy="12" r="9"/><path d="M8.5 14a4 4 0 0 0 7 0"/><path d="M9 9.5h.01M15 9.5h.01" stroke-width="2.6"/>`,
  );
export const starIcon = () =>
  icon(svg`<path d="m12 3 2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9Z"/>`, 24);
export const thumbUpIcon = () =>
  icon(
    svg`<path d="M7 10v10H4V10h3Zm0 0 4-7c1.7 0 2.6 1.3 2.2 3L12.6 9H19a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.8 20H7"/>`,
    22,
  );
export const thumbDownIcon = () =>
  icon(
    svg`<path d="M7 14V4H4v10h3Zm0 0 4 7c1.7 0 2.6-1.3 2.2-3l-.6-3H19a2 2 0 0 0 2-2.3l-1.2-7A2 2 0 0 0 17.8 4H7"/>`,
    22,
  );
export const paperclipIcon = () =>
  icon(
    svg`<path d="m21 11-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7"/>`,
  );
