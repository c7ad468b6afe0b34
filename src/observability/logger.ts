// Logger options: JSON lines, with tokens kept out of every logged URL and header.
import type { FastifyServerOptions } from "fastify";

const SECRET_PARAMS = new Set(["access_token", "auth_token", "token"]);

/**
 * The URL with the values of token-bearing query parameters replaced. Names are compared after
 * decoding, as the server reads them, so `access%5Ftoken=…` is redacted too.
 */
export function redactUrl(url: string): string {
  const mark = url.indexOf("?");
  if (mark < 0) return url;
  const parts = url
    .slice(mark + 1)
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const rawName = equals < 0 ? pair : pair.slice(0, equals);
      return SECRET_PARAMS.has(decodeName(rawName)) ? `${rawName}=[redacted]` : pair;
    });
  return `${url.slice(0, mark)}?${parts.join("&")}`;
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replaceAll("+", " ")).toLowerCase();
  } catch {
    // Undecodable names cannot be read by the server either; keep them out of the logs anyway.
    return "token";
  }
}

/** Fastify logger options for `level`. */
export function loggerOptions(level: string): FastifyServerOptions["logger"] {
  return {
    level,
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers['x-token']",
        "headers.authorization",
        "headers['x-token']",
      ],
      censor: "[redacted]",
    },
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        return { method: request.method, url: redactUrl(request.url), remoteAddress: request.ip };
      },
    },
  };
}
