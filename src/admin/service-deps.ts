// What the admin operations need: the store, the agent factory and the time.
import type { AgentFactory, Store } from "../core/index.js";

/** Dependencies of the admin operations (shared by the HTTP routes, provisioning and the CLI). */
export interface ServiceDeps {
  store: Store;
  agents: AgentFactory;
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Told after a desk user is changed, given a new token or deleted, so a running server can
   * refresh or close that person's desk sockets. Absent in the CLI (no sockets to tell).
   */
  deskUserChanged?(id: string, change: DeskUserChange): void | Promise<void>;
}

/** What happened to a desk user, for `ServiceDeps.deskUserChanged`. */
export type DeskUserChange = "updated" | "token_rotated" | "deleted";

/** Dependencies of `registerAdminRoutes`. */
export interface AdminDeps extends ServiceDeps {
  adminToken: string;
  keys: { rotate(): Promise<{ kid: string }> };
  /** Erases a session: closes its connections and deletes it; false when there was none. */
  sessions: { erase(id: string): Promise<boolean> };
}
