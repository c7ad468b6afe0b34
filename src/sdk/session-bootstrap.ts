// Getting a session to connect to: resume the stored one, or mint a token and create a new one.
import { TokenSource, tokenExpiring } from "./access-token.js";
import { joinUrl, postJson, type Result } from "./http.js";
import { SessionStore, type StoredSession } from "./stored-session.js";
import type { ClientOptions, EarlierConversation, FetchLike } from "./types.js";

/** A session to connect to; `isNew` when this client just created it. */
export interface BootstrappedSession {
  sessionId: string;
  token: string;
  isNew: boolean;
}

/** Creates, resumes and re-authenticates sessions for one client. */
export class SessionBootstrap {
  readonly tokens: TokenSource;
  readonly store: SessionStore;
  readonly #options: ClientOptions;
  readonly #fetch: FetchLike;
  readonly #baseUrl: () => string;
  /** Sent with every new session; null when the app turned it off. */
  readonly visitorId: string | null;

  constructor(
    options: ClientOptions,
    fetchFn: FetchLike,
    baseUrl: () => string,
    visitorId: string | null,
  ) {
    this.visitorId = visitorId;
    this.#options = options;
    this.#fetch = fetchFn;
    this.#baseUrl = baseUrl;
    this.tokens = new TokenSource(options.auth, fetchFn, baseUrl);
    this.store = new SessionStore(options.storage, options.storageKey ?? "switchboard:session");
  }

  /** The stored session when there is one, else a new session. */
  async start(now: number): Promise<Result<BootstrappedSession>> {
    const stored = this.store.read();
    if (!stored) return this.createNew();
    if (!tokenExpiring(stored.token, now)) return { ok: true, value: { ...stored, isNew: false } };
    const token = await this.tokens.get(stored.token);
    if (!token.ok) return this.createNew();
    this.store.write({ ...stored, token: token.value });
    return { ok: true, value: { sessionId: stored.sessionId, token: token.value, isNew: false } };
  }

  /** Forgets the stored session and creates a new one. */
  async createNew(): Promise<Result<BootstrappedSession>> {
    this.store.clear();
    const token = await this.tokens.get();
    if (!token.ok) return token;
    const body: Record<string, unknown> = {
      streaming_enabled: this.#options.streaming ?? true,
      platform: this.#options.platform ?? "web",
    };
    if (this.#options.deviceType) body.device_type = this.#options.deviceType;
    if (this.visitorId) body.visitor_id = this.visitorId;
    Object.assign(body, pageOf(this.#options));
    const url = joinUrl(this.#baseUrl(), "/api/v1/sessions");
    const answer = await postJson(
      this.#fetch,
      url,
      { Authorization: `Bearer ${token.value}` },
      body,
    );
    if (!answer.ok) return answer;
    const sessionId = answer.value.session_id;
    if (typeof sessionId !== "string") {
      return {
        ok: false,
        error: { status: 200, code: "bad_response", message: "no session_id in the answer" },
      };
    }
    this.store.write({ sessionId, token: token.value, cursor: 0 });
    return { ok: true, value: { sessionId, token: token.value, isNew: true } };
  }

  /** This visitor's conversations, newest first (the current one included). */
  async earlier(limit: number): Promise<Result<EarlierConversation[]>> {
    if (!this.visitorId) return { ok: true, value: [] };
    const answer = await this.#visitorCall("/api/v1/visitor-sessions", { limit });
    if (!answer.ok) return answer;
    const sessions = Array.isArray(answer.value.sessions) ? answer.value.sessions : [];
    return { ok: true, value: sessions.flatMap(earlierOf) };
  }

  /** Makes an earlier conversation of this visitor the stored one, with a token it accepts. */
  async reopen(sessionId: string): Promise<Result<BootstrappedSession>> {
    if (!this.visitorId) {
      return { ok: false, error: { status: 0, code: "no_visitor_id", message: "no visitor id" } };
    }
    const path = `/api/v1/visitor-sessions/${encodeURIComponent(sessionId)}/access-token`;
    const answer = await this.#visitorCall(path, {});
    if (!answer.ok) return answer;
    const token = answer.value.access_token;
    if (typeof token !== "string" || token === "") {
      return {
        ok: false,
        error: { status: 200, code: "bad_response", message: "no access_token in the answer" },
      };
    }
    this.store.write({ sessionId, token, cursor: 0 });
    return { ok: true, value: { sessionId, token, isNew: false } };
  }

  // The visitor routes take any valid access token of the connector, and the visitor id.
  async #visitorCall(path: string, body: Record<string, unknown>) {
    const stored = this.store.read();
    const token = await this.tokens.get(stored?.token);
    if (!token.ok) return token;
    return postJson(
      this.#fetch,
      joinUrl(this.#baseUrl(), path),
      { Authorization: `Bearer ${token.value}` },
      { ...body, visitor_id: this.visitorId },
    );
  }

  /** A fresh token for the same subject; stored with the session. */
  async refresh(session: StoredSession): Promise<Result<string>> {
    const token = await this.tokens.get(session.token);
    if (token.ok) this.store.write({ ...session, token: token.value });
    return token;
  }
}

function earlierOf(raw: unknown): EarlierConversation[] {
  if (typeof raw !== "object" || raw === null) return [];
  const r = raw as Record<string, unknown>;
  if (typeof r.session_id !== "string" || typeof r.created_at !== "string") return [];
  const last = r.last_message as { from?: unknown; text?: unknown } | null | undefined;
  return [
    {
      sessionId: r.session_id,
      state: r.state === "ended" ? "ended" : "active",
      createdAt: r.created_at,
      endedAt: typeof r.ended_at === "string" ? r.ended_at : null,
      lastMessage:
        last && typeof last.text === "string"
          ? { from: last.from === "user" ? "user" : "agent", text: last.text }
          : null,
    },
  ];
}

// The page the conversation begins on, for the desk: the app's `page` option, else the browser's.
function pageOf(options: ClientOptions): Record<string, string> {
  const page =
    options.page === undefined ? browserPage() : options.page === null ? null : options.page();
  if (!page) return {};
  const fields: Record<string, string> = {};
  if (page.url) fields.page_url = page.url;
  if (page.referrer) fields.referrer = page.referrer;
  return fields;
}

function browserPage(): { url?: string; referrer?: string } | null {
  const g = globalThis as { location?: { href?: string }; document?: { referrer?: string } };
  if (!g.location?.href?.startsWith("http")) return null;
  return { url: g.location.href, referrer: g.document?.referrer ?? "" };
}
