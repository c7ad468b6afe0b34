// What the admin operations need: the store, the agent factory and the time.
import type { IncomingMessage } from "node:http";
import type { FastifyInstance } from "fastify";
import type { ContextKeys } from "../auth/index.js";
import type {
  AgentFactory,
  ChatApiStore,
  DeskAuthStore,
  FailureLimiter,
  SavedReplyStore,
  Store,
} from "../core/index.js";

/** Dependencies of the admin operations (shared by the HTTP routes, provisioning and the CLI). */
export interface ServiceDeps {
  store: Store;
  agents: AgentFactory;
  /** Milliseconds since the epoch. */
  now(): number;
  /** Desk users' console sign-ins (email, password hash); absent: none kept. */
  deskAuth?: DeskAuthStore;
  /** Saved replies of queues and desk users; absent: none kept. */
  savedReplies?: SavedReplyStore;
  /**
   * Told after a desk user is changed, given a new token or deleted, so a running server can
   * refresh or close that person's desk sockets. Absent in the CLI (no sockets to tell).
   */
  deskUserChanged?(id: string, change: DeskUserChange): void | Promise<void>;
  /** Connectors' verified-context signing keys; absent: their routes answer 404. */
  contextKeys?: ContextKeys;
  /** The Chat API's account keys; absent: their routes answer 404. */
  chatApi?: { store: ChatApiStore; accounts: readonly string[] };
}

/** What happened to a desk user, for `ServiceDeps.deskUserChanged`. */
export type DeskUserChange = "updated" | "token_rotated" | "deleted";

/** Dependencies of `registerAdminRoutes`. */
export interface AdminDeps extends ServiceDeps {
  adminToken: string;
  keys: { rotate(): Promise<{ kid: string }> };
  /** Erases a session: closes its connections and deletes it; false when there was none. */
  sessions: { erase(id: string): Promise<boolean> };
  /** Deepest nesting accepted in request bodies; the protocol default when absent. */
  maxJsonDepth?: number;
  /**
   * Failed admin tokens per client (shared with the public and desk APIs) and who the client
   * is; without them, wrong tokens are not limited.
   */
  authFailures?: {
    limiter: FailureLimiter;
    clientOf(request: Pick<IncomingMessage, "headers" | "socket">): string;
  };
  /** Registers the CORS policy (the configured allow-list) in the API's scope; none when absent. */
  cors?(scope: FastifyInstance): Promise<void>;
}
