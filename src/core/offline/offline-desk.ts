// Offline conversations: offered when nobody can take a chat, kept when the visitor leaves a message, sent on.
import type { LiveSession } from "../live-session.js";
import type {
  Clock,
  HandoffRefusal,
  OfflineMessageRecord,
  OfflineMessageStore,
  Scheduler,
  Settings,
  Store,
} from "../ports.js";
import { checkOfflineInput, type OfflineInputProblem } from "./offline-input.js";
import { type OfflineSettings, readOfflineSettings } from "./offline-settings.js";
import { offlineThanks } from "./offline-texts.js";

/** Sends one signed POST to a company's webhook. */
export interface OfflineWebhook {
  send(
    url: string,
    secret: string | null,
    body: string,
  ): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** Counts offline messages and their deliveries (metrics). */
export interface OfflineObserver {
  left(): void;
  delivery(result: "delivered" | "retrying" | "failed"): void;
}

/** Why a visitor's offline message was refused. */
export type OfflineFailure =
  | { code: "offline_session_not_found" }
  | { code: "offline_not_offered" }
  | { code: "offline_already_left" }
  | { code: "offline_invalid"; problems: OfflineInputProblem[] };

export interface OfflineDeskDeps {
  store: Pick<Store, "readEvents" | "getConnector"> &
    OfflineMessageStore &
    Pick<Settings, "getSetting">;
  clock: Clock;
  scheduler: Scheduler;
  id(): string;
  load(sessionId: string): Promise<LiveSession | undefined>;
  webhook?: OfflineWebhook;
  observer?: OfflineObserver;
}

/** Refusals that mean nobody can be reached (a missing queue is a configuration error). */
const UNREACHABLE: readonly HandoffRefusal[] = ["QUEUE_CLOSED", "NO_AGENTS_AVAILABLE"];
/** The delivery timer kind; its key is the offline message id. */
export const OFFLINE_DELIVERY_TIMER = "offline-webhook";
/** Waits before each retry; after the last one the delivery is `failed`. */
export const OFFLINE_RETRY_DELAYS_MS: readonly number[] = [
  10_000, 60_000, 300_000, 1_800_000, 7_200_000,
];
const HISTORY_SCAN = 1000;

/** The offline-message flow of every session of this process (state lives in the store). */
export class OfflineDesk {
  readonly #deps: OfflineDeskDeps;

  constructor(deps: OfflineDeskDeps) {
    this.#deps = deps;
    deps.scheduler.handle(OFFLINE_DELIVERY_TIMER, (timer) => this.#deliver(timer.key));
  }

  /**
   * After a handoff nobody could take: when the connector takes offline messages, records
   * HANDOFF_FAILED with `offline_message: true` (the visitor is asked for an email and a message)
   * and returns true; the AI agent does not come back. False: the usual failure path applies.
   */
  async offer(session: LiveSession, queue: string, reason: HandoffRefusal): Promise<boolean> {
    if (!UNREACHABLE.includes(reason)) return false;
    const settings = await this.settings(session.record.connectorId);
    if (!settings.enabled) return false;
    await session.append(
      [
        {
          type: "EVENT_TYPE_HANDOFF_FAILED",
          payload: { reason, queue_name: queue, offline_message: true },
        },
      ],
      { agentStatus: "none" },
    );
    return true;
  }

  /** A connector's offline settings. */
  settings(connectorId: string): Promise<OfflineSettings> {
    return readOfflineSettings(this.#deps.store, connectorId);
  }

  /** Keeps what the visitor left, thanks them, ends the session and sends it on; or says why not. */
  async leave(
    sessionId: string,
    raw: unknown,
  ): Promise<{ ok: true; record: OfflineMessageRecord } | { ok: false; failure: OfflineFailure }> {
    const checked = checkOfflineInput(raw);
    if (!checked.ok)
      return { ok: false, failure: { code: "offline_invalid", problems: checked.problems } };
    const session = await this.#deps.load(sessionId);
    if (!session) return { ok: false, failure: { code: "offline_session_not_found" } };
    if (await this.#deps.store.offlineMessageOfSession(sessionId))
      return { ok: false, failure: { code: "offline_already_left" } };
    const offered = session.ended ? undefined : await this.#offeredIn(session);
    if (!offered) return { ok: false, failure: { code: "offline_not_offered" } };
    const settings = await this.settings(session.record.connectorId);
    const input = checked.value;
    const record: OfflineMessageRecord = {
      id: this.#deps.id(),
      sessionId,
      connectorId: session.record.connectorId,
      queue: offered.queue,
      reason: offered.reason,
      email: input.email,
      name: input.name,
      message: input.message,
      language: session.record.language,
      createdAt: this.#deps.clock.now(),
      delivery: settings.webhookUrl ? "pending" : "none",
      attempts: 0,
      lastError: null,
      deliveredAt: null,
    };
    if (!(await this.#deps.store.addOfflineMessage(record)))
      return { ok: false, failure: { code: "offline_already_left" } };
    this.#deps.observer?.left();
    const now = this.#deps.clock.now();
    await session.append(
      [
        {
          type: "EVENT_TYPE_USER_MESSAGE",
          payload: { text: input.message, message_id: this.#deps.id() },
        },
        {
          type: "EVENT_TYPE_SYSTEM_MESSAGE",
          payload: {
            level: "SYSTEM_MESSAGE_LEVEL_INFO",
            message: offlineThanks(session.record.language, input.email),
          },
        },
        { type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } },
      ],
      { state: "ended", endReason: "REASON_NATURAL_END", endedAt: now, agentStatus: "none" },
    );
    if (record.delivery === "pending")
      await this.#deps.scheduler.schedule(OFFLINE_DELIVERY_TIMER, record.id, now, {}, "absent");
    return { ok: true, record };
  }

  // The last HANDOFF_FAILED of the session, when it offered the form and nothing came after it
  // that brought an agent back.
  async #offeredIn(session: LiveSession): Promise<{ queue: string; reason: string } | undefined> {
    if (session.record.agentStatus !== "none") return undefined;
    const events = await this.#deps.store.readEvents(session.id, 0, HISTORY_SCAN);
    for (let i = events.length - 1; i >= 0; i -= 1) {
      const event = events[i];
      if (!event) continue;
      if (event.type === "EVENT_TYPE_HANDOFF_FAILED") {
        const payload = JSON.parse(event.payloadJson) as Record<string, unknown>;
        if (payload.offline_message !== true) return undefined;
        return { queue: String(payload.queue_name ?? ""), reason: String(payload.reason ?? "") };
      }
      if (
        event.type === "EVENT_TYPE_POLY_AGENT_JOINED" ||
        event.type === "EVENT_TYPE_LIVE_AGENT_JOINED"
      )
        return undefined;
    }
    return undefined;
  }

  // Runs in whichever process fires the timer: one attempt, then a retry later or the verdict.
  async #deliver(id: string): Promise<void> {
    const record = await this.#deps.store.getOfflineMessage(id);
    // Erased with its session, or already settled by an earlier firing.
    if (record?.delivery !== "pending") return;
    const settings = await this.settings(record.connectorId);
    const webhook = this.#deps.webhook;
    if (!settings.webhookUrl || !webhook) {
      await this.#deps.store.updateOfflineDelivery(id, { ...progress(record), delivery: "none" });
      return;
    }
    const attempts = record.attempts + 1;
    const sent = await webhook
      .send(settings.webhookUrl, settings.webhookSecret, webhookBody(record))
      .catch((error: unknown) => ({ ok: false as const, error: String(error) }));
    if (sent.ok) {
      await this.#deps.store.updateOfflineDelivery(id, {
        delivery: "delivered",
        attempts,
        lastError: null,
        deliveredAt: this.#deps.clock.now(),
      });
      this.#deps.observer?.delivery("delivered");
      return;
    }
    const delay = OFFLINE_RETRY_DELAYS_MS[attempts - 1];
    const delivery = delay === undefined ? "failed" : "pending";
    await this.#deps.store.updateOfflineDelivery(id, {
      delivery,
      attempts,
      lastError: sent.error.slice(0, 200),
      deliveredAt: null,
    });
    this.#deps.observer?.delivery(delay === undefined ? "failed" : "retrying");
    if (delay !== undefined)
      await this.#deps.scheduler.schedule(
        OFFLINE_DELIVERY_TIMER,
        id,
        this.#deps.clock.now() + delay,
      );
  }
}

function progress(r: OfflineMessageRecord) {
  return {
    delivery: r.delivery,
    attempts: r.attempts,
    lastError: r.lastError,
    deliveredAt: r.deliveredAt,
  };
}

/** The JSON the company's webhook receives for one offline message. */
export function webhookBody(r: OfflineMessageRecord): string {
  return JSON.stringify({
    type: "offline_message",
    id: r.id,
    session_id: r.sessionId,
    connector_id: r.connectorId,
    queue: r.queue,
    reason: r.reason,
    email: r.email,
    name: r.name,
    message: r.message,
    language: r.language,
    created_at: new Date(r.createdAt).toISOString(),
  });
}
