// The desk-signals port: what the processes of a deployment tell each other about the desk.
import type { DeskStatus } from "../../protocol/index.js";

/** One desk event before a desk feed numbers it (the same shape as `DeskEvent`). */
export type DeskSignalEvent = { type: string } & Record<string, unknown>;

/** A desk user as presence heartbeats carry them: enough to know which queues they serve. */
export interface PresentDeskUser {
  id: string;
  queues: string[];
  /** The status they chose, when they did (so a process that just started knows it too). */
  chosen?: DeskStatus;
}

/** What one process tells the others. `from` names the sending process. */
export type DeskSignal =
  /** Who has a desk connection open on `from` now; forgotten when not repeated within `ttlMs`. */
  | { kind: "presence"; from: string; users: PresentDeskUser[]; ttlMs: number }
  /** `from` just started: every process sends its presence now rather than at its next beat. */
  | { kind: "hello"; from: string }
  /** A desk user chose a status (already stored where the store keeps statuses). */
  | { kind: "status"; from: string; deskUserId: string; status: DeskStatus }
  /** A numbered event for a desk user's feed (assigned, unassigned, notes, …). */
  | { kind: "push"; from: string; deskUserId: string; event: DeskSignalEvent }
  /** An event for a desk user that is not kept (typing). */
  | { kind: "transient"; from: string; deskUserId: string; event: DeskSignalEvent }
  /**
   * A stored event of a session a desk user holds. `frame` is its wire frame, or null when it
   * was too big for the bus: the receiver reads it from the store by sequence.
   */
  | {
      kind: "session-event";
      from: string;
      deskUserId: string;
      sessionId: string;
      sequence: number;
      frame: string | null;
    }
  /** A handoff changed in the store: the receivers read it again. `preview`: the session's new one. */
  | { kind: "handoff"; from: string; sessionId: string; handoffId: string; preview?: string }
  /** A desk user record changed (admin API): receivers update it or close its sockets. */
  | {
      kind: "desk-user";
      from: string;
      deskUserId: string;
      change: "updated" | "token_rotated" | "deleted";
    };

/**
 * The desk's channel between processes. Contract: `publish` returns at once and never throws;
 * a signal reaches every subscribed process (the publisher's own included, which ignores it by
 * `from`) at most once, and may be lost. The desk therefore never depends on one signal:
 * presence expires unless repeated, and the queue board is read again from the store now and
 * then. `subscribe` resolves once signals published after it are delivered.
 */
export interface DeskSignals {
  /** This process's name in `from`. */
  readonly processId: string;
  publish(signal: DeskSignal): void;
  /** Resolves, once live, to the function that ends the subscription. */
  subscribe(receive: (signal: DeskSignal) => void): Promise<() => void>;
}
