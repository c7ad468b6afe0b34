// The desk-records port: queues, desk users and handoffs.
import type {
  DeskUserRecord,
  HandoffPatch,
  HandoffRecord,
  HandoffState,
  QueueRecord,
} from "../records.js";

/**
 * The live-agent desk's records. Contract (the suite in `test/support/store-contract.ts`
 * checks it): writes are committed when they resolve; conditional writes (`claimHandoff`,
 * `reassignHandoff`, `updateHandoff`) are atomic across processes; a handoff is erased with its session;
 * "not found" is `undefined`/`false`.
 */
export interface DeskRecords {
  /** Creates or replaces a queue by name. */
  putQueue(queue: QueueRecord): Promise<void>;
  getQueue(name: string): Promise<QueueRecord | undefined>;
  listQueues(): Promise<QueueRecord[]>;
  deleteQueue(name: string): Promise<boolean>;

  createDeskUser(user: DeskUserRecord): Promise<void>;
  getDeskUser(id: string): Promise<DeskUserRecord | undefined>;
  getDeskUserByTokenHash(tokenHash: string): Promise<DeskUserRecord | undefined>;
  listDeskUsers(): Promise<DeskUserRecord[]>;
  /** Replaces every field but `id` and `createdAt`; false when there was none. */
  updateDeskUser(user: DeskUserRecord): Promise<boolean>;
  deleteDeskUser(id: string): Promise<boolean>;

  createHandoff(handoff: HandoffRecord): Promise<void>;
  getHandoff(id: string): Promise<HandoffRecord | undefined>;
  /** Handoffs not closed (queued or assigned), oldest first. */
  listOpenHandoffs(): Promise<HandoffRecord[]>;
  /**
   * Assigns a queued handoff to a desk user. Atomic: of any number of concurrent claims
   * (from any process) exactly one returns true; a handoff not `queued` returns false. With
   * `capacity`, it also returns false when the desk user already holds that many assigned
   * handoffs, checked in the same atomic step: concurrent claims by one desk user (from any
   * process) never take them over it.
   */
  claimHandoff(id: string, deskUserId: string, at: number, capacity?: number): Promise<boolean>;
  /**
   * Hands an assigned handoff from one desk user to another who may hold at most `capacity`.
   * Atomic, as `claimHandoff`: false when it is no longer assigned to `fromUserId`, or when
   * `toUserId` already holds `capacity` assigned handoffs, counted in the same step, so
   * concurrent hand-overs to one desk user (from any process) never take them over it.
   */
  reassignHandoff(
    id: string,
    fromUserId: string,
    toUserId: string,
    at: number,
    capacity: number,
  ): Promise<boolean>;
  /** Applies `patch` when the handoff is in state `from`; false otherwise. */
  updateHandoff(id: string, from: HandoffState, patch: HandoffPatch): Promise<boolean>;
  /** Waits (assignedAt − enqueuedAt, ms) of the latest assigned handoffs of a queue, newest first. */
  recentWaits(queue: string, since: number, limit: number): Promise<number[]>;
}
