// The admin-records port: agents, connectors and the token signing keys.
import type { AgentRecord, ConnectorRecord, SigningKeyRecord } from "../records.js";

/**
 * What administrators configure, shared by every process of a deployment. Contract (the
 * suite in `test/support/store-contract.ts` checks it): writes are committed when they
 * resolve; a duplicate id or token/key hash rejects and changes nothing; lists are ordered
 * by creation time, then id; "not found" is `undefined`/`false`.
 */
export interface AdminRecords {
  createAgent(agent: AgentRecord): Promise<void>;
  getAgent(id: string): Promise<AgentRecord | undefined>;
  getAgentByKeyHash(keyHash: string): Promise<AgentRecord | undefined>;
  listAgents(): Promise<AgentRecord[]>;
  /** Replaces name, definition and key hash; false when there was none. */
  updateAgent(agent: AgentRecord): Promise<boolean>;
  deleteAgent(id: string): Promise<boolean>;

  createConnector(connector: ConnectorRecord): Promise<void>;
  getConnector(id: string): Promise<ConnectorRecord | undefined>;
  getConnectorByTokenHash(tokenHash: string): Promise<ConnectorRecord | undefined>;
  listConnectors(): Promise<ConnectorRecord[]>;
  /** Replaces every field but `id` and `createdAt`; false when there was none. */
  updateConnector(connector: ConnectorRecord): Promise<boolean>;
  deleteConnector(id: string): Promise<boolean>;

  /** All signing keys, newest first. */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /** Adds `key` and retires every other unretired key at `key.createdAt`, atomically. */
  addSigningKey(key: SigningKeyRecord): Promise<void>;
}
