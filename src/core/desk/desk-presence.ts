// Who is at the desk: each desk user's feed and sockets, who is online, and the grace period after a drop.
import { type DeskStatus, encodeEvent } from "../../protocol/index.js";
import type {
  Clock,
  DeskSignal,
  DeskSignals,
  PresentDeskUser,
  Scheduler,
  Store,
  TimerHandle,
} from "../ports.js";
import type { DeskUserRecord } from "../records.js";
import { type DeskConnection, type DeskEvent, DeskFeed } from "./desk-feed.js";
import type { DeskStatusBoard } from "./desk-status.js";
import type { Background, DeskReach } from "./desk-types.js";
import { deskUserJson } from "./desk-user-json.js";

/** What presence needs from the desk around it. */
export interface PresenceDeps {
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  /** A desk user with no connection keeps their chats this long before they go back to the queue. */
  graceMs: number;
  /** Names this process's feeds, so a cursor from an older process gets a snapshot. */
  epoch: string;
  /** Everything a desk user sees when their cursor cannot be replayed. */
  snapshot(user: DeskUserRecord): DeskEvent;
  /** A desk user's grace period ran out while they were still offline. */
  graceExpired(deskUserId: string): Promise<void>;
  background: Background;
  /** What each desk user chose to be. */
  statuses: DeskStatusBoard;
  /** The other processes; absent: this process is the whole desk. */
  signals?: DeskSignals;
  /** How often this process repeats who is connected here (ms). */
  heartbeatMs?: number;
}

/** Heartbeats a process may miss before its desk users count as gone. */
const MISSED_BEATS = 3;
export const DEFAULT_DESK_HEARTBEAT_MS = 5000;
/** Sessions whose last forwarded sequence is remembered per desk user (ordering across processes). */
const ORDERED_SESSIONS = 10_000;

/** Who another process said is connected there, until when. */
interface RemotePresence {
  users: Map<string, PresentDeskUser>;
  expiresAt: number;
}

/** Durable timer kind of grace periods, keyed by desk user id. */
export const GRACE_TIMER = "desk.grace";

/** Desk feeds, who is online, and grace timers for desk users who dropped. */
export class DeskPresence implements DeskReach {
  readonly #deps: PresenceDeps;
  readonly #feeds = new Map<string, DeskFeed>();
  readonly #online = new Map<string, DeskUserRecord>();
  /** Desk users connected on other processes, by process. */
  readonly #remote = new Map<string, RemotePresence>();
  /** Last session sequence sent to each desk user's feed here, per `user\nsession`. */
  readonly #lastSent = new Map<string, number>();
  /** Gap fills from the store under way, per `user\nsession`: later events wait behind them. */
  readonly #filling = new Map<string, Promise<void>>();
  #beating: TimerHandle | undefined;
  #stopped = false;

  constructor(deps: PresenceDeps) {
    this.#deps = deps;
    deps.scheduler.handle(GRACE_TIMER, (timer) => this.#graceExpired(timer.key));
  }

  /**
   * Joins the other processes (once this process hears their signals): asks for their
   * presence and repeats its own every heartbeat. Without signals there is nothing to join.
   */
  join(): void {
    const { signals } = this.#deps;
    if (!signals || this.#stopped) return;
    const every = this.#deps.heartbeatMs ?? DEFAULT_DESK_HEARTBEAT_MS;
    this.#beating ??= this.#deps.clock.setInterval(() => this.#heartbeat(), every);
    signals.publish({ kind: "hello", from: signals.processId });
    this.#beat();
  }

  /** A signal from another process about presence, statuses or a desk user's events. */
  receive(signal: DeskSignal): void {
    switch (signal.kind) {
      case "hello":
        this.#beat();
        return;
      case "presence":
        this.#presence(signal.from, signal.users, signal.ttlMs);
        return;
      case "status":
        this.#deps.statuses.remember(signal.deskUserId, signal.status);
        this.announce(signal.deskUserId);
        return;
      case "push":
        this.#feeds.get(signal.deskUserId)?.push(signal.event);
        return;
      case "transient":
        this.#feeds.get(signal.deskUserId)?.pushTransient(signal.event);
        return;
      case "session-event":
        if (this.#feeds.has(signal.deskUserId))
          this.#sessionEvent(signal.deskUserId, signal.sessionId, signal.sequence, signal.frame);
        return;
      case "desk-user":
        this.#deps.background(
          this.#applyUserChange(signal.deskUserId, signal.change),
          "desk user change",
        );
        return;
      default:
        return;
    }
  }

  /** Attaches a desk connection; replays after `cursor` (`epoch:seq`) or sends a snapshot. */
  connect(
    user: DeskUserRecord,
    connection: DeskConnection,
    cursor: string | null,
  ): { disconnect(): void } {
    const feed = this.#feed(user.id);
    const replay = feed.framesAfter(cursor);
    connection.send(
      JSON.stringify({
        seq: null,
        type: "hello",
        cursor: `${feed.epoch}:${feed.seq}`,
        resumed: replay !== null,
        desk_user: deskUserJson(user),
        status: this.#deps.statuses.effective(user.id, true),
      }),
    );
    if (replay) for (const frame of replay) connection.send(frame);
    else connection.send(JSON.stringify({ seq: null, ...this.#deps.snapshot(user) }));
    feed.connections.add(connection);
    const before = this.status(user.id);
    const here = this.#online.has(user.id);
    this.#online.set(user.id, user);
    if (!here) this.#beat();
    if (this.status(user.id) !== before) this.announce(user.id);
    this.#deps.background(this.#deps.scheduler.cancel(GRACE_TIMER, user.id), "grace period");
    let gone = false;
    return {
      disconnect: () => {
        if (gone) return;
        gone = true;
        feed.connections.delete(connection);
        if (feed.connections.size === 0) {
          this.#online.delete(user.id);
          this.#beat();
          this.announce(user.id);
          // Still connected on another process: no grace period (that process has the user).
          if (!this.isOnline(user.id)) this.startGrace(user.id);
        }
      },
    };
  }

  /**
   * A desk user was edited, got a new token or was deleted: online sessions see the new record,
   * and sockets opened with a token that no longer works are closed.
   */
  async deskUserChanged(
    id: string,
    change: "updated" | "token_rotated" | "deleted",
  ): Promise<void> {
    const { signals } = this.#deps;
    signals?.publish({ kind: "desk-user", from: signals.processId, deskUserId: id, change });
    await this.#applyUserChange(id, change);
  }

  async #applyUserChange(
    id: string,
    change: "updated" | "token_rotated" | "deleted",
  ): Promise<void> {
    const user = change === "deleted" ? undefined : await this.#deps.store.getDeskUser(id);
    if (user && change === "updated") {
      if (this.#online.has(id)) {
        this.#online.set(id, user);
        this.#beat();
      }
      return;
    }
    const feed = this.#feeds.get(id);
    for (const connection of feed?.connections ?? [])
      connection.close(4001, "desk token no longer valid");
    // A deleted desk user's kept events can never be resumed.
    if (change === "deleted") {
      this.#feeds.delete(id);
      this.#deps.statuses.forget(id);
    }
  }

  /** Whether a desk user has a desk connection open, on this process or another. */
  isOnline(deskUserId: string): boolean {
    return this.#online.has(deskUserId) || this.#elsewhere((u) => u.id === deskUserId);
  }

  /** What colleagues see of a desk user now. */
  status(deskUserId: string): DeskStatus {
    return this.#deps.statuses.effective(deskUserId, this.isOnline(deskUserId));
  }

  /** Whether some desk user serving `queue` takes new conversations, on any process. */
  servesQueue(queue: string): boolean {
    for (const u of this.#online.values())
      if (u.queues.includes(queue) && this.available(u.id)) return true;
    return this.#elsewhere((u) => u.queues.includes(queue) && this.available(u.id));
  }

  /** Whether a desk user takes new conversations: connected, and not away or offline by choice. */
  available(deskUserId: string): boolean {
    return this.status(deskUserId) === "online";
  }

  /** Records a desk user's choice and tells everyone at the desk. */
  async choose(deskUserId: string, status: DeskStatus): Promise<void> {
    await this.#deps.statuses.choose(deskUserId, status, this.#deps.clock.now());
    const { signals } = this.#deps;
    signals?.publish({ kind: "status", from: signals.processId, deskUserId, status });
    this.announce(deskUserId);
  }

  /**
   * Tells every desk user connected here (the one concerned too) what `deskUserId` now shows;
   * each process tells its own when it learns of the change.
   */
  announce(deskUserId: string): void {
    const event = { type: "status", desk_user_id: deskUserId, status: this.status(deskUserId) };
    for (const id of this.#online.keys()) this.pushHere(id, event);
  }

  /** The desk users with a desk connection open here, as last loaded or edited. */
  online(): Iterable<DeskUserRecord> {
    return this.#online.values();
  }

  /**
   * Numbers, keeps and sends an event to a desk user, on every process they are connected to;
   * kept so a reconnect can replay it.
   */
  push(deskUserId: string, event: DeskEvent): void {
    this.pushHere(deskUserId, event);
    const { signals } = this.#deps;
    signals?.publish({ kind: "push", from: signals.processId, deskUserId, event });
  }

  /** Like `push`, for this process's connections only. */
  pushHere(deskUserId: string, event: DeskEvent): void {
    this.#feed(deskUserId).push(event);
  }

  /** Pushes a stored session event (its encoded wire frame) to a desk user, wherever they are. */
  pushSessionEvent(
    deskUserId: string,
    sessionId: string,
    sequence: number,
    eventFrame: string,
  ): void {
    const { signals } = this.#deps;
    if (!signals) {
      this.#feed(deskUserId).pushSessionEvent(sessionId, eventFrame);
      return;
    }
    this.#feed(deskUserId);
    this.#sessionEvent(deskUserId, sessionId, sequence, eventFrame);
    signals.publish({
      kind: "session-event",
      from: signals.processId,
      deskUserId,
      sessionId,
      sequence,
      frame: eventFrame,
    });
  }

  /** Sends an event to a desk user that is not kept or numbered (typing indicators). */
  pushTransient(deskUserId: string, event: DeskEvent): void {
    this.#feed(deskUserId).pushTransient(event);
    const { signals } = this.#deps;
    signals?.publish({ kind: "transient", from: signals.processId, deskUserId, event });
  }

  /**
   * Gives a desk user without a connection their grace period (again, if one was running).
   * `restored`: after a restart, where a grace period already running keeps its end.
   */
  startGrace(deskUserId: string, restored = false): void {
    if (this.#stopped) return;
    const at = this.#deps.clock.now() + this.#deps.graceMs;
    const mode = restored ? "absent" : "replace";
    this.#deps.background(
      this.#deps.scheduler.schedule(GRACE_TIMER, deskUserId, at, {}, mode),
      "grace period",
    );
  }

  /**
   * Shutdown: no new grace periods and every desk socket closed. Running grace periods are
   * durable timers: they go on (another process, or this one after a restart, ends them).
   */
  stop(): void {
    this.#stopped = true;
    this.#beating?.cancel();
    for (const feed of this.#feeds.values())
      for (const c of feed.connections) c.close(1001, "server shutting down");
    // The others hear at once that nobody is here any more (and give the grace periods).
    const { signals } = this.#deps;
    signals?.publish({ kind: "presence", from: signals.processId, users: [], ttlMs: 0 });
  }

  async #graceExpired(deskUserId: string): Promise<void> {
    if (this.isOnline(deskUserId)) return;
    await this.#deps.graceExpired(deskUserId);
  }

  /** Whether a desk user connected on another process (whose heartbeat has not expired) matches. */
  #elsewhere(match: (user: PresentDeskUser) => boolean): boolean {
    if (this.#remote.size === 0) return false;
    const now = this.#deps.clock.now();
    for (const presence of this.#remote.values()) {
      if (presence.expiresAt <= now) continue;
      for (const user of presence.users.values()) if (match(user)) return true;
    }
    return false;
  }

  /** Says who is connected here to the other processes. */
  #beat(): void {
    const { signals } = this.#deps;
    if (!signals || this.#stopped) return;
    const users = [...this.#online.values()].map((u) => {
      const chosen = this.#deps.statuses.chosen(u.id);
      return { id: u.id, queues: u.queues, ...(chosen ? { chosen } : {}) };
    });
    const ttlMs = (this.#deps.heartbeatMs ?? DEFAULT_DESK_HEARTBEAT_MS) * MISSED_BEATS;
    signals.publish({ kind: "presence", from: signals.processId, users, ttlMs });
  }

  // Every beat: say who is here, and forget processes that went silent.
  #heartbeat(): void {
    this.#beat();
    const now = this.#deps.clock.now();
    for (const [process, presence] of this.#remote) {
      if (presence.expiresAt <= now) this.#presence(process, [], 0);
    }
  }

  /**
   * Another process's presence: colleagues here hear of every status it changes, and a desk
   * user it lost who is connected nowhere gets their grace period (that process may be dead).
   */
  #presence(process: string, users: PresentDeskUser[], ttlMs: number): void {
    const before = this.#remote.get(process);
    const ids = new Set([...(before?.users.keys() ?? []), ...users.map((u) => u.id)]);
    const was = new Map([...ids].map((id) => [id, this.status(id)]));
    const wasOnline = new Map([...ids].map((id) => [id, this.isOnline(id)]));
    for (const user of users) if (user.chosen) this.#deps.statuses.remember(user.id, user.chosen);
    if (ttlMs > 0) {
      const expiresAt = this.#deps.clock.now() + ttlMs;
      this.#remote.set(process, { users: new Map(users.map((u) => [u.id, u])), expiresAt });
    } else this.#remote.delete(process);
    for (const id of ids) {
      if (this.status(id) !== was.get(id)) this.announce(id);
      if (wasOnline.get(id) && !this.isOnline(id)) this.startGrace(id, true);
    }
  }

  /**
   * Delivers a held session's event to the desk user's feed here in sequence order, once:
   * events of one session committed by different processes may arrive in any order, and one
   * too big for the bus arrives as a reference. A jump is filled from the store first.
   */
  #sessionEvent(
    deskUserId: string,
    sessionId: string,
    sequence: number,
    frame: string | null,
  ): void {
    const key = `${deskUserId}\n${sessionId}`;
    const pending = this.#filling.get(key);
    if (pending) {
      this.#fill(
        key,
        pending.then(() => this.#ordered(key, deskUserId, sessionId, sequence, frame)),
      );
      return;
    }
    const work = this.#ordered(key, deskUserId, sessionId, sequence, frame);
    if (work) this.#fill(key, work);
  }

  #fill(key: string, work: Promise<void>): void {
    const tracked = work
      .catch((error: unknown) => this.#deps.background(Promise.reject(error), "desk session event"))
      .finally(() => {
        if (this.#filling.get(key) === tracked) this.#filling.delete(key);
      });
    this.#filling.set(key, tracked);
  }

  // Sends the event now when it follows the last one sent; otherwise reads what lies between.
  #ordered(
    key: string,
    deskUserId: string,
    sessionId: string,
    sequence: number,
    frame: string | null,
  ): Promise<void> | undefined {
    const last = this.#lastSent.get(key);
    if (last !== undefined && sequence <= last) return undefined;
    if (frame !== null && (last === undefined || sequence === last + 1)) {
      this.#sent(key, sequence);
      this.#feed(deskUserId).pushSessionEvent(sessionId, frame);
      return undefined;
    }
    const from = last ?? sequence - 1;
    return this.#deps.store.readEvents(sessionId, from, sequence - from).then((events) => {
      for (const event of events) {
        const sent = this.#lastSent.get(key);
        if (event.sequence > sequence || (sent !== undefined && event.sequence <= sent)) continue;
        this.#sent(key, event.sequence);
        this.#feed(deskUserId).pushSessionEvent(sessionId, encodeEvent(event));
      }
    });
  }

  #sent(key: string, sequence: number): void {
    this.#lastSent.delete(key);
    this.#lastSent.set(key, sequence);
    if (this.#lastSent.size > ORDERED_SESSIONS) {
      const oldest = this.#lastSent.keys().next().value;
      if (oldest !== undefined) this.#lastSent.delete(oldest);
    }
  }

  #feed(deskUserId: string): DeskFeed {
    let feed = this.#feeds.get(deskUserId);
    if (!feed) {
      feed = new DeskFeed(this.#deps.epoch);
      this.#feeds.set(deskUserId, feed);
    }
    return feed;
  }
}
