// Getting a session to connect to: resume the stored one, or mint a token and create a new one.
import { TokenSource, tokenExpiring } from "./access-token.js";
import { joinUrl, postJson, type Result } from "./http.js";
import { SessionStore, type StoredSession } from "./stored-session.js";
import type { ClientOptions, FetchLike } from "./types.js";

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

  constructor(options: ClientOptions, fetchFn: FetchLike, baseUrl: () => string) {
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

  /** A fresh token for the same subject; stored with the session. */
  async refresh(session: StoredSession): Promise<Result<string>> {
    const token = await this.tokens.get(session.token);
    if (token.ok) this.store.write({ ...session, token: token.value });
    return token;
  }
}
