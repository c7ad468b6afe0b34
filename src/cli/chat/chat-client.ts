// The WebSocket half of a chat: join, send, heartbeat, reconnect with `cursor`, de-duplicate by id.
import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { CLOSE_CODES, HEARTBEAT_INTERVAL_SECONDS, type ServerEvent } from "../../protocol/index.js";
import { createChatSession, type HttpOutcome, mintAccessToken } from "./chat-http.js";

/** What the client reports to its user interface. */
export type ChatNotice =
  | { kind: "event"; event: ServerEvent; replayed: boolean }
  | { kind: "connected"; reconnect: boolean }
  | { kind: "disconnected"; code: number; retryInMs: number }
  | { kind: "closed"; reason: "ended" | "left" | "refused" | "gave_up"; detail?: string };

export interface ChatStart {
  /** Base http(s) URL of the server. */
  url: string;
  streaming?: boolean;
  /** A new session: minted from the connector token and host. */
  connector?: { token: string; host: string };
  /** Or an existing session with the access token that created it. */
  resume?: { sessionId: string; accessToken: string };
  heartbeatMs?: number;
  maxReconnectAttempts?: number;
}

const MAX_BACKOFF_MS = 10_000;

/** One chat session over the Messaging protocol. */
export class ChatClient {
  readonly sessionId: string;
  readonly accessToken: string;
  /** Resolves when the client stops for good. */
  readonly finished: Promise<void>;
  #options: ChatStart;
  #notify: (notice: ChatNotice) => void;
  #socket: WebSocket | null = null;
  #seen = new Set<string>();
  #lastSequence = 0;
  #agentJoined = false;
  #unacked = new Map<string, string>();
  #heartbeat: NodeJS.Timeout | null = null;
  #attempts = 0;
  #stopped = false;
  /** False from connect until the connection's history replay has been handled. */
  #ready = false;
  #finish: () => void = () => undefined;

  private constructor(
    options: ChatStart,
    sessionId: string,
    accessToken: string,
    notify: (n: ChatNotice) => void,
  ) {
    this.#options = options;
    this.sessionId = sessionId;
    this.accessToken = accessToken;
    this.#notify = notify;
    this.finished = new Promise((resolve) => {
      this.#finish = resolve;
    });
  }

  /** Creates (or resumes) the session and connects; HTTP failures come back as values. */
  static async start(
    options: ChatStart,
    notify: (notice: ChatNotice) => void,
  ): Promise<HttpOutcome<ChatClient>> {
    const base = options.url.replace(/\/+$/, "");
    let session: { sessionId: string; accessToken: string };
    if (options.resume) {
      session = options.resume;
    } else if (options.connector) {
      const token = await mintAccessToken(base, options.connector.token, options.connector.host);
      if (!token.ok) return token;
      const created = await createChatSession(base, token.value, options.streaming ?? false);
      if (!created.ok) return created;
      session = { sessionId: created.value, accessToken: token.value };
    } else {
      return { ok: false, message: "give a connector token and host, or a session to resume" };
    }
    const client = new ChatClient(
      { ...options, url: base },
      session.sessionId,
      session.accessToken,
      notify,
    );
    client.#connect();
    return { ok: true, value: client };
  }

  /** The highest sequence received so far (the reconnect cursor). */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /** Sends a user message; returns its `client_event_id`. Re-sent after a reconnect until echoed. */
  sendMessage(text: string): string {
    const clientEventId = randomUUID();
    const frame = JSON.stringify({
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text },
      metadata: { custom: { client_event_id: clientEventId } },
    });
    this.#unacked.set(clientEventId, frame);
    this.#send(frame);
    return clientEventId;
  }

  /** Ends the conversation (USER_END_SESSION); the server answers with SESSION_END. */
  end(): void {
    this.#sendEvent("EVENT_TYPE_USER_END_SESSION");
  }

  /** Disconnects without ending the session (it can be resumed). */
  leave(): void {
    this.#stop("left");
    this.#socket?.close(1000);
  }

  #connect(): void {
    const wsUrl = new URL(`${this.#options.url.replace(/^http/, "ws")}/ws`);
    wsUrl.searchParams.set("session_id", this.sessionId);
    wsUrl.searchParams.set("access_token", this.accessToken);
    wsUrl.searchParams.set("cursor", String(this.#lastSequence));
    const socket = new WebSocket(wsUrl);
    this.#socket = socket;
    this.#ready = false;
    let firstBatch = true;
    socket.on("open", () => {
      this.#attempts = 0;
      this.#notify({ kind: "connected", reconnect: this.#lastSequence > 0 });
      this.#startHeartbeat();
    });
    socket.on("message", (data, isBinary) => {
      if (isBinary) return;
      const event = parseEvent(data.toString());
      if (!event) return;
      if (event.type === "EVENT_TYPE_EVENT_BATCH") {
        const events = (event.payload as { events?: unknown }).events;
        for (const inner of Array.isArray(events) ? events : [])
          this.#receive(inner as ServerEvent, true);
        if (firstBatch) this.#afterHistory();
        firstBatch = false;
      } else {
        this.#receive(event, false);
      }
    });
    socket.on("unexpected-response", (_request, response) => {
      this.#stop("refused", `the server refused the connection (${response.statusCode})`);
      socket.terminate();
    });
    socket.on("error", () => undefined);
    socket.on("close", (code) => this.#onClose(code));
  }

  #afterHistory(): void {
    this.#ready = true;
    if (!this.#agentJoined && !this.#stopped) this.#sendEvent("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    for (const frame of this.#unacked.values()) this.#send(frame);
  }

  #receive(event: ServerEvent, replayed: boolean): void {
    if (this.#seen.has(event.id)) return;
    this.#seen.add(event.id);
    if (typeof event.sequence === "number" && event.sequence > this.#lastSequence)
      this.#lastSequence = event.sequence;
    if (event.type === "EVENT_TYPE_POLY_AGENT_JOINED") this.#agentJoined = true;
    const echoed = event.metadata?.custom?.client_event_id;
    if (typeof echoed === "string") this.#unacked.delete(echoed);
    this.#notify({ kind: "event", event, replayed });
    if (event.type === "EVENT_TYPE_SESSION_END") this.#stop("ended");
  }

  #onClose(code: number): void {
    this.#stopHeartbeat();
    this.#socket = null;
    if (this.#stopped) return;
    const max = this.#options.maxReconnectAttempts ?? 10;
    if (code === CLOSE_CODES.normal) this.#stop("ended");
    else if (code === CLOSE_CODES.invalidSession) {
      this.#stop("refused", "the session or token is no longer valid");
    } else if (this.#attempts >= max) this.#stop("gave_up", `no connection after ${max} attempts`);
    else this.#retry(code);
  }

  #retry(code: number): void {
    const retryInMs = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.#attempts);
    this.#attempts += 1;
    this.#notify({ kind: "disconnected", code, retryInMs });
    setTimeout(() => {
      if (!this.#stopped) this.#connect();
    }, retryInMs);
  }

  #stop(reason: "ended" | "left" | "refused" | "gave_up", detail?: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#stopHeartbeat();
    this.#notify(
      detail === undefined ? { kind: "closed", reason } : { kind: "closed", reason, detail },
    );
    this.#finish();
  }

  #startHeartbeat(): void {
    this.#stopHeartbeat();
    const every = this.#options.heartbeatMs ?? HEARTBEAT_INTERVAL_SECONDS * 1000;
    this.#heartbeat = setInterval(() => this.#sendEvent("EVENT_TYPE_HEARTBEAT"), every);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  #sendEvent(type: string): void {
    this.#send(JSON.stringify({ type, payload: {} }));
  }

  // While disconnected, user messages wait in #unacked and go out after the next replay.
  #send(frame: string): void {
    if (this.#ready && this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(frame);
  }
}

function parseEvent(text: string): ServerEvent | null {
  try {
    const value = JSON.parse(text) as ServerEvent;
    return typeof value === "object" && value !== null && typeof value.type === "string"
      ? value
      : null;
  } catch {
    return null;
  }
}
