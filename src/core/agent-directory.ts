// Finds the agent that answers a session: connector → agent definition → Agent, cached.
import type { SocketErrorCode } from "../protocol/index.js";
import type { Agent, AgentFactory, Store } from "./ports.js";
import type { ConnectorRecord, SessionRecord } from "./records.js";

export type AgentLookup =
  | { ok: true; agent: Agent; connector: ConnectorRecord }
  | { ok: false; error: SocketErrorCode };

/** Resolves sessions to agents, rebuilding an agent only when its definition changed. */
export class AgentDirectory {
  readonly #store: Store;
  readonly #factory: AgentFactory;
  readonly #cache = new Map<string, { updatedAt: number; agent: Agent }>();
  readonly #variantOf: ((sessionId: string) => Promise<string | null>) | undefined;

  constructor(
    store: Store,
    factory: AgentFactory,
    variantOf?: (sessionId: string) => Promise<string | null>,
  ) {
    this.#store = store;
    this.#factory = factory;
    this.#variantOf = variantOf;
  }

  /** The session's agent, or the error to tell the user. Never rejects. */
  async forSession(session: SessionRecord): Promise<AgentLookup> {
    try {
      const connector = await this.#store.getConnector(session.connectorId);
      if (!connector) return { ok: false, error: "connector_not_found" };
      const record = await this.#store.getAgent(await this.#agentId(session, connector));
      if (!record) return { ok: false, error: "agent_start_failed" };
      const cached = this.#cache.get(record.id);
      if (cached && cached.updatedAt === record.updatedAt) {
        return { ok: true, agent: cached.agent, connector };
      }
      const agent = this.#factory.create(record.definition, record.id);
      this.#cache.set(record.id, { updatedAt: record.updatedAt, agent });
      return { ok: true, agent, connector };
    } catch {
      return { ok: false, error: "session_lookup_failed" };
    }
  }

  /**
   * The connector's agent, or the variant's the session was started on. A variant the connector
   * no longer defines falls back to its agent, so the conversation goes on.
   */
  async #agentId(session: SessionRecord, connector: ConnectorRecord): Promise<string> {
    const variants = connector.variants;
    if (!variants || !this.#variantOf || Object.keys(variants).length === 0)
      return connector.agentId;
    const variant = await this.#variantOf(session.id);
    return (
      (variant !== null && Object.hasOwn(variants, variant) && variants[variant]) ||
      connector.agentId
    );
  }
}
