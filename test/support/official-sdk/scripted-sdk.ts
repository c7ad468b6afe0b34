// A scripted official SDK (iOS or Android): its REST calls, socket, reconnect ladder and chat model.
import WebSocket from "ws";
import { ChatModel } from "./chat-model.js";
import { decodeFrame } from "./decoder.js";
import { type SdkPlatform, SdkRest, type SdkToken } from "./rest.js";
import { VirtualTime } from "./virtual-time.js";

export interface ScriptedSdkOptions {
  platform: SdkPlatform;
  /** The server's http(s) base; the SDK is configured with `<base>/api/v1` and `<base>/ws`. */
  baseUrl: string;
  connectorToken: string;
  /** The app's bundle id, sent as X-Host. */
  hostIdentifier: string;
  time?: VirtualTime;
}

/** Close codes after which the SDKs do not treat a failed attempt as a refused handshake. */
const NOT_HANDSHAKE = new Set([1000, 4000, 4001, 4003]);
const MAX_BACKOFF_MS = 30_000;
const MAX_INVALID_SESSION = 3;
/** iOS renews a token expiring within this long before (re)connecting a session. */
const RENEW_BEFORE_MS = 300_000;

/** One app running an official SDK against a real server. */
export class ScriptedSdk {
  readonly time: VirtualTime;
  readonly rest: SdkRest;
  readonly chat: ChatModel;
  sessionId: string | null = null;
  token: SdkToken | null = null;
  lastSequence = 0;
  /** Sessions this app created; more than one means it threw a conversation away. */
  readonly sessions: string[] = [];
  /** Every close of a socket that had opened: code and reason. */
  readonly closes: Array<{ code: number; reason: string }> = [];
  /** Statuses of upgrades refused before 101 (each makes the SDK throw the session away). */
  readonly refusedUpgrades: number[] = [];
  /** Connect URLs, in order (query parameters as the SDK builds them). */
  readonly connectUrls: string[] = [];
  /** Every frame the SDK sent. */
  readonly sent: string[] = [];
  /** Events the decoder dropped, and frames that came after SESSION_END. */
  readonly problems: string[] = [];
  /** Size in bytes of the largest frame received. */
  largestFrame = 0;
  #ws: WebSocket | null = null;
  #open = false;
  #settled = true;
  #reconnectAttempt = 0;
  #invalidSession = 0;
  #shouldReconnect = true;
  #waiters: Array<() => void> = [];

  constructor(readonly options: ScriptedSdkOptions) {
    this.time = options.time ?? new VirtualTime();
    const rest = `${options.baseUrl}/api/v1`;
    this.rest = new SdkRest(
      options.platform,
      rest,
      options.connectorToken,
      options.hostIdentifier,
      () => this.time.now(),
    );
    this.chat = new ChatModel(options.platform, this.time, (frame) => this.#send(frame));
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** `start()`: token, session (fresh), then the socket; resolves once it is open or refused. */
  async start(): Promise<void> {
    await this.#createSession();
    this.chat.reset(false);
    await this.#connect();
  }

  /** An app reopening a conversation it stored: no cursor, so the whole history is replayed into a fresh chat. */
  async reopen(sessionId: string, token: SdkToken): Promise<void> {
    this.sessionId = sessionId;
    this.token = token;
    this.sessions.push(sessionId);
    this.lastSequence = 0;
    this.chat.reset(false);
    await this.#connect();
  }

  /** `client.send(text)`; returns the draft id, or null when the SDK refused it locally. */
  say(text: string): string | null {
    return this.chat.sendText(text, this.#open);
  }

  /** `client.end()`: USER_END_SESSION, then the SDK closes its socket at once (rule 23). */
  end(): void {
    this.#send(JSON.stringify({ type: "EVENT_TYPE_USER_END_SESSION", payload: {} }));
    this.#shouldReconnect = false;
    this.#ws?.close(1000, "User ended session");
  }

  /** The network goes away: the socket dies without a close frame; the ladder schedules a reconnect. */
  dropNetwork(): void {
    this.#ws?.terminate();
  }

  /**
   * The network comes back (or the app returns to the foreground): iOS renews a token expiring
   * within 300 s, with a fresh subject, and reconnects the same session; Android reconnects with
   * the token the session was created with.
   */
  async networkRestored(): Promise<void> {
    if (
      this.options.platform === "ios" &&
      this.token &&
      this.token.expiresAt - this.time.now() < RENEW_BEFORE_MS
    )
      this.token = await this.rest.obtainAccessToken();
    this.#reconnectAttempt = 0;
    await this.#connect();
  }

  /** Moves the SDK's clock, firing its timers (reconnects, retries); resolves once a reconnect it fired settled. */
  async advance(ms: number): Promise<void> {
    const before = this.connectUrls.length;
    this.time.advance(ms);
    if (this.connectUrls.length > before) await this.until(() => this.#settled, 5000);
  }

  /** Resolves once `condition` holds, re-checked on every frame and close; rejects after `ms`. */
  async until(condition: () => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(`scripted SDK: timed out; lines ${JSON.stringify(this.chat.lines)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Closes the socket for good (test teardown). */
  close(): void {
    this.#shouldReconnect = false;
    this.#ws?.terminate();
  }

  async #createSession(): Promise<void> {
    this.token = await this.rest.obtainAccessToken();
    const deviceType = "mobile" as const;
    this.sessionId = await this.rest.createSession(this.token.token, deviceType);
    this.sessions.push(this.sessionId);
    this.lastSequence = 0;
  }

  #url(): string {
    const query = new URLSearchParams({
      access_token: this.token?.token ?? "",
      session_id: this.sessionId ?? "",
    });
    if (this.lastSequence > 0) query.set("cursor", String(this.lastSequence));
    return `${this.options.baseUrl.replace(/^http/, "ws")}/ws?${query}`;
  }

  // Replace-on-connect: an older socket is closed (1001) and its close is not routed.
  #connect(): Promise<void> {
    const stale = this.#ws;
    if (stale) this.#discard(stale, 1001);
    this.#open = false;
    this.#settled = false;
    const url = this.#url();
    this.connectUrls.push(url);
    const ws = new WebSocket(url);
    this.#ws = ws;
    const attempt = { opened: false, ended: false };
    return new Promise((resolve) => {
      const settle = () => {
        this.#settled = true;
        resolve();
        this.#wake();
      };
      ws.on("open", () => {
        attempt.opened = true;
        this.#open = true;
        this.#reconnectAttempt = 0;
        this.#invalidSession = 0;
        settle();
      });
      ws.on("message", (data) => this.#receive(data as Buffer, attempt));
      ws.on("unexpected-response", (_request, response) => {
        this.refusedUpgrades.push(response.statusCode ?? 0);
        response.resume();
        this.#discard(ws);
        settle();
        void this.#invalidSessionRoute();
      });
      ws.on("error", () => {});
      ws.on("close", (code, reason) => {
        if (this.#ws !== ws) return;
        this.#open = false;
        this.chat.connectionLost();
        if (attempt.opened) return this.#closed(code, reason.toString());
        settle();
        if (!NOT_HANDSHAKE.has(code)) void this.#invalidSessionRoute();
      });
    });
  }

  #discard(ws: WebSocket, code?: number): void {
    ws.removeAllListeners();
    ws.on("error", () => {});
    if (code === undefined) ws.terminate();
    else ws.close(code);
  }

  #receive(data: Buffer, attempt: { ended: boolean }): void {
    this.largestFrame = Math.max(this.largestFrame, data.byteLength);
    if (attempt.ended)
      this.problems.push(`frame after SESSION_END: ${data.toString().slice(0, 80)}`);
    const frame = decodeFrame(data.toString());
    this.problems.push(...frame.dropped.map((type) => `dropped ${type}`));
    for (const event of frame.events) {
      if (event.sequence !== null) this.lastSequence = Math.max(this.lastSequence, event.sequence);
      if (event.type === "EVENT_TYPE_SESSION_END") attempt.ended = true;
    }
    this.chat.receive(frame.events, frame.batch);
    this.#wake();
  }

  #closed(code: number, reason: string): void {
    this.closes.push({ code, reason });
    if (code === 4000) this.problems.push("close 4000 (the SDKs ignore it and hang)");
    this.#route(code);
    this.#wake();
  }

  #route(code: number): void {
    if (code === 1000) {
      this.#shouldReconnect = false;
      return;
    }
    if (code === 4001) {
      void this.#invalidSessionRoute();
      return;
    }
    if (!this.#shouldReconnect) return;
    // Exponential backoff (the SDKs add ±20 % jitter, left out here): 1 s, 2 s, 4 s … 30 s.
    const delay = Math.min(MAX_BACKOFF_MS, 2 ** this.#reconnectAttempt * 1000);
    this.#reconnectAttempt += 1;
    this.time.setTimeout(() => void this.#connect(), delay);
  }

  // A refused or invalid session: the SDKs throw it away and start a new conversation.
  async #invalidSessionRoute(): Promise<void> {
    this.#invalidSession += 1;
    if (this.#invalidSession > MAX_INVALID_SESSION) return;
    this.chat.reset(false);
    await this.#createSession();
    await this.#connect();
  }

  #send(frame: string): boolean {
    if (!this.#open || !this.#ws) return false;
    this.sent.push(frame);
    this.#ws.send(frame);
    return true;
  }

  #wake(): void {
    for (const wake of this.#waiters.splice(0)) wake();
  }
}
