// Host identifiers (domains, URLs, app namespaces) and the rules for matching them (`protocol.md` §1.1).

/** One DNS label as it looks after WHATWG URL parsing (lower case, IDNs already punycode). */
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,62})$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/;
/** Longest DNS name; anything longer is not a host we could have registered. */
const MAX_HOST_LENGTH = 253;

/**
 * The lower-cased host name (no port, scheme or path) or app namespace of `value`,
 * or null when it is empty or does not parse.
 */
export function normalizeHostIdentifier(value: string): string | null {
  if (typeof value !== "string") return null;
  const trimmed = value.trim().toLowerCase();
  if (trimmed === "") return null;
  // A bare name is parsed as if it had a scheme, so ports and paths are handled one way.
  const url = parseUrl(trimmed.includes("://") ? trimmed : `http://${trimmed}`);
  // Userinfo (`evil.net@example.com`) is never part of a host identifier; refuse it rather
  // than guess which half was meant.
  if (url === null || url.username !== "" || url.password !== "") return null;
  return validHost(url.hostname);
}

/**
 * Whether `given` is the `registered` identifier or a subdomain of it.
 *
 * Choice (the spec wants app namespaces matched exactly, but `com.example.app` is also a
 * valid domain, so the two cannot be told apart): every identifier is a dotted name and
 * the subdomain rule only extends it leftwards, on a label boundary. So `com.example.app`
 * never matches `com.example.app.evil`, `com.example` or `xcom.example.app`. The only names
 * it admits beyond itself are DNS names under it (`x.com.example.app`), which belong to
 * whoever owns the name `com.example.app` itself, so exact matching would not protect more.
 */
export function hostMatches(registered: string, given: string): boolean {
  const base = normalizeHostIdentifier(registered);
  const candidate = normalizeHostIdentifier(given);
  if (base === null || candidate === null) return false;
  if (candidate === base) return true;
  // IP literals have no subdomains: `5.1.2.3.4` is not "under" `1.2.3.4`.
  if (isIpLiteral(base)) return false;
  return candidate.endsWith(`.${base}`);
}

/**
 * Whether the host of a browser `Origin` header (`https://app.example.com:8443`) matches
 * `registered`. The opaque origin `null` and anything without a scheme never match.
 */
export function originMatches(registered: string, originHeader: string): boolean {
  if (typeof originHeader !== "string") return false;
  const origin = originHeader.trim();
  if (origin === "" || origin.toLowerCase() === "null" || !origin.includes("://")) return false;
  return hostMatches(registered, origin);
}

function parseUrl(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function validHost(hostname: string): string | null {
  // A trailing dot names the same (fully qualified) host.
  const host = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  if (host === "" || host.length > MAX_HOST_LENGTH) return null;
  if (IPV6_LITERAL.test(host)) return host;
  return host.split(".").every((label) => LABEL.test(label)) ? host : null;
}

function isIpLiteral(host: string): boolean {
  return IPV6_LITERAL.test(host) || /^[0-9.]+$/.test(host);
}
