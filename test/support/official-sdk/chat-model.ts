// The official SDKs' chat state (ChatService + ChatSession): dedup, join, streaming, echoes, ending.
import { randomUUID } from "node:crypto";
import type { SdkEvent } from "./decoder.js";
import type { SdkPlatform } from "./rest.js";
import type { VirtualTime } from "./virtual-time.js";

/** One line of the chat as the SDK's `ChatSession.messages` holds it. */
export interface ChatLine {
  kind: "user" | "agent" | "live" | "system";
  text: string;
  messageId?: string;
  draftId?: string;
  delivery?: "pending" | "sent" | "failed";
  /** What a system line reports; `server` is a SYSTEM_MESSAGE shown as it came. */
  notice?: string;
  attachments?: unknown[];
  suggestions?: unknown[];
}

interface Chunk {
  index: number;
  text: string;
  attachments: unknown[];
  suggestions: unknown[];
}

interface Pending {
  draftId: string;
  localId: string;
  frame: string;
  retries: number;
  cancel: () => void;
}

/** Texts after whose ERROR system message both SDKs send the join again at once. */
const REJOIN_TRIGGERS = [
  "conversation not found",
  "conversation id not found",
  "unable to start a conversation",
];
const IOS_RETRY_MS = 3000;
const IOS_MAX_RETRIES = 3;
const ANDROID_CONFIRM_MS = 10_000;

/** The chat of one SDK instance; `send` puts a frame on the socket. */
export class ChatModel {
  readonly lines: ChatLine[] = [];
  /** Every agent message the SDK finished (whole, assembled from chunks, or a live agent's), in order. */
  readonly finished: string[] = [];
  /** What went against the protocol as the SDKs rely on it (rules 10, 15, 24). */
  readonly violations: string[] = [];
  hasEnded = false;
  /** Messages refused before sending because their text is over max_message_size_bytes. */
  refusedLocally = 0;
  maxMessageSize = 1_048_576;
  #chatEnded = false;
  #joinRequested = false;
  readonly #seen = new Set<string>();
  #stream: { messageId: string; chunks: Chunk[]; urls: Set<string> } | null = null;
  readonly #bubbles = new Map<string, ChatLine>();
  readonly #whole = new Set<string>();
  readonly #chunked = new Set<string>();
  readonly #pending = new Map<string, Pending>();

  constructor(
    readonly platform: SdkPlatform,
    readonly time: VirtualTime,
    readonly send: (frame: string) => boolean,
  ) {}

  /** A fresh start on a session (`resetChat`): a resume keeps the ids already seen. */
  reset(isResume: boolean): void {
    this.#joinRequested = false;
    this.#chatEnded = false;
    this.#stream = null;
    if (!isResume) this.#seen.clear();
  }

  /** A frame's events; a batch is pre-scanned for POLY_AGENT_JOINED so no join is re-sent. */
  receive(events: SdkEvent[], batch: boolean): void {
    // iOS routes a one-event batch as a single message; Android treats every batch as one.
    const scan = batch && (this.platform === "android" || events.length > 1);
    if (scan && events.some((e) => e.type === "EVENT_TYPE_POLY_AGENT_JOINED"))
      this.#joinRequested = true;
    for (const event of events) this.#handle(event);
  }

  /** `client.send(text)`: trimmed, size-checked, tagged with a local_id, retried per platform. */
  sendText(text: string, socketOpen: boolean): string | null {
    const trimmed = text.trim();
    if (trimmed === "" || this.#chatEnded) return null;
    if (this.maxMessageSize > 0 && Buffer.byteLength(trimmed) > this.maxMessageSize) {
      this.refusedLocally += 1;
      return null;
    }
    const draftId = randomUUID();
    const localId = randomUUID();
    const frame = JSON.stringify({
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: trimmed },
      metadata: { custom: { local_id: localId } },
    });
    this.lines.push({ kind: "user", text: trimmed, draftId, delivery: "pending" });
    const pending: Pending = { draftId, localId, frame, retries: 0, cancel: () => {} };
    this.#pending.set(draftId, pending);
    const sent = socketOpen && this.send(frame);
    if (this.platform === "ios") this.#scheduleRetry(pending);
    else if (!sent) this.#fail(draftId);
    else pending.cancel = this.time.setTimeout(() => this.#fail(draftId), ANDROID_CONFIRM_MS);
    return draftId;
  }

  /** Android fails whatever is unconfirmed when the connection it went out on goes away. */
  connectionLost(): void {
    if (this.platform === "android") for (const id of [...this.#pending.keys()]) this.#fail(id);
  }

  /** The finished agent texts (AI and live), in order. */
  agentTexts(): string[] {
    return this.lines.filter((l) => l.kind === "agent" || l.kind === "live").map((l) => l.text);
  }

  /** The system lines, as `notice: text`. */
  notices(): string[] {
    return this.lines.filter((l) => l.kind === "system").map((l) => `${l.notice}: ${l.text}`);
  }

  delivery(draftId: string): ChatLine["delivery"] {
    return this.lines.find((l) => l.draftId === draftId)?.delivery;
  }

  #handle(e: SdkEvent): void {
    if (e.sequence !== null && e.id !== "") {
      if (this.#seen.has(e.id)) return;
      this.#seen.add(e.id);
    }
    const quiet = [
      "EVENT_TYPE_HEARTBEAT",
      "EVENT_TYPE_SESSION_END",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      "EVENT_TYPE_LIVE_AGENT_LEFT",
    ];
    if (!quiet.includes(e.type)) this.#chatEnded = false;
    const p = e.payload;
    switch (e.type) {
      case "EVENT_TYPE_SESSION_START":
        this.#sessionStart(p);
        return;
      case "EVENT_TYPE_SESSION_END":
        this.#flushStream();
        this.#chatEnded = true;
        if (p.reason !== "user_ended") this.#markEnded(String(p.reason));
        else this.hasEnded = true;
        return;
      case "EVENT_TYPE_POLY_AGENT_JOINED":
        this.#joinRequested = true;
        return;
      case "EVENT_TYPE_POLY_AGENT_MESSAGE":
        this.#agentMessage(e);
        return;
      case "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK":
        this.#chunk(e);
        return;
      case "EVENT_TYPE_LIVE_AGENT_JOINED":
        this.#system("liveAgentJoined", String(p.agent_name ?? ""));
        return;
      case "EVENT_TYPE_LIVE_AGENT_MESSAGE":
        this.lines.push({
          kind: "live",
          text: String(p.text ?? ""),
          messageId: String(p.message_id),
        });
        this.finished.push(String(p.text ?? ""));
        return;
      case "EVENT_TYPE_LIVE_AGENT_LEFT":
        // Both SDKs' chat models end the conversation here (`sdk-expectations.md` rule 29).
        this.#markEnded(String(p.reason ?? ""));
        return;
      case "EVENT_TYPE_SYSTEM_MESSAGE":
        this.#systemMessage(p);
        return;
      case "EVENT_TYPE_USER_MESSAGE":
        this.#echo(e);
        return;
      case "EVENT_TYPE_HANDOFF_QUEUE_STATUS":
        this.#system("queueStatus", String(p.display_message ?? p.position_in_queue ?? ""));
        return;
      case "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF":
        this.#system("handoffStarted", "");
        return;
      case "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED":
        this.#system("handoffRequired", String(p.route ?? p.reason ?? ""));
        return;
      case "EVENT_TYPE_HANDOFF_ACCEPTED":
        this.#system("handoffAccepted", String(p.queue_name ?? ""));
        return;
      case "EVENT_TYPE_HANDOFF_FAILED":
        this.#system("handoffFailed", String(p.reason ?? ""));
        return;
      case "EVENT_TYPE_HANDOFF_TIMEOUT":
        this.#system("handoffTimeout", "");
        return;
    }
  }

  #sessionStart(p: Record<string, unknown>): void {
    const capabilities = (p.capabilities ?? {}) as Record<string, unknown>;
    const max = capabilities.max_message_size_bytes;
    this.maxMessageSize = typeof max === "number" ? max : 1_048_576;
    this.hasEnded = false;
    if (this.#joinRequested) return;
    this.#joinRequested = true;
    this.send(JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} }));
  }

  #agentMessage(e: SdkEvent): void {
    const p = e.payload;
    const messageId = String(p.message_id ?? "");
    this.#whole.add(messageId);
    if (this.#chunked.has(messageId))
      this.violations.push(`message ${messageId} sent whole and in chunks`);
    const attachments = Array.isArray(p.attachments) ? p.attachments : [];
    const suggestions = Array.isArray(p.response_suggestions) ? p.response_suggestions : [];
    const text = String(p.text ?? "");
    if (text !== "" || attachments.length > 0 || suggestions.length > 0) {
      this.lines.push({ kind: "agent", text, messageId, attachments, suggestions });
      this.finished.push(text);
    }
    if (p.end_conversation === true) {
      this.#chatEnded = true;
      this.#markEnded("agent_ended");
    }
  }

  // The progressive bubble concatenates; the finished message joins non-empty texts with a space.
  #chunk(e: SdkEvent): void {
    const p = e.payload;
    const messageId = String(p.message_id ?? "");
    this.#chunked.add(messageId);
    if (this.#whole.has(messageId))
      this.violations.push(`message ${messageId} sent whole and in chunks`);
    if (this.#stream && this.#stream.messageId !== messageId) this.#flushStream();
    this.#stream ??= { messageId, chunks: [], urls: new Set() };
    const attachments = (Array.isArray(p.attachments) ? p.attachments : []).filter((a) => {
      const url = String((a as { content_url?: unknown }).content_url ?? randomUUID());
      if (this.#stream?.urls.has(url)) return false;
      this.#stream?.urls.add(url);
      return true;
    });
    const suggestions = Array.isArray(p.response_suggestions) ? p.response_suggestions : [];
    const text = typeof p.text === "string" ? p.text : "";
    this.#stream.chunks.push({ index: Number(p.chunk_index ?? 0), text, attachments, suggestions });
    let bubble = this.#bubbles.get(messageId);
    if (!bubble) {
      bubble = { kind: "agent", text: "", messageId };
      this.#bubbles.set(messageId, bubble);
      this.lines.push(bubble);
    }
    bubble.text += text;
    if (p.is_complete === true) this.#flushStream();
  }

  #flushStream(): void {
    const stream = this.#stream;
    this.#stream = null;
    if (!stream) return;
    const sorted = [...stream.chunks].sort((a, b) => a.index - b.index);
    const text = sorted
      .map((c) => c.text)
      .filter((t) => t !== "")
      .join(" ");
    const attachments = sorted.flatMap((c) => c.attachments);
    const suggestions =
      [...sorted].reverse().find((c) => c.suggestions.length > 0)?.suggestions ?? [];
    const bubble = this.#bubbles.get(stream.messageId);
    if (text === "" && attachments.length === 0 && suggestions.length === 0) return;
    this.finished.push(text);
    if (bubble) Object.assign(bubble, { text, attachments, suggestions });
    else
      this.lines.push({
        kind: "agent",
        text,
        messageId: stream.messageId,
        attachments,
        suggestions,
      });
  }

  #systemMessage(p: Record<string, unknown>): void {
    const text = String(p.message ?? "");
    this.#system("server", text);
    if (p.level !== "SYSTEM_MESSAGE_LEVEL_ERROR") return;
    const lower = text.toLowerCase();
    if (REJOIN_TRIGGERS.some((t) => lower.includes(t)))
      this.send(JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} }));
  }

  #echo(e: SdkEvent): void {
    const localId = e.custom?.local_id;
    const text = String(e.payload.text ?? "");
    const pending = [...this.#pending.values()].find((m) =>
      localId !== undefined ? m.localId === localId : JSON.parse(m.frame).payload.text === text,
    );
    if (pending) {
      pending.cancel();
      this.#pending.delete(pending.draftId);
      const line = this.lines.find((l) => l.draftId === pending.draftId);
      if (line) line.delivery = "sent";
      return;
    }
    if (!this.lines.some((l) => l.draftId === e.id))
      this.lines.push({ kind: "user", text, draftId: e.id, delivery: "sent" });
  }

  #markEnded(reason: string): void {
    this.hasEnded = true;
    if (!this.lines.some((l) => l.notice === "conversationEnded"))
      this.#system("conversationEnded", reason);
  }

  #system(notice: string, text: string): void {
    this.lines.push({ kind: "system", notice, text });
  }

  // iOS re-sends an unconfirmed message every 3 s with the same local_id, three times, then fails it.
  #scheduleRetry(pending: Pending): void {
    pending.cancel = this.time.setTimeout(() => {
      if (!this.#pending.has(pending.draftId)) return;
      if (pending.retries >= IOS_MAX_RETRIES) return this.#fail(pending.draftId);
      pending.retries += 1;
      this.send(pending.frame);
      this.#scheduleRetry(pending);
    }, IOS_RETRY_MS);
  }

  #fail(draftId: string): void {
    const pending = this.#pending.get(draftId);
    if (!pending) return;
    pending.cancel();
    this.#pending.delete(draftId);
    const line = this.lines.find((l) => l.draftId === draftId);
    if (line) line.delivery = "failed";
  }
}
