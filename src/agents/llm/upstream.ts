// Calls an OpenAI-compatible Chat Completions API: endpoints in order, retries with backoff
// inside the turn's deadline, errors sorted into kinds. Uses the official `openai` client.
import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { Clock } from "../../core/ports.js";
import type { EndpointSpec } from "./endpoint-spec.js";

/** Why an upstream call failed, as metrics count it. */
export type UpstreamErrorKind =
  | "rate_limited"
  | "server_error"
  | "network"
  | "timeout"
  | "client_error"
  | "no_api_key"
  | "stream_cut"
  | "content_filter";

/** All endpoints failed (or the deadline left no time); `kind` is the last failure's. */
export class UpstreamFailure extends Error {
  readonly kind: UpstreamErrorKind;
  constructor(kind: UpstreamErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

/** What a request needs besides the messages: the model and sampling come from the endpoint. */
export type CompletionBody = Omit<
  ChatCompletionCreateParamsStreaming,
  "model" | "stream" | "temperature" | "top_p" | "max_tokens"
>;

export interface UpstreamDeps {
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  /** Counts a failed attempt (also those a retry recovers from). */
  failed(kind: UpstreamErrorKind): void;
}

/** Backoff before retry n (0-based): full jitter over 250 ms · 2ⁿ, at most 4 s. */
const BACKOFF_BASE_MS = 250;
const BACKOFF_CAP_MS = 4000;
/** Time kept back from the deadline so the turn can still end its message cleanly. */
const DEADLINE_MARGIN_MS = 250;

/** The endpoints of one definition, each with its client built once. */
export class Upstream {
  readonly #endpoints: readonly EndpointSpec[];
  readonly #deps: UpstreamDeps;
  readonly #clients = new Map<EndpointSpec, OpenAI>();

  constructor(endpoints: readonly EndpointSpec[], deps: UpstreamDeps) {
    this.#endpoints = endpoints;
    this.#deps = deps;
  }

  /**
   * Opens a streamed completion: each endpoint in order, each retried on 429, 5xx and network
   * errors with backoff (honouring Retry-After) while the deadline allows. Throws
   * `UpstreamFailure` when none answers; rejects with the abort reason when `signal` aborts.
   */
  async open(
    body: CompletionBody,
    signal: AbortSignal,
    deadline: number,
  ): Promise<AsyncIterable<ChatCompletionChunk>> {
    // Built only when needed: an Error captures a stack, which every answered turn would pay for.
    let last: UpstreamFailure | undefined;
    for (const endpoint of this.#endpoints) {
      for (let attempt = 0; attempt <= endpoint.maxRetries; attempt++) {
        const left = deadline - this.#deps.clock.now() - DEADLINE_MARGIN_MS;
        if (left <= 0) throw new UpstreamFailure("timeout", "deadline reached");
        const result = await this.#attempt(endpoint, body, signal, left);
        if (result.ok) return result.stream;
        last = result.failure;
        this.#deps.failed(last.kind);
        if (!retryable(last.kind) || attempt === endpoint.maxRetries) break;
        const wait = Math.max(backoff(attempt), result.retryAfterMs ?? 0);
        if (this.#deps.clock.now() + wait >= deadline - DEADLINE_MARGIN_MS) break;
        await sleep(this.#deps.clock, wait, signal);
      }
    }
    throw last ?? new UpstreamFailure("network", "no endpoint");
  }

  async #attempt(
    endpoint: EndpointSpec,
    body: CompletionBody,
    signal: AbortSignal,
    timeoutMs: number,
  ): Promise<
    | { ok: true; stream: AsyncIterable<ChatCompletionChunk> }
    | { ok: false; failure: UpstreamFailure; retryAfterMs?: number }
  > {
    const client = this.#client(endpoint);
    if (!client) return { ok: false, failure: new UpstreamFailure("no_api_key", "no API key") };
    const params: ChatCompletionCreateParamsStreaming = {
      ...body,
      model: endpoint.model,
      stream: true,
      ...(endpoint.temperature === undefined ? {} : { temperature: endpoint.temperature }),
      ...(endpoint.topP === undefined ? {} : { top_p: endpoint.topP }),
      ...(endpoint.maxTokens === undefined ? {} : { max_tokens: endpoint.maxTokens }),
    };
    try {
      const stream = await client.chat.completions.create(params, {
        signal,
        timeout: Math.max(1, Math.floor(timeoutMs)),
      });
      return { ok: true, stream };
    } catch (error) {
      if (signal.aborted || error instanceof APIUserAbortError) throw signal.reason ?? error;
      return { ok: false, ...classify(error) };
    }
  }

  #client(endpoint: EndpointSpec): OpenAI | undefined {
    const cached = this.#clients.get(endpoint);
    if (cached) return cached;
    const key = endpoint.apiKey;
    const apiKey = key === null ? "none" : "env" in key ? this.#deps.env[key.env] : key.secret;
    if (apiKey === undefined || apiKey === "") return undefined;
    // A gateway that wants the key in its own header (Azure: api-key) gets no Authorization.
    const keyHeaders = endpoint.apiKeyHeader
      ? { Authorization: null, [endpoint.apiKeyHeader]: apiKey }
      : {};
    const client = new OpenAI({
      apiKey,
      // Always explicit: the client would otherwise read OPENAI_BASE_URL from the environment.
      baseURL: endpoint.baseUrl,
      defaultHeaders: { ...endpoint.headers, ...keyHeaders },
      defaultQuery: endpoint.query,
      // Retries are ours: they follow the turn's deadline and the Clock port.
      maxRetries: 0,
      logLevel: "off",
    });
    this.#clients.set(endpoint, client);
    return client;
  }
}

/** Sorts a client error into a kind; the message never holds request headers or keys. */
export function classify(error: unknown): { failure: UpstreamFailure; retryAfterMs?: number } {
  if (error instanceof APIConnectionTimeoutError) {
    return { failure: new UpstreamFailure("timeout", "request timed out") };
  }
  if (error instanceof APIConnectionError) {
    return { failure: new UpstreamFailure("network", "connection failed") };
  }
  if (error instanceof APIError && error.status !== undefined) {
    const status = error.status;
    const retryAfter = retryAfterMs(error.headers);
    const kind = status === 429 ? "rate_limited" : status >= 500 ? "server_error" : "client_error";
    const failure = new UpstreamFailure(kind, `HTTP ${status}`);
    return retryAfter === undefined ? { failure } : { failure, retryAfterMs: retryAfter };
  }
  return { failure: new UpstreamFailure("network", "request failed") };
}

function retryable(kind: UpstreamErrorKind): boolean {
  return (
    kind === "rate_limited" || kind === "server_error" || kind === "network" || kind === "timeout"
  );
}

function backoff(attempt: number): number {
  return Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const value = headers?.get("retry-after");
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.min(60_000, at - Date.now()));
}

/** Waits on the Clock; rejects with the abort reason when `signal` aborts first. */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      timer.cancel();
      reject(signal.reason);
    };
    const timer = clock.setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}
