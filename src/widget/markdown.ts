// Safe markdown: marked turns agent text into HTML, a private DOMPurify instance keeps only harmless tags.
import DOMPurify from "dompurify";
import { Marked } from "marked";

/** Tags an agent message may use; no images, forms, media, styles or scripts. */
const ALLOWED_TAGS = [
  "a",
  "b",
  "blockquote",
  "br",
  "code",
  "del",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "i",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "strong",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
];

/** Only links to http(s), mail and phone survive (no javascript:, data:, vbscript:). */
const SAFE_URI = /^(?:https?:|mailto:|tel:)/i;

const marked = new Marked({ gfm: true, breaks: true, async: false });

let purifier: ReturnType<typeof DOMPurify> | undefined;

// One instance of our own, so our hooks never touch a DOMPurify the host page uses.
function sanitizer(): ReturnType<typeof DOMPurify> {
  if (purifier) return purifier;
  const instance = DOMPurify(window);
  instance.addHook("afterSanitizeAttributes", (node) => {
    if (node.nodeName !== "A") return;
    const href = node.getAttribute("href") ?? "";
    if (!SAFE_URI.test(href)) {
      node.removeAttribute("href");
      return;
    }
    node.setAttribute("target", "_blank");
    node.setAttribute("rel", "noopener noreferrer");
  });
  purifier = instance;
  return instance;
}

/** Sanitised HTML for an agent's markdown text; safe to insert as HTML. */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text) as string;
  return sanitizer().sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ["href", "title"],
    ALLOWED_URI_REGEXP: SAFE_URI,
    ALLOW_DATA_ATTR: false,
    KEEP_CONTENT: true,
  });
}

/** The text a screen reader should hear for an agent's markdown (no markup characters). */
export function plainText(text: string): string {
  const template = document.createElement("template");
  template.innerHTML = renderMarkdown(text);
  return (template.content.textContent ?? "").replace(/\s+/g, " ").trim();
}
