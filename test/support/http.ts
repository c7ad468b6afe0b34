// HTTP helpers for the public API tests: raw POSTs, JWT decoding and crafting, extra connectors.
import { createHmac } from "node:crypto";
import { expect } from "vitest";
import { sendFrom } from "../../attack/support/http-from.js";

export { freePort } from "../../attack/support/server-main.js";

import type { TestServer } from "./server.js";

/** A response read whole: status, headers and the body as text and (when it parses) JSON. */
export interface HttpResult {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/** Where to send requests: a test server, or any server's base URL. */
export type ServerAddress = Pick<TestServer, "url">;

/** Reads `response` whole; `json` is undefined when the body is not JSON. */
export async function readResult(response: Response): Promise<HttpResult> {
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/**
 * Asserts `result` is the public API error `{message, code}` with `status`, served as JSON,
 * and nothing else in the body.
 */
export function expectError(
  result: HttpResult,
  status: number,
  message: string,
  code: string,
): void {
  expect({ status: result.status, body: result.json }).toEqual({ status, body: { message, code } });
  expect(result.headers.get("content-type")).toMatch(/^application\/json\b/);
}

/** POSTs to `path` with exactly `headers` and `body` (undefined sends no body at all). */
export async function post(
  t: ServerAddress,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpResult> {
  const init: RequestInit = { method: "POST", headers };
  if (body !== undefined) init.body = body;
  return readResult(await fetch(`${t.url}${path}`, init));
}

/**
 * Any request sent from `localAddress` (127.0.0.2, 127.0.0.3, …), so the server sees a client
 * of its own: per-client limits can be tested with an attacker and a victim side by side.
 */
export function requestFrom(
  localAddress: string,
  t: ServerAddress,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpResult> {
  return sendFrom(localAddress, new URL(path, t.url), method, headers, body);
}

/** POST /api/v1/access-token with the given headers and body `{}` unless told otherwise. */
export function accessToken(
  t: ServerAddress,
  headers: Record<string, string>,
  body: string | undefined = "{}",
): Promise<HttpResult> {
  return post(t, "/api/v1/access-token", headers, body);
}

/** The usual access-token headers for the demo connector (host `localhost`). */
export function demoHeaders(
  t: TestServer,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    "X-Token": t.connectorToken,
    "X-Host": "localhost",
    "Content-Type": "application/json",
    ...extra,
  };
}

/** POST /api/v1/sessions with `Authorization: Bearer <token>` (or the headers given). */
export function sessions(
  t: ServerAddress,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpResult> {
  return post(t, "/api/v1/sessions", headers, body);
}

/** A decoded compact JWS: header and payload as objects, the signature as sent. */
export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
}

/** Splits and base64url-decodes a JWT without checking anything. */
export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error(`not a compact JWS: ${token}`);
  const [header = "", payload = "", signature = ""] = parts;
  return {
    header: JSON.parse(Buffer.from(header, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >,
    payload: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<
      string,
      unknown
    >,
    signature,
  };
}

function encodePart(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** A compact JWS signed with HMAC-SHA256 under `secret` (base64url key bytes, as the store keeps it). */
export function signHs256(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  secret: string,
): string {
  const input = `${encodePart(header)}.${encodePart(payload)}`;
  const signature = createHmac("sha256", Buffer.from(secret, "base64url"))
    .update(input)
    .digest("base64url");
  return `${input}.${signature}`;
}

/** An unsigned (`alg: none`) token with an empty signature part. */
export function unsignedJwt(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): string {
  return `${encodePart(header)}.${encodePart(payload)}.`;
}

/** `token` with one character of its signature changed (to another valid base64url character). */
export function flipSignatureChar(token: string): string {
  const cut = token.lastIndexOf(".") + 1;
  // The middle character: changing the last one may only touch padding bits and decode the same.
  const at = cut + Math.floor((token.length - cut) / 2);
  const replacement = token[at] === "A" ? "B" : "A";
  return `${token.slice(0, at)}${replacement}${token.slice(at + 1)}`;
}

/** Creates a connector through the admin API; returns its id and (shown once) token. */
export async function createConnector(
  t: Pick<TestServer, "url" | "adminToken">,
  body: Record<string, unknown>,
): Promise<{ id: string; token: string; status: number; json: unknown }> {
  const result = await post(
    t,
    "/admin/v1/connectors",
    { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
    JSON.stringify(body),
  );
  const json = result.json as { id?: string; token?: string } | undefined;
  return { id: json?.id ?? "", token: json?.token ?? "", status: result.status, json: result.json };
}
