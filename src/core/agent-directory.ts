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

  constructor(store: Store, factory: AgentFactory) {
    this.#store = store;
    this.#factory = factory;
  }

  /** The session's agent, or the error to tell the user. Never rejects. */
  async forSession(session: SessionRecord): Promise<AgentLookup> {
    try {
      const connector = await this.#store.getConnector(session.connectorId);
      if (!connector) return { ok: false, error: "connector_not_found" };
      const record = await this.#store.getAgent(connector.agentId);
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
}
