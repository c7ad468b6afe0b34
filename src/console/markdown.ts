// Message text as safe HTML: markdown via marked, raw HTML shown as text, then DOMPurify with a strict allow-list.
import DOMPurify from "dompurify";
import { Marked, type Tokens } from "marked";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for use inside HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

// Raw HTML in a message is what someone typed, not markup: show it, never run it.
const marked = new Marked({
  gfm: true,
  breaks: true,
  async: false,
  renderer: {
    html: (token: Tokens.HTML | Tokens.Tag) => escapeHtml(token.text),
    // Images in message text would load third-party URLs; images travel as attachments instead.
    image: (token: Tokens.Image) => escapeHtml(token.text || token.href),
  },
});

const purifier = DOMPurify();
const ALLOWED_TAGS = [
  "p",
  "br",
  "strong",
  "em",
  "del",
  "code",
  "pre",
  "blockquote",
  "ul",
  "ol",
  "li",
  "a",
  "hr",
  "h1",
  "h2",
  "h3",
  "h4",
];

purifier.addHook("afterSanitizeAttributes", (node) => {
  if (node.tagName === "A") {
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer nofollow");
  }
});

/** Only these URL schemes survive in links. */
export const SAFE_URL = /^(?:https?:|mailto:|tel:)/i;

/**
 * Renders message markdown to HTML that is safe to insert: scripts, handlers, styles and
 * `javascript:` links are gone. The result is the only HTML the views insert unescaped.
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false });
  return purifier.sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ["href", "title"],
    ALLOWED_URI_REGEXP: SAFE_URL,
  });
}

/** A URL that may go into an href or src, or null (javascript:, data: and friends are refused). */
export function safeUrl(url: unknown): string | null {
  if (typeof url !== "string") return null;
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

// Block ends and line breaks become spaces, so "<p>a</p><p>b</p>" reads "a b", not "ab".
const BLOCK_BREAK = /<(?:br|\/(?:p|li|h[1-4]|pre|blockquote))\b/gi;

/** What a reader sees of rendered markdown, on one line: for previews and notifications. */
export function plainText(markdown: string): string {
  const template = document.createElement("template");
  template.innerHTML = renderMarkdown(markdown).replace(BLOCK_BREAK, " $&");
  return (template.content.textContent ?? "").replace(/\s+/g, " ").trim();
}
