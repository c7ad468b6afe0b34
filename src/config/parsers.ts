// Parsers of raw setting strings: each returns the value or a problem description.
import { BlockList, isIP } from "node:net";

/** Parses a raw string; returns the value or a problem description. */
export type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; problem: string };

/** One setting: its environment name, default, parser and the sentence docs/config.md shows. */
export interface Option<T> {
  readonly env: string;
  readonly default: T;
  readonly parse: Parser<T>;
  /** Shown in docs/config.md. */
  readonly doc: string;
  readonly unit?: string;
}

/** Declares an option, inferring its value type from the parser. */
export const option = <T>(o: Option<T>): Option<T> => o;

/** A whole number in `min..max`. */
export const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, problem: `must be a whole number from ${min} to ${max}` };
  };

/** Any text, kept as given. */
export const text: Parser<string> = (raw) => ({ ok: true, value: raw });

/** Non-blank text, trimmed. */
export const nonEmpty: Parser<string> = (raw) =>
  raw.trim() === "" ? { ok: false, problem: "must not be empty" } : { ok: true, value: raw.trim() };

/** One of a fixed set of words. */
export const oneOf =
  <const T extends string>(...values: T[]): Parser<T> =>
  (raw) =>
    (values as string[]).includes(raw)
      ? { ok: true, value: raw as T }
      : { ok: false, problem: `must be one of: ${values.join(", ")}` };

/** Empty, or a URL with one of `schemes` (`redis:`), kept as given. */
export const urlOf =
  (...schemes: string[]): Parser<string> =>
  (raw) => {
    if (raw === "") return { ok: true, value: raw };
    let scheme: string;
    try {
      scheme = new URL(raw).protocol;
    } catch {
      return { ok: false, problem: "must be a URL" };
    }
    return schemes.includes(scheme)
      ? { ok: true, value: raw }
      : { ok: false, problem: `must be a ${schemes.map((s) => `${s}//`).join(" or ")} URL` };
  };

/** true/false, yes/no, on/off, 1/0. */
export const boolean: Parser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return { ok: true, value: true };
  if (/^(0|false|no|off)$/i.test(raw)) return { ok: true, value: false };
  return { ok: false, problem: "must be true or false" };
};

/**
 * Where the store lives: empty (or `sqlite`) for the SQLite file in the data dir, or a
 * `postgres://` / `postgresql://` URL. Problems never repeat the URL: it may hold a password.
 */
export const storeLocation: Parser<string> = (raw) => {
  const value = raw.trim();
  if (value === "" || value === "sqlite") return { ok: true, value: "" };
  if (!/^postgres(ql)?:\/\//i.test(value)) {
    return { ok: false, problem: "must be empty, sqlite, or a postgres:// URL" };
  }
  try {
    const url = new URL(value);
    if (url.hostname === "" && !url.searchParams.has("host")) throw new Error("no host");
  } catch {
    return { ok: false, problem: "is not a valid postgres:// URL" };
  }
  return { ok: true, value };
};

/** A secret of at least `min` characters; `what` says what it guards. */
export const secret =
  (min: number, what: string): Parser<string> =>
  (raw) =>
    raw.length >= min
      ? { ok: true, value: raw }
      : { ok: false, problem: `must be at least ${min} characters (it guards ${what})` };

/** Comma-separated IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`), kept as given. */
export const addressList: Parser<readonly string[]> = (raw) => {
  const items = splitList(raw);
  const bad = items.filter((item) => !isAddressOrRange(item));
  return bad.length === 0
    ? { ok: true, value: Object.freeze(items) }
    : { ok: false, problem: `not an IP address or CIDR range: ${bad.join(", ")}` };
};

/** Comma-separated web origins (`https://console.example.com`), normalised by the URL parser. */
export const originList: Parser<readonly string[]> = (raw) => {
  const origins: string[] = [];
  for (const item of splitList(raw)) {
    const origin = webOrigin(item);
    if (origin === null) return { ok: false, problem: `not an http(s) origin: ${item}` };
    origins.push(origin);
  }
  return { ok: true, value: Object.freeze(origins) };
};

/** `host:port` (`127.0.0.1:9464`, `[::1]:9464`), or empty for none. */
export const listenAddress: Parser<string> = (raw) => {
  if (raw.trim() === "") return { ok: true, value: "" };
  const match = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(raw.trim());
  const port = Number(match?.[3]);
  if (!match || port < 1 || port > 65_535) {
    return { ok: false, problem: "must be host:port, e.g. 127.0.0.1:9464" };
  }
  return { ok: true, value: raw.trim() };
};

/**
 * CSP `frame-ancestors` sources separated by spaces: `'none'`, `'self'` or http(s) origins
 * (wildcard subdomains allowed). Nothing that could end the directive (`;`, `,`) gets through.
 */
export const frameAncestors: Parser<string> = (raw) => {
  const sources = raw.trim().split(/\s+/).filter(Boolean);
  if (sources.length === 0) return { ok: false, problem: "must name at least one source" };
  const bad = sources.filter((source) => !isFrameSource(source));
  if (bad.length > 0)
    return { ok: false, problem: `not a frame-ancestors source: ${bad.join(" ")}` };
  if (sources.includes("'none'") && sources.length > 1) {
    return { ok: false, problem: "'none' cannot be combined with other sources" };
  }
  return { ok: true, value: sources.join(" ") };
};

function splitList(raw: string): string[] {
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

function isAddressOrRange(item: string): boolean {
  const [address = "", prefix, extra] = item.split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return false;
  // BlockList is what the server matches with; it must accept the range too.
  try {
    new BlockList().addSubnet(address, bits, family === 4 ? "ipv4" : "ipv6");
    return true;
  } catch {
    return false;
  }
}

function webOrigin(item: string): string | null {
  try {
    const url = new URL(item);
    const bare = url.pathname === "/" && url.search === "" && url.hash === "" && !url.username;
    if ((url.protocol !== "http:" && url.protocol !== "https:") || !bare) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function isFrameSource(source: string): boolean {
  if (source === "'none'" || source === "'self'") return true;
  return /^https?:\/\/(\*\.)?[A-Za-z0-9.-]+(:\d{1,5})?$/.test(source);
}

/** Comma-separated identifiers (letters, digits, `.`, `_`, `-`), at least one. */
export const idList: Parser<readonly string[]> = (raw) => {
  const ids = raw
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id !== "");
  if (ids.length === 0) return { ok: false, problem: "must name at least one id" };
  const bad = ids.find((id) => !/^[A-Za-z0-9._-]{1,64}$/.test(id));
  if (bad !== undefined)
    return { ok: false, problem: `"${bad}" is not an id (letters, digits, ., _, -)` };
  return { ok: true, value: Object.freeze(ids) };
};
