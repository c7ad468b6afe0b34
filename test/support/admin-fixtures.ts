// Helpers for the admin, provisioning and CLI tests: a temp SQLite store and an admin server.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify, { type FastifyInstance } from "fastify";
import { v7 } from "uuid";
import { registerAdminRoutes } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { KeyRing } from "../../src/auth/index.js";
import type { QueueRecord, Store } from "../../src/core/index.js";
import { createSqliteStore } from "../../src/store/index.js";

export const ADMIN_TOKEN = "test-admin-token-0123456789";

/** A real SQLite store in a fresh temp folder. */
export interface TempStore {
  store: Store;
  dir: string;
  file: string;
  /** Closes `store` (so its file can be read whole) and opens a new one on the same file. */
  reopen(): Promise<void>;
  cleanup(): Promise<void>;
}

/** Opens a SQLite store in a new temp folder; `cleanup` closes it and removes the folder. */
export function openTempStore(): TempStore {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-admin-"));
  const file = join(dir, "switchboard.sqlite");
  const temp: TempStore = {
    store: createSqliteStore({ file }),
    dir,
    file,
    async reopen() {
      await temp.store.close();
      temp.store = createSqliteStore({ file });
    },
    async cleanup() {
      await temp.store.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** A Fastify instance with the admin routes, listening on 127.0.0.1 port 0. */
export interface AdminServer {
  app: FastifyInstance;
  url: string;
  erased: string[];
  /** Every `deskUserChanged(id, change)` call, in order. */
  deskChanges: [string, string][];
  /** Stops the server; a second call waits for the first. */
  close(): Promise<void>;
  /** fetch with the admin bearer token and JSON body. */
  call(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
}

/** Starts the admin API over `store`; `erase` deletes from the store and records the id. */
export async function startAdminServer(store: Store): Promise<AdminServer> {
  const app = Fastify({ logger: false });
  const keys = new KeyRing(store);
  const erased: string[] = [];
  const deskChanges: [string, string][] = [];
  registerAdminRoutes(app, {
    store,
    agents: createAgentFactory(),
    adminToken: ADMIN_TOKEN,
    keys,
    sessions: {
      async erase(id) {
        erased.push(id);
        return store.deleteSession(id);
      },
    },
    now: Date.now,
    deskUserChanged(id, change) {
      deskChanges.push([id, change]);
    },
  });
  const url = await app.listen({ port: 0, host: "127.0.0.1" });
  let closing: Promise<void> | undefined;
  return {
    app,
    url,
    erased,
    deskChanges,
    // Once only: a test may stop the server itself before its fixture does.
    close: () => {
      closing ??= app.close();
      return closing;
    },
    call(method, path, body, token = ADMIN_TOKEN) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (body !== undefined) headers["content-type"] = "application/json";
      const payload =
        body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
      return fetch(`${url}${path}`, { method, headers, body: payload });
    },
  };
}

/** A temp store with the admin API over it, for one test. */
export interface AdminFixture {
  temp: TempStore;
  server: AdminServer;
  /** Stops the server, then closes the store and removes its folder. */
  close(): Promise<void>;
}

/** Opens a temp store and starts the admin API over it. */
export async function startAdminFixture(): Promise<AdminFixture> {
  const temp = openTempStore();
  const server = await startAdminServer(temp.store);
  return {
    temp,
    server,
    close: async () => {
      await server.close();
      await temp.cleanup();
    },
  };
}

/** A valid rules-agent definition named `name`. */
export function rulesDefinition(name = "Ada"): Record<string, unknown> {
  return {
    kind: "rules",
    name,
    greeting: {
      text: `Hi, I am ${name}!`,
      response_suggestions: [{ message_text: "Opening hours" }],
    },
    fallback: { text: "Sorry, I did not get that." },
    rules: [
      { match: { keywords: ["opening hours"] }, reply: { text: "We are open **9 to 5**." } },
      {
        match: { regex: "^(bye|goodbye)\\b" },
        reply: { text: "Goodbye!" },
        action: { type: "end" },
      },
    ],
  };
}

/** A queue record as the store keeps it (for arranging tests without the API). */
export function queueRecord(name: string, overrides: Partial<QueueRecord> = {}): QueueRecord {
  return {
    name,
    maxWaitSeconds: 600,
    statusIntervalSeconds: 30,
    openingHours: null,
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

/** Stores a session with an open handoff in `queue` (held by `assignedTo` when given). */
export async function addOpenHandoff(
  store: Store,
  queue: string,
  assignedTo: string | null = null,
): Promise<string> {
  const sessionId = v7();
  const at = Date.now();
  await store.createSession(
    {
      id: sessionId,
      connectorId: "website",
      subject: "s",
      subjectExpiresAt: null,
      streaming: false,
      clientProfile: "standard",
      chunkLayout: "concat",
      platform: "web",
      deviceType: null,
      userAgent: null,
      createdAt: at,
    },
    {
      id: v7(),
      type: "EVENT_TYPE_SESSION_START",
      timestamp: new Date(at).toISOString(),
      payloadJson: "{}",
      metadataJson: null,
      clientKey: null,
    },
  );
  await store.createHandoff({
    id: v7(),
    sessionId,
    queue,
    state: assignedTo === null ? "queued" : "assigned",
    priority: 0,
    enqueuedAt: at,
    assignedTo,
    assignedAt: assignedTo === null ? null : at,
    closedAt: null,
    outcome: null,
  });
  return sessionId;
}

/** Agent `a` (named `name`, no definition) and connector `c` on host localhost serving it. */
export async function seedAgentAndConnector(
  store: Store,
  name: string,
  now: number,
): Promise<void> {
  await store.createAgent({
    id: "a",
    name,
    definition: {},
    keyHash: null,
    createdAt: now,
    updatedAt: now,
  });
  await store.createConnector({
    id: "c",
    name: null,
    host: "localhost",
    agentId: "a",
    handoff: null,
    chunkJoin: "auto",
    tokenHash: "h",
    createdAt: now,
    updatedAt: now,
  });
}
