// JSON requests to the HTTP API whose failures come back as values, with 429 retries.
import type { FetchLike, SdkError } from "./types.js";

/** A value or the error that stopped it. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: HttpError };

/** An SdkError with the HTTP status (0 when the request never got an answer). */
export interface HttpError extends SdkError {
  status: number;
}

/** Clients cap Retry-After at 30 s (`sdk-expectations.md` rule 4). */
const MAX_RETRY_AFTER_SECONDS = 30;
const RATE_LIMIT_RETRIES = 2;

/** POSTs JSON and parses the JSON answer; 429s are retried after Retry-After, twice. */
export async function postJson(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Result<Record<string, unknown>>> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await postOnce(fetchFn, url, headers, body);
    if (answer.ok || answer.error.status !== 429 || attempt >= RATE_LIMIT_RETRIES) return answer;
    await sleep(answer.retryAfterMs);
  }
}

/** GETs JSON; failures come back as values like `postJson`'s (no retries: reads are cheap to redo). */
export async function getJson(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
): Promise<Result<Record<string, unknown>>> {
  let status = 0;
  try {
    const response = await fetchFn(url, { method: "GET", headers });
    status = response.status;
    const json = parseObject(await response.text());
    if (status >= 200 && status < 300 && json) return { ok: true, value: json };
    return { ok: false, error: httpError(status, json) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { status, code: status === 0 ? "network_error" : "bad_response", message },
    };
  }
}

type Answer =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; error: HttpError; retryAfterMs: number };

async function postOnce(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<Answer> {
  let status = 0;
  try {
    const response = await fetchFn(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body ?? {}),
    });
    status = response.status;
    const json = parseObject(await response.text());
    if (status >= 200 && status < 300 && json) return { ok: true, value: json };
    const retryAfter = Number(response.headers.get("Retry-After") ?? "1");
    const seconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : 1;
    return {
      ok: false,
      error: httpError(status, json),
      retryAfterMs: Math.min(seconds, MAX_RETRY_AFTER_SECONDS) * 1000,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: { status, code: status === 0 ? "network_error" : "bad_response", message },
      retryAfterMs: 1000,
    };
  }
}

function httpError(status: number, json: Record<string, unknown> | null): HttpError {
  const message = typeof json?.message === "string" ? json.message : `HTTP ${status}`;
  const code = typeof json?.code === "string" ? json.code : `http_${status}`;
  return { status, code, message };
}

function parseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** Resolves after `ms` (fake timers drive it in tests). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Joins a base URL and a path without doubling slashes. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}${path}`;
}
