// What each desk user chose to be (online, away, offline), kept in the store when there is one.
import type { DeskStatus } from "../../protocol/index.js";
import type { DeskStatusStore } from "../ports.js";

/**
 * Chosen statuses, and the rule that turns them into what colleagues see: nobody is online
 * without a desk connection, and someone connected who never chose is online (the fallback).
 */
export class DeskStatusBoard {
  readonly #store: DeskStatusStore | undefined;
  readonly #chosen = new Map<string, DeskStatus>();

  constructor(store: DeskStatusStore | undefined) {
    this.#store = store;
  }

  /** Loads the choices kept in the store (after a restart, or from another process). */
  async load(): Promise<void> {
    if (!this.#store) return;
    for (const [id, status] of await this.#store.listDeskStatuses()) this.#chosen.set(id, status);
  }

  /** Records a choice; durable before it resolves. */
  async choose(deskUserId: string, status: DeskStatus, at: number): Promise<void> {
    await this.#store?.setDeskStatus(deskUserId, status, at);
    this.#chosen.set(deskUserId, status);
  }

  /** What a desk user chose, if they did. */
  chosen(deskUserId: string): DeskStatus | undefined {
    return this.#chosen.get(deskUserId);
  }

  /** A choice another process made and stored. */
  remember(deskUserId: string, status: DeskStatus): void {
    this.#chosen.set(deskUserId, status);
  }

  /** What colleagues see of a desk user, given whether they have a desk connection open. */
  effective(deskUserId: string, connected: boolean): DeskStatus {
    if (!connected) return "offline";
    return this.#chosen.get(deskUserId) ?? "online";
  }

  forget(deskUserId: string): void {
    this.#chosen.delete(deskUserId);
  }
}
