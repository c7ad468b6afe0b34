// The desk HTTP API (/desk/v1) with a bearer desk token; every failure comes back as a value.
import type { DeskArchivedConversationJson, DeskInboxPageJson } from "../protocol/index.js";
import type {
  ApiError,
  ApiResult,
  Attachment,
  DeskColleague,
  DeskNoteJson,
  DeskStatus,
  DeskUser,
  DeskVisitorJson,
  HeldSession,
  OfflineMessageJson,
  OutgoingMessage,
  QueueEntry,
  QueueInfo,
  SavedReplyJson,
  SessionInfo,
  TypingState,
  WireEvent,
} from "./types.js";

const UNREACHABLE: ApiError = {
  status: 0,
  code: "network",
  message: "Could not reach the server. Check your connection.",
};

/** How the console proves who it is: a desk token, or the session cookie plus its CSRF token. */
export type DeskCredentials = { token: string } | { csrf: string };

/** What signing in with a password answers. */
export interface SignedIn {
  desk_user: DeskUser;
  csrf_token: string;
  expires_at: string;
}

/** Signs in with email and password; the browser keeps the HTTP-only cookie it is given. */
export function signInWithPassword(
  email: string,
  password: string,
  base = "",
): Promise<ApiResult<SignedIn>> {
  return new DeskApi({ csrf: "" }, base).call("POST", "/auth/sign-in", { email, password });
}

/** A desk API client for one desk user; `base` is the server origin ("" for the page's own). */
export class DeskApi {
  readonly #credentials: DeskCredentials;
  readonly #base: string;

  constructor(credentials: DeskCredentials, base = "") {
    this.#credentials = credentials;
    this.#base = base;
  }

  /** Whether this client rides on the session cookie (signed in with a password). */
  get usesCookie(): boolean {
    return "csrf" in this.#credentials;
  }

  /** Who the credentials belong to; `csrf_token` comes with the cookie. */
  me(): Promise<
    ApiResult<{ desk_user: DeskUser; online: boolean; status: DeskStatus; csrf_token?: string }>
  > {
    return this.call("GET", "/me");
  }

  /** Chooses online, away or offline. */
  setStatus(status: DeskStatus): Promise<ApiResult<{ status: DeskStatus }>> {
    return this.call("PUT", "/me/status", { status });
  }

  /** Every desk user and what they show now. */
  colleagues(): Promise<ApiResult<{ colleagues: DeskColleague[] }>> {
    return this.call("GET", "/colleagues");
  }

  /** Changes my password; the answer carries this browser's new CSRF token. */
  changePassword(current: string, next: string): Promise<ApiResult<SignedIn>> {
    return this.call("PUT", "/me/password", { current_password: current, new_password: next });
  }

  /** Saved replies of my queues and my own. */
  savedReplies(): Promise<ApiResult<{ saved_replies: SavedReplyJson[] }>> {
    return this.call("GET", "/saved-replies");
  }

  /** Ends this browser's session (the cookie). */
  signOut(): Promise<ApiResult<null>> {
    return this.call("POST", "/auth/sign-out", {});
  }

  /** Ends every browser's session of mine. */
  signOutEverywhere(): Promise<ApiResult<null>> {
    return this.call("POST", "/auth/sign-out-everywhere", {});
  }

  /** What visitors left in my queues when nobody could take the chat, newest first. */
  offlineMessages(): Promise<ApiResult<{ offline_messages: OfflineMessageJson[] }>> {
    return this.call("GET", "/offline-messages");
  }

  /** Every queue, for the transfer menu. */
  queues(): Promise<ApiResult<{ queues: QueueInfo[] }>> {
    return this.call("GET", "/queues");
  }

  /** A page of my queues' closed conversations; `query` holds q, queue, rating, ended_after|before, cursor. */
  inbox(query: Record<string, string>): Promise<ApiResult<DeskInboxPageJson>> {
    const params = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ""));
    const text = params.toString();
    return this.call("GET", `/inbox${text ? `?${text}` : ""}`);
  }

  /** One closed conversation to read: events, notes and rating. */
  archived(sessionId: string): Promise<ApiResult<DeskArchivedConversationJson>> {
    return this.call("GET", `/inbox/${encodeURIComponent(sessionId)}`);
  }

  /** Waiting conversations of my queues, oldest first. */
  queue(): Promise<ApiResult<{ entries: QueueEntry[] }>> {
    return this.call("GET", "/queue");
  }

  /** Conversations I hold. */
  sessions(): Promise<ApiResult<{ sessions: HeldSession[] }>> {
    return this.call("GET", "/sessions");
  }

  /** Takes a waiting conversation. */
  accept(sessionId: string): Promise<ApiResult<{ session_id: string }>> {
    return this.call("POST", `/handoffs/${encodeURIComponent(sessionId)}/accept`, {});
  }

  /** The whole transcript so far. */
  events(
    sessionId: string,
  ): Promise<ApiResult<{ session: SessionInfo; events: WireEvent[]; notes?: DeskNoteJson[] }>> {
    return this.call("GET", `/sessions/${encodeURIComponent(sessionId)}/events`);
  }

  /** What is known of the visitor: fields, page and referrer, their other conversations. */
  visitor(sessionId: string): Promise<ApiResult<DeskVisitorJson>> {
    return this.call("GET", `/sessions/${encodeURIComponent(sessionId)}/visitor`);
  }

  /** One of the visitor's earlier conversations, read-only. */
  earlier(
    sessionId: string,
    earlierId: string,
  ): Promise<ApiResult<{ session: SessionInfo; events: WireEvent[] }>> {
    const path = `/sessions/${encodeURIComponent(sessionId)}/earlier/${encodeURIComponent(earlierId)}`;
    return this.call("GET", path);
  }

  /** Sends a message to the user. */
  send(
    sessionId: string,
    message: OutgoingMessage,
  ): Promise<ApiResult<{ id: string; sequence: number }>> {
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/messages`, message);
  }

  /** Uploads a file to a conversation I hold; its `attachment` goes with the next message. */
  async upload(
    sessionId: string,
    file: File,
  ): Promise<ApiResult<{ id: string; name: string; attachment: Attachment }>> {
    const headers: Record<string, string> =
      "token" in this.#credentials
        ? { Authorization: `Bearer ${this.#credentials.token}` }
        : { "X-CSRF-Token": this.#credentials.csrf };
    headers["Content-Type"] = file.type || "application/octet-stream";
    const path = `/sessions/${encodeURIComponent(sessionId)}/files?name=${encodeURIComponent(file.name)}`;
    let response: Response;
    try {
      response = await fetch(`${this.#base}/desk/v1${path}`, {
        method: "POST",
        headers,
        body: file,
      });
    } catch {
      return { ok: false, error: UNREACHABLE };
    }
    const parsed = await readJson(response);
    if (response.ok)
      return { ok: true, value: parsed as { id: string; name: string; attachment: Attachment } };
    return { ok: false, error: errorOf(response, parsed) };
  }

  /** Tells the user I started or stopped typing. */
  typing(sessionId: string, state: TypingState): Promise<ApiResult<null>> {
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/typing`, { state });
  }

  /** Tells the user I have read their messages up to `upTo` (they see "Seen"). */
  seen(sessionId: string, upTo: number): Promise<ApiResult<null>> {
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/seen`, {
      up_to_sequence: upTo,
    });
  }

  /** Leaves the conversation: ends it, or hands it back to the AI agent. */
  leave(sessionId: string, endSession: boolean): Promise<ApiResult<null>> {
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/leave`, {
      end_session: endSession,
    });
  }

  /** Hands the conversation to another queue, or to a colleague (`{desk_user}`), with a note. */
  transfer(
    sessionId: string,
    to: string | { desk_user: string },
    note?: string,
  ): Promise<ApiResult<null>> {
    const target = typeof to === "string" ? { queue: to } : to;
    const body = note ? { ...target, note } : target;
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/transfer`, body);
  }

  /** Adds an internal note (the desk sees it, the visitor never does). */
  addNote(sessionId: string, text: string): Promise<ApiResult<DeskNoteJson>> {
    return this.call("POST", `/sessions/${encodeURIComponent(sessionId)}/notes`, { text });
  }

  /** Any desk API call; failures come back as values. */
  async call<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> =
      "token" in this.#credentials
        ? { Authorization: `Bearer ${this.#credentials.token}` }
        : { "X-CSRF-Token": this.#credentials.csrf };
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
