// Sends one event to a webhook bot: signed, with per-attempt timeouts, retries with backoff, and a breaker.
import type { Clock } from "../../core/ports.js";
import { SIGNATURE_HEADER, signatureHeader } from "../signing.js";
import type { CircuitBreaker } from "./circuit-breaker.js";
import type { WebhookEventType } from "./event-payload.js";
import type { WebhookObserver, WebhookRequestOutcome } from "./webhook-observer.js";

/** Largest inline (JSON) answer read; a bot's reply is a few messages, never megabytes. */
export const INLINE_ANSWER_MAX_BYTES = 256 * 1024;

/** Where and how requests go. */
export interface WebhookTarget {
  url: string;
  /** null when `secret_env` names an unset variable: nothing is sent unsigned. */
  secret: string | null;
  /** Why `secret` is null, for the logs. */
  secretProblem?: string;
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  retries: number;
  backoffMs: number;
}

/** One event to send. */
export interface WebhookSend {
  event: WebhookEventType;
  /** The idempotency key: the same on every attempt. */
  id: string;
  /** The JSON body, serialised once: every attempt sends the same bytes. */
  body: string;
  /** The turn's signal: aborting it abandons the request at once. */
  signal: AbortSignal;
  /** Clock time after which no attempt (or backoff) starts, so a fallback still fits. */
  giveUpAt: number;
}

/** How a send ended. */
export type WebhookAnswer =
  | { kind: "json"; body: unknown; attempts: number }
  /** An NDJSON answer whose body the caller reads; `done` detaches it from the turn's signal. */
  | { kind: "stream"; body: ReadableStream<Uint8Array>; attempts: number; done(): void }
  | { kind: "accepted"; attempts: number }
  | { kind: "empty"; attempts: number }
  | { kind: "failed"; detail: string; attempts: number }
  | { kind: "stopped"; attempts: number };

type FailedAttempt = {
  kind: "failed";
  detail: string;
  attempts: number;
  retry: boolean;
  retryAfterMs?: number;
  outcome: WebhookRequestOutcome;
};
type Attempt = Exclude<WebhookAnswer, { kind: "failed" }> | FailedAttempt;

/** Where a client reports its requests, and the agent they are counted under. */
export interface WebhookReporting {
  observer: WebhookObserver;
  label: string;
}

/** The `detail` of a send the breaker refused. */
export const CIRCUIT_OPEN = "circuit open";

const NDJSON_TYPES = /^application\/(x-)?(ndjson|jsonl|jsonlines|json-seq)\b/i;
const JSON_TYPES = /^application\/([\w.+-]*\+)?json\b/i;

/** Sends events to one bot URL; shared by every turn of one agent (and so is its breaker). */
export class WebhookClient {
  readonly #target: WebhookTarget;
  readonly #breaker: CircuitBreaker;
  readonly #clock: Clock;
  readonly #reporting: WebhookReporting;
  readonly #random: () => number;

  constructor(
    target: WebhookTarget,
    breaker: CircuitBreaker,
    clock: Clock,
    reporting: WebhookReporting,
    random: () => number = Math.random,
  ) {
    this.#target = target;
    this.#breaker = breaker;
    this.#clock = clock;
    this.#reporting = reporting;
    this.#random = random;
  }

  /**
   * Sends `request`, retrying timeouts, network errors, 408, 429 and 5xx with the same body and
   * idempotency key, with exponential backoff and full jitter (at least Retry-After), while
   * time remains before `giveUpAt`. Never throws.
   */
  async send(request: WebhookSend): Promise<WebhookAnswer> {
    const { secret } = this.#target;
    if (secret === null) {
      return { kind: "failed", detail: this.#target.secretProblem ?? "no secret", attempts: 0 };
    }
    let last: Attempt | undefined;
    for (let attempt = 1; attempt <= this.#target.retries + 1; attempt++) {
      if (attempt > 1 && last?.kind === "failed") {
        const waited = await this.#backoff(attempt - 1, last.retryAfterMs, request);
        if (!waited) break;
        this.#reporting.observer.retry(this.#reporting.label, last.outcome);
      }
      const timeoutMs = Math.min(this.#target.timeoutMs, request.giveUpAt - this.#clock.now());
      if (timeoutMs <= 0 || request.signal.aborted) break;
      if (!this.#breaker.tryAcquire()) {
        return { kind: "failed", detail: CIRCUIT_OPEN, attempts: attempt - 1 };
      }
      last = await this.#timedAttempt(request, secret, attempt, timeoutMs);
      if (last.kind === "stopped") this.#breaker.released();
      else if (last.kind === "failed") this.#failed();
      else this.#breaker.succeeded();
      if (last.kind !== "failed" || !last.retry) break;
    }
    if (request.signal.aborted) return { kind: "stopped", attempts: last?.attempts ?? 0 };
    if (last === undefined) return { kind: "failed", detail: "no time left", attempts: 0 };
    if (last.kind !== "failed") return last;
    return { kind: "failed", detail: last.detail, attempts: last.attempts };
  }

  /** One attempt, reported with its outcome and duration. */
  async #timedAttempt(
    request: WebhookSend,
    secret: string,
    attempt: number,
    timeoutMs: number,
  ): Promise<Attempt> {
    const started = this.#clock.now();
    const result = await this.#attempt(request, secret, attempt, timeoutMs);
    const outcome: WebhookRequestOutcome =
      result.kind === "failed" ? result.outcome : result.kind === "stopped" ? "stopped" : "ok";
    const seconds = (this.#clock.now() - started) / 1000;
    this.#reporting.observer.request(this.#reporting.label, outcome, seconds);
    return result;
  }

  #failed(): void {
    const before = this.#breaker.openings;
    this.#breaker.failed();
    if (this.#breaker.openings > before)
      this.#reporting.observer.breakerOpened(this.#reporting.label);
  }

  async #attempt(
    request: WebhookSend,
    secret: string,
    attempt: number,
    timeoutMs: number,
  ): Promise<Attempt> {
    const controller = new AbortController();
    const stop = () => controller.abort();
    request.signal.addEventListener("abort", stop, { once: true });
    let timedOut = false;
    const timer = this.#clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    let keepListening = false;
    const detach = () => request.signal.removeEventListener("abort", stop);
    try {
      const response = await fetch(this.#target.url, {
        method: "POST",
        headers: this.#headers(request, secret, attempt),
        body: request.body,
        signal: controller.signal,
        redirect: "manual",
      });
      const answer = await this.#read(response, attempt, () => {
        keepListening = true;
        timer.cancel();
      });
      if (answer.kind === "stream") return { ...answer, done: detach };
      return answer;
    } catch (error) {
      if (request.signal.aborted) return { kind: "stopped", attempts: attempt };
      const detail = timedOut ? `no answer within ${timeoutMs} ms` : networkDetail(error);
      const outcome = timedOut ? "timeout" : "network_error";
      return { kind: "failed", detail, attempts: attempt, retry: true, outcome };
    } finally {
      timer.cancel();
      if (!keepListening) detach();
    }
  }

  /** Classifies a response; `streaming` is called once an NDJSON body is handed on. */
  async #read(response: Response, attempts: number, streaming: () => void): Promise<Attempt> {
    const { status } = response;
    if (status === 408 || status === 429 || status >= 500) {
      await response.body?.cancel().catch(() => undefined);
      const retryAfterMs = retryAfter(response.headers.get("retry-after"), this.#clock.now());
      const outcome =
        status === 429 ? "rate_limited" : status >= 500 ? "server_error" : "client_error";
      const failed: Attempt = {
        kind: "failed",
        detail: `HTTP ${status}`,
        attempts,
        retry: true,
        outcome,
      };
      return retryAfterMs === undefined ? failed : { ...failed, retryAfterMs };
    }
    if (status < 200 || status > 299) {
      await response.body?.cancel().catch(() => undefined);
      const detail = `HTTP ${status}`;
      return { kind: "failed", detail, attempts, retry: false, outcome: "client_error" };
    }
    if (status === 202 || status === 204) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: status === 202 ? "accepted" : "empty", attempts };
    }
    const type = response.headers.get("content-type") ?? "";
    if (NDJSON_TYPES.test(type) && response.body) {
      streaming();
      return { kind: "stream", body: response.body, attempts, done: () => undefined };
    }
    const text = await readLimited(response, INLINE_ANSWER_MAX_BYTES);
    if (text === null) {
      return badAnswer(`answer larger than ${INLINE_ANSWER_MAX_BYTES} bytes`, attempts);
    }
    if (text.trim() === "") return { kind: "empty", attempts };
    if (type !== "" && !JSON_TYPES.test(type)) {
      const detail = `answer has Content-Type ${type.split(";")[0]}, not JSON or NDJSON`;
      return badAnswer(detail, attempts);
    }
    try {
      return { kind: "json", body: JSON.parse(text), attempts };
    } catch {
      return badAnswer("answer is not valid JSON", attempts);
    }
  }

  #headers(request: WebhookSend, secret: string, attempt: number): Record<string, string> {
    return {
      ...this.#target.headers,
      "Content-Type": "application/json",
      Accept: "application/json, application/x-ndjson",
      "User-Agent": "Switchboard-Webhook/1",
      "Idempotency-Key": request.id,
      "X-Switchboard-Event": request.event,
      "X-Switchboard-Attempt": String(attempt),
      [SIGNATURE_HEADER]: signatureHeader(secret, request.body, this.#clock.now()),
    };
  }

  /** Waits before retry `retry` (1-based); false when that would pass `giveUpAt` or the turn stopped. */
  async #backoff(
    retry: number,
    retryAfterMs: number | undefined,
    request: WebhookSend,
  ): Promise<boolean> {
    const ceiling = this.#target.backoffMs * 2 ** (retry - 1);
    const delay = Math.max(Math.floor(this.#random() * ceiling), retryAfterMs ?? 0);
    if (this.#clock.now() + delay >= request.giveUpAt) return false;
    if (delay > 0) await pause(this.#clock, delay, request.signal);
    return !request.signal.aborted;
  }
}

/** A 2xx answer that cannot be used: not retried (the bot would answer the same). */
function badAnswer(detail: string, attempts: number): FailedAttempt {
  return { kind: "failed", detail, attempts, retry: false, outcome: "bad_answer" };
}

/** Reads a body of at most `maxBytes` as UTF-8; null when it is larger. */
async function readLimited(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      await response.body.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Retry-After as milliseconds from now (delta seconds or an HTTP date), if given. */
function retryAfter(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function pause(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      timer.cancel();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause?.code;
  return typeof cause === "string" ? `network error (${cause})` : "network error";
}
