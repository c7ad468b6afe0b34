// Who is at the desk: each desk user's feed and sockets, who is online, and the grace period after a drop.
import type { DeskStatus } from "../../protocol/index.js";
import type { Clock, Scheduler, Store } from "../ports.js";
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
}

/** Durable timer kind of grace periods, keyed by desk user id. */
export const GRACE_TIMER = "desk.grace";

/** Desk feeds, who is online, and grace timers for desk users who dropped. */
export class DeskPresence implements DeskReach {
  readonly #deps: PresenceDeps;
  readonly #feeds = new Map<string, DeskFeed>();
  readonly #online = new Map<string, DeskUserRecord>();
  #stopped = false;

  constructor(deps: PresenceDeps) {
    this.#deps = deps;
    deps.scheduler.handle(GRACE_TIMER, (timer) => this.#graceExpired(timer.key));
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
    const arrived = !this.#online.has(user.id);
    this.#online.set(user.id, user);
    if (arrived) this.announce(user.id);
    this.#deps.background(this.#deps.scheduler.cancel(GRACE_TIMER, user.id), "grace period");
    let gone = false;
    return {
      disconnect: () => {
        if (gone) return;
        gone = true;
        feed.connections.delete(connection);
        if (feed.connections.size === 0) {
          this.#online.delete(user.id);
          this.announce(user.id);
          this.startGrace(user.id);
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
    const user = change === "deleted" ? undefined : await this.#deps.store.getDeskUser(id);
    if (user && change === "updated") {
      if (this.#online.has(id)) this.#online.set(id, user);
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

  /** Whether a desk user has a desk connection open. */
  isOnline(deskUserId: string): boolean {
    return this.#online.has(deskUserId);
  }

  /** What colleagues see of a desk user now. */
  status(deskUserId: string): DeskStatus {
    return this.#deps.statuses.effective(deskUserId, this.#online.has(deskUserId));
  }

  /** Whether a desk user takes new conversations: connected, and not away or offline by choice. */
  available(deskUserId: string): boolean {
    return this.status(deskUserId) === "online";
  }

  /** Records a desk user's choice and tells everyone at the desk. */
  async choose(deskUserId: string, status: DeskStatus): Promise<void> {
    await this.#deps.statuses.choose(deskUserId, status, this.#deps.clock.now());
    this.announce(deskUserId);
  }

  /** Tells every connected desk user (the one concerned too) what `deskUserId` now shows. */
  announce(deskUserId: string): void {
    const event = { type: "status", desk_user_id: deskUserId, status: this.status(deskUserId) };
    for (const id of this.#online.keys()) this.push(id, event);
  }

  /** The desk users with a desk connection open, as last loaded or edited. */
  online(): Iterable<DeskUserRecord> {
    return this.#online.values();
  }

  /** Numbers, keeps and sends an event to a desk user; kept so a reconnect can replay it. */
  push(deskUserId: string, event: DeskEvent): void {
    this.#feed(deskUserId).push(event);
  }

  /** Pushes a session event (its encoded wire frame) to a desk user. */
  pushSessionEvent(deskUserId: string, sessionId: string, eventFrame: string): void {
    this.#feed(deskUserId).pushSessionEvent(sessionId, eventFrame);
  }

  /** Sends an event to a desk user that is not kept or numbered (typing indicators). */
  pushTransient(deskUserId: string, event: DeskEvent): void {
    this.#feed(deskUserId).pushTransient(event);
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
    for (const feed of this.#feeds.values())
      for (const c of feed.connections) c.close(1001, "server shutting down");
  }

  async #graceExpired(deskUserId: string): Promise<void> {
    if (this.#online.has(deskUserId)) return;
    await this.#deps.graceExpired(deskUserId);
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
