// Avatars: the agent's picture when it has an http(s) one that loads, else initials on a tinted disc.
import { html, nothing, type TemplateResult } from "lit";
import { httpUrl } from "./safe-url.js";

/** Up to two initials of a name ("Ada Lovelace" → "AL", "sam" → "S"); "?" for an empty name. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w));
  const letters = words
    .slice(0, 2)
    .map((w) => Array.from(w.replace(/^[^\p{L}\p{N}]+/u, ""))[0] ?? "");
  const initials = letters.join("").toUpperCase();
  return initials || "?";
}

/** A stable hue for a name, so each agent keeps one colour. */
export function hueOf(name: string): number {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) % 360;
  return hash;
}

/**
 * An avatar of `size` px. `broken` holds URLs that failed to load, so they fall back to initials;
 * `onBroken` is called with the URL when an image fails.
 */
export function avatar(
  name: string,
  avatarUrl: string | undefined,
  size: number,
  broken: ReadonlySet<string>,
  onBroken: (url: string) => void,
  extraClass = "",
): TemplateResult {
  const url = httpUrl(avatarUrl);
  const style = `--sb-avatar-size:${size}px;--sb-avatar-hue:${hueOf(name)}`;
  if (url && !broken.has(url)) {
    return html`<span class="avatar ${extraClass}" part="avatar" style=${style}>
      <img src=${url} alt="" referrerpolicy="no-referrer" @error=${() => onBroken(url)} />
    </span>`;
  }
  return html`<span class="avatar initials ${extraClass}" part="avatar" style=${style} aria-hidden="true"
    >${initialsOf(name)}${nothing}</span
  >`;
}
