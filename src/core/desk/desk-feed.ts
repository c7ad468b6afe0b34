// The event stream of one desk user: numbered within an epoch, kept for a while so a reconnect resumes.

/** What the core needs of a desk connection (the `/desk/ws` socket). */
export interface DeskConnection {
  send(frame: string): void;
  close(code: number, reason: string): void;
}

/** One desk event before it is numbered. */
export type DeskEvent = { type: string } & Record<string, unknown>;

const KEPT_EVENTS = 1000;

/**
 * Numbers and fans out one desk user's events. `epoch` changes with every process start, so a
 * cursor from an older process (or one that fell out of the buffer) gets a fresh snapshot instead.
 */
export class DeskFeed {
  readonly connections = new Set<DeskConnection>();
  readonly #epoch: string;
  readonly #kept: Array<{ seq: number; frame: string }> = [];
  #seq = 0;

  constructor(epoch: string) {
    this.#epoch = epoch;
  }

  get epoch(): string {
    return this.#epoch;
  }

  get seq(): number {
    return this.#seq;
  }

  /** Numbers, keeps and sends an event to every connection of this desk user. */
  push(event: DeskEvent): void {
    this.#seq += 1;
    this.#keepAndSend(JSON.stringify({ seq: this.#seq, ...event }));
  }

  /** Like `push` for a session event, reusing its already encoded wire frame. */
  pushSessionEvent(sessionId: string, eventFrame: string): void {
    this.#seq += 1;
    const head = JSON.stringify({ seq: this.#seq, type: "session.event", session_id: sessionId });
    this.#keepAndSend(`${head.slice(0, -1)},"event":${eventFrame}}`);
  }

  #keepAndSend(frame: string): void {
    this.#kept.push({ seq: this.#seq, frame });
    if (this.#kept.length > KEPT_EVENTS) this.#kept.shift();
    for (const connection of this.connections) connection.send(frame);
  }

  /** Sends an event that is not kept or numbered (typing indicators). */
  pushTransient(event: DeskEvent): void {
    const frame = JSON.stringify({ seq: null, ...event });
    for (const connection of this.connections) connection.send(frame);
  }

  /** Frames after `cursor` (`epoch:seq`), or null when they can no longer be replayed. */
  framesAfter(cursor: string | null): string[] | null {
    if (!cursor) return null;
    const [epoch, raw] = cursor.split(":");
    const after = Number(raw);
    if (epoch !== this.#epoch || !Number.isInteger(after) || after < 0 || after > this.#seq)
      return null;
    const first = this.#kept[0];
    if (after < this.#seq && (!first || first.seq > after + 1)) return null;
    return this.#kept.filter((k) => k.seq > after).map((k) => k.frame);
  }
}
