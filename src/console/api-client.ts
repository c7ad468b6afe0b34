// The desk HTTP API (/desk/v1) with a bearer desk token; every failure comes back as a value.
import type {
  ApiError,
  ApiResult,
  DeskUser,
  HeldSession,
  OutgoingMessage,
  QueueEntry,
  QueueInfo,
  SessionInfo,
  TypingState,
  WireEvent,
} from "./types.js";

const UNREACHABLE: ApiError = {
  status: 0,
  code: "network",
  message: "Could not reach the server. Check your connection.",
};

/** A desk API client for one desk token; `base` is the server origin ("" for the page's own). */
export class DeskApi {
  readonly #token: string;
  readonly #base: string;

  constructor(token: string, base = "") {
    this.#token = token;
    this.#base = base;
  }

  /** Who the token belongs to. */
  me(): Promise<ApiResult<{ desk_user: DeskUser; online: boolean }>> {
    return this.#call("GET", "/me");
  }

  /** Every queue, for the transfer menu. */
  queues(): Promise<ApiResult<{ queues: QueueInfo[] }>> {
    return this.#call("GET", "/queues");
  }

  /** Waiting conversations of my queues, oldest first. */
  queue(): Promise<ApiResult<{ entries: QueueEntry[] }>> {
    return this.#call("GET", "/queue");
  }

  /** Conversations I hold. */
  sessions(): Promise<ApiResult<{ sessions: HeldSession[] }>> {
    return this.#call("GET", "/sessions");
  }

  /** Takes a waiting conversation. */
  accept(sessionId: string): Promise<ApiResult<{ session_id: string }>> {
    return this.#call("POST", `/handoffs/${encodeURIComponent(sessionId)}/accept`, {});
  }

  /** The whole transcript so far. */
  events(sessionId: string): Promise<ApiResult<{ session: SessionInfo; events: WireEvent[] }>> {
    return this.#call("GET", `/sessions/${encodeURIComponent(sessionId)}/events`);
  }

  /** Sends a message to the user. */
  send(
    sessionId: string,
    message: OutgoingMessage,
  ): Promise<ApiResult<{ id: string; sequence: number }>> {
    return this.#call("POST", `/sessions/${encodeURIComponent(sessionId)}/messages`, message);
  }

  /** Tells the user I started or stopped typing. */
  typing(sessionId: string, state: TypingState): Promise<ApiResult<null>> {
    return this.#call("POST", `/sessions/${encodeURIComponent(sessionId)}/typing`, { state });
  }

  /** Tells the user I have read their messages up to `upTo` (they see "Seen"). */
  seen(sessionId: string, upTo: number): Promise<ApiResult<null>> {
    return this.#call("POST", `/sessions/${encodeURIComponent(sessionId)}/seen`, {
      up_to_sequence: upTo,
    });
  }

  /** Leaves the conversation: ends it, or hands it back to the AI agent. */
  leave(sessionId: string, endSession: boolean): Promise<ApiResult<null>> {
    return this.#call("POST", `/sessions/${encodeURIComponent(sessionId)}/leave`, {
      end_session: endSession,
    });
  }

  /** Hands the conversation to another queue. */
  transfer(sessionId: string, queue: string): Promise<ApiResult<null>> {
    return this.#call("POST", `/sessions/${encodeURIComponent(sessionId)}/transfer`, { queue });
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#token}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response: Response;
    try {
      response = await fetch(`${this.#base}/desk/v1${path}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
    const parsed = await readJson(response);
    if (response.ok) return { ok: true, value: (parsed ?? null) as T };
    return { ok: false, error: errorOf(response, parsed) };
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (response.status === 204) return null;
  try {
    return await response.json();
  } catch {
    return null;
  }
}

function errorOf(response: Response, body: unknown): ApiError {
  const fields = (body ?? {}) as { code?: unknown; message?: unknown };
  const code = typeof fields.code === "string" ? fields.code : `http_${response.status}`;
  if (typeof fields.message === "string") {
    return { status: response.status, code, message: fields.message };
  }
  const retry = response.headers.get("Retry-After");
  const message =
    response.status === 429
      ? `Too many requests; try again in ${retry ?? "a few"} seconds.`
      : `The server answered ${response.status} ${response.statusText}`.trim();
  return { status: response.status, code, message };
}
