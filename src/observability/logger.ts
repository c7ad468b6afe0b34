// Logger options: JSON lines, with tokens kept out of every logged URL and header.
import type { FastifyServerOptions } from "fastify";

const SECRET_PARAMS = /([?&](?:access_token|auth_token|token)=)[^&#]*/gi;

/** The URL with the values of token-bearing query parameters replaced. */
export function redactUrl(url: string): string {
  return url.replace(SECRET_PARAMS, "$1[redacted]");
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
