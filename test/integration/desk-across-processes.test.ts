// Two real server processes on one PostgreSQL schema and one Redis: the desk is one desk, whichever process a desk user and a visitor are on.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Store } from "../../src/core/index.js";
import { createPostgresStore } from "../../src/store/index.js";
import { connect } from "../support/conversation.js";
import {
  addDeskUser,
  addQueue,
  DeskClient,
  type DeskFrame,
  DeskSocket,
  queuedClient,
} from "../support/desk.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import type { TestServer } from "../support/server.js";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-process.js";
import { TEST_SECRETS_KEY } from "../support/test-backends.js";

// The desk's signals ride on the bus: Redis, or PostgreSQL LISTEN/NOTIFY for a deployment on PostgreSQL alone.
const BUSES = [
  { name: "Redis", url: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379" },
  { name: "PostgreSQL LISTEN/NOTIFY", url: TEST_POSTGRES_URL },
];

let dirs: string[] = [];
let servers: ServerProcess[] = [];
let store: Store;
let connectorToken: string;

/** Two processes on a fresh schema with `busUrl` as their bus, for one describe block. */
function cluster(busUrl: string): void {
  const schema = freshSchemaName();
  const storeUrl = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const env = {
    SWITCHBOARD_STORE: storeUrl,
    SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
    SWITCHBOARD_BUS: busUrl,
    SWITCHBOARD_BUS_PREFIX: `desk_${randomBytes(5).toString("hex")}`,
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "1000000",
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
    SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
  };
  beforeAll(async () => {
    dirs = [0, 1].map((i) => mkdtempSync(join(tmpdir(), `switchboard-desk-${i}-`)));
    servers = [];
    servers.push(await spawnServer(dirs[0] as string, env));
    servers.push(await spawnServer(dirs[1] as string, env));
    store = await createPostgresStore({ url: storeUrl });
    connectorToken = demoConnectorToken(dirs[0] as string);
    await addQueue(on(0), "support");
  }, 90_000);
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop(2000)));
    await store?.close();
    await dropSchema(schema);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }, 30_000);
}

/** The desk and conversation helpers pointed at process `index`, with the test's own store. */
function on(index: number): TestServer {
  const server = servers[index] as ServerProcess;
  return {
    server: { store } as TestServer["server"],
    url: server.url,
    wsUrl: server.wsUrl,
    dataDir: "",
    adminToken: "",
    connectorToken,
    printed: [],
    close: async () => undefined,
  };
}

const has = (text: string) => (frame: DeskFrame) => JSON.stringify(frame).includes(text);

describe.each(BUSES)("the desk across two processes on PostgreSQL, bus $name", ({ url }) => {
  cluster(url);

  it("hands a visitor on one process to a desk user on the other, who sees the queue, accepts and chats", async () => {
    const desk = await addDeskUser(on(1), { queues: ["support"] });
    const socket = await DeskSocket.open(on(1), desk.token);
    try {
      // Process 0 knows the desk user of process 1 is online: the handoff is accepted, not failed.
      const visitor = await queuedClient(on(0), { ask: "I need a human about my parcel" });
      await socket.waitFor(
        (f) => f.type === "queue" && JSON.stringify(f).includes(visitor.sessionId),
        10_000,
      );
      const api = new DeskClient(on(1).url, desk.token);
      expect((await api.accept(visitor.sessionId)).status).toBe(200);
      await visitor.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 10_000);

      visitor.client.send("EVENT_TYPE_USER_MESSAGE", { text: "hello from process zero" });
      await socket.waitFor(has("hello from process zero"), 10_000);
      expect((await api.message(visitor.sessionId, { text: "hi from one" })).status).toBe(201);
      await visitor.client.waitFor(
        (e) => e.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE" && e.payload.text === "hi from one",
        10_000,
      );

      // The desk user's feed got each of the session's events once, in sequence order.
      const sequences = socket.frames
        .filter((f) => f.type === "session.event" && f.session_id === visitor.sessionId)
        .map((f) => (f.event as { sequence: number }).sequence);
      expect(sequences.length).toBeGreaterThan(0);
      expect(sequences).toEqual([...new Set(sequences)].sort((a, b) => a - b));

      // The visitor ends on process 0: the desk user on process 1 is told.
      visitor.client.send("EVENT_TYPE_USER_END_SESSION");
      await socket.waitFor(
        (f) => f.type === "session.ended" && f.session_id === visitor.sessionId,
        10_000,
      );
      visitor.client.close();
    } finally {
      socket.close();
    }
  }, 60_000);

  it("shows each desk user's status to colleagues on the other process: online, away, offline", async () => {
    const watcher = await addDeskUser(on(0), { queues: ["other"] });
    const watching = await DeskSocket.open(on(0), watcher.token);
    const colleague = await addDeskUser(on(1), { queues: ["other"] });
    const statusOf = (status: string) => (f: DeskFrame) =>
      f.type === "status" && f.desk_user_id === colleague.id && f.status === status;
    try {
      const socket = await DeskSocket.open(on(1), colleague.token);
      await watching.waitFor(statusOf("online"), 10_000);
      const api = new DeskClient(on(1).url, colleague.token);
      expect((await api.request("PUT", "/me/status", { status: "away" })).status).toBe(200);
      await watching.waitFor(statusOf("away"), 10_000);
      // Process 0 answers with what process 1 was told.
      const list = await new DeskClient(on(0).url, watcher.token).request("GET", "/colleagues");
      expect(
        (list.json as { colleagues: Array<{ id: string; status: string }> }).colleagues.find(
          (c) => c.id === colleague.id,
        )?.status,
      ).toBe("away");
      expect((await api.request("PUT", "/me/status", { status: "online" })).status).toBe(200);
      await watching.waitFor(statusOf("online"), 10_000);
      socket.close();
      await watching.waitFor(statusOf("offline"), 10_000);
    } finally {
      watching.close();
    }
  }, 60_000);

  it("gives each waiting visitor exactly one of two desk users racing on two processes", async () => {
    const users = await Promise.all([0, 1].map((i) => addDeskUser(on(i), { queues: ["support"] })));
    const sockets = await Promise.all(users.map((u, i) => DeskSocket.open(on(i), u.token)));
    const apis = users.map((u, i) => new DeskClient(on(i).url, u.token));
    try {
      const visitors = [];
      for (let i = 0; i < 3; i++) visitors.push(await queuedClient(on(i % 2)));
      for (const visitor of visitors) {
        const answers = await Promise.all(apis.map((api) => api.accept(visitor.sessionId)));
        expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
        await visitor.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 10_000);
        const joined = await store.readEvents(visitor.sessionId, 0, 1000);
        expect(joined.filter((e) => e.type === "EVENT_TYPE_LIVE_AGENT_JOINED")).toHaveLength(1);
        visitor.client.close();
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 90_000);

  it("holds one desk user to their capacity when they accept on both processes at once", async () => {
    const user = await addDeskUser(on(0), { queues: ["support"], maxConcurrent: 1 });
    const sockets = await Promise.all([0, 1].map((i) => DeskSocket.open(on(i), user.token)));
    try {
      const a = await queuedClient(on(0));
      const b = await queuedClient(on(1));
      // The same desk user, one accept through each process, at the same moment.
      const answers = await Promise.all([
        new DeskClient(on(0).url, user.token).accept(a.sessionId),
        new DeskClient(on(1).url, user.token).accept(b.sessionId),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(answers.find((r) => r.status === 409)?.json).toMatchObject({
        code: "desk_over_capacity",
      });
      const held = (await store.listOpenHandoffs()).filter(
        (h) => h.state === "assigned" && h.assignedTo === user.id,
      );
      expect(held).toHaveLength(1);
      a.client.close();
      b.client.close();
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 60_000);

  it("holds a colleague to their capacity when chats are handed to them on both processes at once", async () => {
    const receiver = await addDeskUser(on(0), { queues: ["support"], maxConcurrent: 1 });
    const givers = await Promise.all(
      [0, 1].map((i) => addDeskUser(on(i), { queues: ["support"] })),
    );
    const sockets = await Promise.all([
      DeskSocket.open(on(0), receiver.token),
      ...givers.map((g, i) => DeskSocket.open(on(i), g.token)),
    ]);
    const apis = givers.map((g, i) => new DeskClient(on(i).url, g.token));
    try {
      // Each giver holds one visitor; process 1 knows the receiver (on process 0) is online.
      const giverSocket = sockets[2] as DeskSocket;
      await giverSocket
        .waitFor(
          (f) => f.type === "status" && f.desk_user_id === receiver.id && f.status === "online",
          10_000,
        )
        .catch(() => undefined);
      const visitors = [await queuedClient(on(0)), await queuedClient(on(1))];
      for (const [i, visitor] of visitors.entries()) {
        expect((await (apis[i] as DeskClient).accept(visitor.sessionId)).status).toBe(200);
        await visitor.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 10_000);
      }
      const answers = await Promise.all(
        visitors.map((visitor, i) =>
          (apis[i] as DeskClient).request("POST", `/sessions/${visitor.sessionId}/transfer`, {
            desk_user: receiver.id,
          }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([204, 409]);
      expect(answers.find((a) => a.status === 409)?.json).toMatchObject({
        code: "desk_colleague_unavailable",
      });
      const held = (await store.listOpenHandoffs()).filter(
        (h) => h.state === "assigned" && h.assignedTo === receiver.id,
      );
      expect(held).toHaveLength(1);
      // The refused chat stays with its giver.
      const refused = visitors[answers.findIndex((a) => a.status === 409)];
      const kept = (await store.listOpenHandoffs()).find((h) => h.sessionId === refused?.sessionId);
      expect(givers.map((g) => g.id)).toContain(kept?.assignedTo);
      for (const visitor of visitors) visitor.client.close();
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 60_000);

  it("a visitor's second connection on the other process sees the desk user's messages too", async () => {
    const desk = await addDeskUser(on(0), { queues: ["support"] });
    const socket = await DeskSocket.open(on(0), desk.token);
    try {
      const visitor = await queuedClient(on(0));
      const second = await connect(on(1), visitor);
      const api = new DeskClient(on(0).url, desk.token);
      expect((await api.accept(visitor.sessionId)).status).toBe(200);
      expect((await api.message(visitor.sessionId, { text: "on both" })).status).toBe(201);
      await second.waitFor((e) => e.payload?.text === "on both", 10_000);
      second.send("EVENT_TYPE_USER_MESSAGE", { text: "typed on process one" });
      await socket.waitFor(has("typed on process one"), 10_000);
      visitor.client.close();
      second.close();
    } finally {
      socket.close();
    }
  }, 60_000);
});
