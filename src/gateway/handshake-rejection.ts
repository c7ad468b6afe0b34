// Refuses a WebSocket upgrade (or an unreadable request) with a plain HTTP response carrying the spec's JSON error body.

import { STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type HttpErrorCode, httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";

/** Writes the error response to the raw socket and closes it. */
export function rejectUpgrade(
  socket: Duplex,
  code: HttpErrorCode,
  retryAfterSeconds?: number,
): void {
  if (socket.destroyed) return;
  const status = httpStatus(code);
  const body = JSON.stringify(httpErrorBody(protocolError(code)));
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}`,
    "Content-Type: application/json; charset=utf-8",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "X-Content-Type-Options: nosniff",
    "Connection: close",
  ];
  if (retryAfterSeconds !== undefined) lines.push(`Retry-After: ${retryAfterSeconds}`);
  socket.end(`${lines.join("\r\n")}\r\n\r\n${body}`);
}

/** Whole seconds, at least 1, for a `Retry-After` header (`sdk-expectations.md` rule 4). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
