// Races and failure paths found in review: leaked connection slots, cached load failures, events after SESSION_END.
import { connect as tcpConnect } from "node:net";
import { beforeEach, describe, expect, it } from "vitest";
import type { NewEvent, Store } from "../../src/core/index.js";
import { closedWithin, connect, joinedClient, newSession } from "../support/conversation.js";
import { addQueue, onlineDesk, pause, queuedClient } from "../support/desk.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { HandshakeError } from "../support/ws-client.js";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer({ SWITCHBOARD_DESK_GRACE_SECONDS: "1" }));
});

type Method = keyof Store;

/** Replaces one store method (the hub holds the same object); returns a restore function. */
function patchStore<M extends Method>(name: M, replacement: (original: Store[M]) => Store[M]) {
  const store = t.server.store;
  const original = store[name];
  (store as unknown as Record<string, unknown>)[name] = replacement(original);
  return () => {
    delete (store as unknown as Record<string, unknown>)[name];
  };
}

/** Sends a raw upgrade request for `/ws`; resolves with the status line once the server closed. */
function rawUpgrade(path: string, headers: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(t.server.port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.write(
      [`GET ${path} HTTP/1.1`, "Host: 127.0.0.1", "Connection: Upgrade", ...headers, "", ""].join(
        "\r\n",
      ),
    );
  });
}

function claims(token: string): { sub: string; cid: string } {
  const body = token.split(".")[1] ?? "";
  return JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as {
    sub: string;
    cid: string;
  };
}

describe("connection slots", () => {
  it("gives a slot back when the WebSocket library refuses the upgrade itself", async () => {
    const ref = await newSession(t);
    const path = `/ws?session_id=${ref.sessionId}&access_token=${ref.token}`;
    for (let i = 0; i < 10; i += 1) {
      // No Sec-WebSocket-Key: our checks pass, then `ws` answers 400 without calling back.
      const status = await rawUpgrade(path, ["Upgrade: websocket", "Sec-WebSocket-Version: 13"]);
      expect(status).toContain("400");
    }
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });

  it("gives a slot back when the replay fails", async () => {
    const ref = await newSession(t);
    let failures = 10;
    const restore = patchStore("readEvents", (original) => (...args) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error("disk on fire"));
      }
      return original(...args);
    });
    for (let i = 0; i < 10; i += 1) {
      const client = track(await connect(t, ref));
      expect((await closedWithin(client)).code).toBe(1011);
    }
    restore();
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });
});

describe("loading a session", () => {
  it("tries the store again after a failed load", async () => {
    const token = await mintToken(t);
    const { sub, cid } = claims(token);
    const id = crypto.randomUUID();
    const now = Date.now();
    const start: NewEvent = {
      id: crypto.randomUUID(),
      type: "EVENT_TYPE_SESSION_START",
      timestamp: new Date(now).toISOString(),
      payloadJson: "{}",
      metadataJson: null,
      clientKey: null,
    };
    // Created behind the hub's back, so the hub has to load it from the store.
    await t.server.store.createSession(
      {
        id,
        connectorId: cid,
        subject: sub,
        subjectExpiresAt: null,
        streaming: false,
        clientProfile: "standard",
        chunkLayout: "concat",
        platform: "web",
        deviceType: null,
        userAgent: null,
        createdAt: now,
      },
      start,
    );
    let failures = 1;
    const restore = patchStore("getSession", (original) => (sessionId) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error("database is locked"));
      }
      return original(sessionId);
    });
    const ref = { sessionId: id, token };
    const first = await connect(t, ref).then(
      (client) => track(client),
      (error: unknown) => error,
    );
    expect(first).toBeInstanceOf(HandshakeError);
    restore();
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });
});

describe("nothing after SESSION_END", () => {
  it("records nothing when the AI agent's return races the user ending the session", async () => {
    await addQueue(t, "support");
    const desk = await onlineDesk(t);
    track(desk.socket);
    const { client, sessionId } = await queuedClient(t);
    track(client);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    // The AI agent's way back reads the connector first; make that slow.
    const restore = patchStore("getConnector", (original) => async (id) => {
      await pause(300);
      return original(id);
    });
    expect((await desk.api.leave(sessionId, false)).status).toBe(204);
    client.send("EVENT_TYPE_USER_END_SESSION");
    await client.waitFor("EVENT_TYPE_SESSION_END");
    await pause(600);
    restore();
    const events = await t.server.store.readEvents(sessionId, 0, 1000);
    expect(events.filter((e) => e.type === "EVENT_TYPE_SESSION_END")).toHaveLength(1);
    expect(events.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
  });
});

describe("no handoff for an ended session", () => {
  it("does not leave a waiting conversation behind when the user ends it while it is being queued", async () => {
    await addQueue(t, "support");
    const desk = await onlineDesk(t);
    track(desk.socket);
    const { client } = await joinedClient(t);
    track(client);
    const restore = patchStore("createHandoff", (original) => async (handoff) => {
      await pause(300);
      return original(handoff);
    });
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "I want to talk to a human" });
    await client.waitFor("EVENT_TYPE_POLY_AGENT_LEFT");
    client.send("EVENT_TYPE_USER_END_SESSION");
    await client.waitFor("EVENT_TYPE_SESSION_END");
    await pause(500);
    restore();
    const queue = await desk.api.queue();
    expect(queue.json).toEqual({ entries: [] });
    expect(desk.socket.ofType("queue").at(-1)?.entries ?? []).toEqual([]);
  });
});
