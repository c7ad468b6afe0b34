// Record builders for the Store contract suite: valid defaults, UUIDv7 ids, overridable fields.
import { v7 } from "uuid";
import type { AppendResult, Store } from "../../../src/core/ports.js";
import type {
  AgentRecord,
  ConnectorRecord,
  NewEvent,
  NewSession,
  SigningKeyRecord,
  StoredEvent,
} from "../../../src/core/records.js";

/** A fixed base time (ms) so tests never depend on the wall clock. */
export const T0 = 1_700_000_000_000;

/** What an adapter's test file hands the contract suite for each case. */
export interface StoreHarness {
  store: Store;
  /** Closes the store if still open and removes everything the case created. */
  cleanup: () => Promise<void>;
  /** Opens a second store on the same data (after `store` was closed); enables durability cases. */
  reopen?: () => Promise<Store>;
}

/** A new session with defaults; `createdAt` is T0 unless given. */
export function newSession(overrides: Partial<NewSession> = {}): NewSession {
  return {
    id: v7(),
    connectorId: "conn-1",
    subject: "user-1",
    subjectExpiresAt: T0 + 86_400_000,
    streaming: false,
    clientProfile: "standard",
    chunkLayout: "concat",
    platform: "web",
    deviceType: "desktop",
    userAgent: "Mozilla/5.0 (test)",
    createdAt: T0,
    ...overrides,
  };
}

/** A new event; the type defaults to a user message. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    id: v7(),
    type: "EVENT_TYPE_USER_MESSAGE",
    timestamp: "2023-11-14T22:13:20.000Z",
    payloadJson: '{"text":"hello"}',
    metadataJson: null,
    clientKey: null,
    ...overrides,
  };
}

/** A SESSION_START event, as the core stores it first. */
export function startEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return newEvent({ type: "EVENT_TYPE_SESSION_START", payloadJson: "{}", ...overrides });
}

/** The events of an append that must have been accepted; throws on a refusal. */
export function accepted(result: AppendResult): StoredEvent[] {
  if (!result.ok) throw new Error(`append refused: ${result.refusal}`);
  return result.events;
}

/** Creates a session with its start event and returns its id. */
export async function createSession(
  store: Store,
  overrides: Partial<NewSession> = {},
): Promise<string> {
  const { session } = await store.createSession(newSession(overrides), startEvent());
  return session.id;
}

export function agent(overrides: Partial<AgentRecord> = {}): AgentRecord {
  return {
    id: v7(),
    name: "Helper",
    definition: {
      name: "Helper",
      greeting: { text: "Hi" },
      rules: [{ match: { keywords: ["a"] } }],
    },
    keyHash: null,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function connector(overrides: Partial<ConnectorRecord> = {}): ConnectorRecord {
  return {
    id: v7(),
    name: "Website",
    host: "example.com",
    agentId: "agent-1",
    handoff: { mode: "server", queue: "support" },
    chunkJoin: "auto",
    tokenHash: `${v7()}-hash`,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

export function signingKey(overrides: Partial<SigningKeyRecord> = {}): SigningKeyRecord {
  return {
    kid: v7(),
    alg: "HS256",
    secret: "c2VjcmV0LWtleS1tYXRlcmlhbA",
    createdAt: T0,
    retiredAt: null,
    ...overrides,
  };
}
