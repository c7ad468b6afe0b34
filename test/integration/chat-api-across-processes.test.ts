// Two server processes on one PostgreSQL: concurrent Chat API calls on one conversation, one through each, answered in turn.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresStore, type PostgresStore } from "../../src/store/index.js";
import { type ChatFixture, chat } from "../support/chat-api.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import type { TestServer } from "../support/server.js";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { TEST_SECRETS_KEY } from "../support/test-backends.js";
import { admin } from "../support/verified-context.js";

const schema = freshSchemaName();
const ENV = {
  SWITCHBOARD_STORE: `${TEST_POSTGRES_URL}?schema=${schema}`,
  SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
  SWITCHBOARD_BUS: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  SWITCHBOARD_BUS_PREFIX: `chatproc_${randomBytes(5).toString("hex")}`,
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "1000000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
  SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
};
const ADMIN_TOKEN = "test-admin-token-0123456789";
const ROUNDS = 8;

const dirs: string[] = [];
const servers: ServerProcess[] = [];
let store: PostgresStore | undefined;
let a: TestServer;
let b: TestServer;
let f: ChatFixture;

/** The HTTP helpers pointed at one process. */
function through(server: ServerProcess): TestServer {
  return { url: server.url, adminToken: ADMIN_TOKEN } as TestServer;
}

beforeAll(async () => {
  for (let i = 0; i < 2; i++) {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-chat-proc-"));
    dirs.push(dir);
    // The first provisions the shared store; the second finds it done.
    servers.push(await spawnServer(dir, ENV));
  }
  a = through(servers[0] as ServerProcess);
  b = through(servers[1] as ServerProcess);
  const agent = await admin(a, "POST", "/agents", {
    kind: "rules",
    name: "Turns",
    greeting: { text: "Ready." },
    fallback: { text: "Neither." },
    rules: [
      { match: { keywords: ["alpha"] }, reply: { text: "Alpha reply." } },
      { match: { keywords: ["beta"] }, reply: { text: "Beta reply." } },
    ],
  });
  const connector = await admin(a, "POST", "/connectors", { host: null, agent_id: agent.json?.id });
  const key = await admin(b, "POST", "/accounts/default/api-keys");
  f = {
    accountId: "default",
    apiKey: String(key.json?.key),
    connector: { id: String(connector.json?.id), token: String(connector.json?.token) },
  };
  store = await createPostgresStore({
    url: TEST_POSTGRES_URL,
    schema,
    poolSize: 2,
    migrate: false,
  });
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop(5000)));
  await store?.close();
  await dropSchema(schema);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}, 30_000);

describe("one Chat API conversation served by two processes", () => {
  it("answers concurrent respond calls one after another, each with the reply to its own message", async () => {
    const created = await chat(a, f, "create", {});
    expect(created.json).toMatchObject({ response: "Ready." });
    const id = String(created.json?.conversation_id);
    for (let round = 0; round < ROUNDS; round++) {
      const [viaA, viaB] = await Promise.all([
        chat(a, f, "respond", { conversation_id: id, message: `alpha ${round}` }),
        chat(b, f, "respond", { conversation_id: id, message: `beta ${round}` }),
      ]);
      expect(viaA.json).toEqual({
        conversation_id: id,
        response: "Alpha reply.",
        end_conversation: false,
      });
      expect(viaB.json).toEqual({
        conversation_id: id,
        response: "Beta reply.",
        end_conversation: false,
      });
    }
    // In the stored conversation every user message is followed by its own reply.
    const events = await store?.readEvents(id, 0, 1000);
    const said = (events ?? [])
      .filter(
        (e) => e.type === "EVENT_TYPE_USER_MESSAGE" || e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE",
      )
      .map((e) => String((JSON.parse(e.payloadJson) as { text: string }).text));
    expect(said[0]).toBe("Ready.");
    const turns = said.slice(1);
    expect(turns).toHaveLength(ROUNDS * 4);
    for (let i = 0; i < turns.length; i += 2) {
      const message = turns[i] as string;
      expect(turns[i + 1]).toBe(message.startsWith("alpha") ? "Alpha reply." : "Beta reply.");
    }
    // Both processes see the hold given up: the conversation takes a next call at once.
    const next = await chat(b, f, "respond", { conversation_id: id, message: "alpha again" });
    expect(next.json?.response).toBe("Alpha reply.");
  }, 60_000);
});
