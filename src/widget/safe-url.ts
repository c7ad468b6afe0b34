// URL checks for anything the widget turns into a link or an image: only absolute http(s) URLs pass.

/** The URL as a normalised string when it is an absolute http or https URL, else null. */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== "string" || value.trim() === "") return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/** The host name of an http(s) URL for display ("www.example.com" → "example.com"), or "". */
export function displayHost(href: string): string {
  try {
    return new URL(href).hostname.replace(/^www\./, "");
  } catch {
    return "";
  }
}

/** A plain string field of an untrusted object, or "" (server payloads are not trusted). */
export function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}
