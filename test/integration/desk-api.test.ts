// The desk API's edges over a real server: auth, rate limit, body checks, the read routes, the socket's handshake and pings.
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { DeskSocketGateway } from "../../src/desk/index.js";
import { createClientGuards, rejectUpgrade } from "../../src/gateway/index.js";
import { systemClock } from "../../src/platform/index.js";
import {
  addDeskUser,
  addQueue,
  DeskClient,
  DeskSocket,
  deskRefused,
  onlineDesk,
  type QueueEntryJson,
  queuedClient,
} from "../support/desk.js";
import { expectError } from "../support/http.js";
import { defaultConfig, startTestServer, type TestServer } from "../support/server.js";
import type { TestClient } from "../support/ws-client.js";

const UNAUTHORIZED = "Missing or invalid desk token";
const NOT_YOURS = "This conversation is not waiting in your queues or assigned to you";

let t: TestServer;
const closers: Array<() => void> = [];

beforeAll(async () => {
  t = await startTestServer({ SWITCHBOARD_DESK_GRACE_SECONDS: "1" });
  await addQueue(t, "support");
  await addQueue(t, "billing");
});
afterAll(async () => {
  for (const close of closers.splice(0)) close();
  await t.close();
});

function track<T extends { close(): void }>(thing: T): T {
  closers.push(() => thing.close());
  return thing;
}

describe("authentication", () => {
  it("answers 401 desk_unauthorized without a token, with an unknown one, or with another scheme", async () => {
    const user = await addDeskUser(t);
    const cases: Array<Record<string, string>> = [
      {},
      { Authorization: "Bearer sbd_not-a-real-token" },
      { Authorization: `Basic ${user.token}` },
      { Authorization: `Bearer ${t.adminToken}` },
    ];
    for (const headers of cases) {
      const result = await new DeskClient(t.url, undefined).request(
        "GET",
        "/queue",
        undefined,
        headers,
      );
      expectError(result, 401, UNAUTHORIZED, "desk_unauthorized");
    }
    const post = await new DeskClient(t.url, "nope").request("POST", "/handoffs/x/accept");
    expectError(post, 401, UNAUTHORIZED, "desk_unauthorized");
  });

  it("answers an unknown path 401 without a token and 404 not_found with one", async () => {
    expectError(
      await new DeskClient(t.url, undefined).request("GET", "/nothing"),
      401,
      UNAUTHORIZED,
      "desk_unauthorized",
    );
    const user = await addDeskUser(t);
    expectError(
      await new DeskClient(t.url, user.token).request("GET", "/nothing"),
      404,
      "Not found",
      "not_found",
    );
  });

  it("refuses the desk socket upgrade with plain HTTP 401 and the JSON body", async () => {
    for (const token of ["", "sbd_wrong"]) {
      const error = await deskRefused(DeskSocket.open(t, token));
      expect(error.status).toBe(401);
      expect(JSON.parse(error.body)).toEqual({ message: UNAUTHORIZED, code: "desk_unauthorized" });
      expect(error.headers["content-type"]).toMatch(/^application\/json/);
    }
  });
});

describe("read routes", () => {
  it("GET /me shows the desk user (never the token hash) and whether a desk socket is open", async () => {
    const user = await addDeskUser(t, {
      name: "Sarah",
      queues: ["support", "billing"],
      maxConcurrent: 2,
    });
    const api = new DeskClient(t.url, user.token);
    const before = await api.me();
    expect(before.status).toBe(200);
    expect(before.json).toEqual({
      desk_user: {
        id: user.id,
        name: "Sarah",
        avatar_url: user.avatarUrl,
        queues: ["support", "billing"],
        max_concurrent: 2,
      },
      online: false,
      status: "offline",
    });
    expect(before.text).not.toContain("token");
    const socket = track(await DeskSocket.open(t, user.token));
    expect((await api.me()).json).toMatchObject({ online: true });
    socket.close();
    await socket.closed;
    await expect
      .poll(async () => ((await api.me()).json as { online: boolean }).online)
      .toBe(false);
  });

  it("GET /queues lists every queue with its waiting count and whether I serve it", async () => {
    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const { client, sessionId } = await queuedClient(t);
    track(client);
    const result = await desk.api.queues();
    expect(result.status).toBe(200);
    const queues = (
      result.json as { queues: Array<{ name: string; waiting: number; serving: boolean }> }
    ).queues;
    expect(queues).toContainEqual({ name: "support", waiting: 1, serving: true });
    expect(queues).toContainEqual({ name: "billing", waiting: 0, serving: false });
    const queue = (await desk.api.queue()).json as { entries: QueueEntryJson[] };
    expect(queue.entries).toEqual([
      {
        session_id: sessionId,
        queue: "support",
        position: 1,
        enqueued_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        waiting_seconds: expect.any(Number),
        preview: "I want to talk to a human",
        visitor: { online: true, since: expect.stringMatching(/Z$/) },
      },
    ]);
    expect((await desk.api.sessions()).json).toEqual({ sessions: [] });
    // Clean up: take it and end it, so later tests start with an empty queue.
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    expect((await desk.api.leave(sessionId, true)).status).toBe(204);
  });

  it("GET /sessions/{id}/events is 404 for a session neither waiting in my queues nor held by me", async () => {
    const support = await onlineDesk(t, { queues: ["support"] });
    track(support.socket);
    const other = await addDeskUser(t, { queues: ["billing"] });
    const { client, sessionId } = await queuedClient(t);
    track(client);
    const api = new DeskClient(t.url, other.token);
    expectError(await api.events(sessionId), 404, NOT_YOURS, "desk_session_not_found");
    expectError(await api.events("no-such-session"), 404, NOT_YOURS, "desk_session_not_found");
    expect((await support.api.events(sessionId)).status).toBe(200);
    await support.api.accept(sessionId);
    await support.api.leave(sessionId, true);
    expectError(await support.api.events(sessionId), 404, NOT_YOURS, "desk_session_not_found");
  });
});

describe("request bodies", () => {
  const bad = (detail: string) => `Invalid request: ${detail}`;

  it("rejects invalid message bodies with desk_invalid_request naming the field", async () => {
    const user = await addDeskUser(t);
    const api = new DeskClient(t.url, user.token);
    const attachment = {
      title: "Doc",
      content_url: "https://example.com/d",
      content_type: "ATTACHMENT_CONTENT_TYPE_URL",
    };
    const cases: Array<[unknown, string]> = [
      [{}, "text must be a non-empty string"],
      [{ text: "" }, "text must be a non-empty string"],
      [{ text: "   " }, "text must be a non-empty string"],
      [{ text: 42 }, "text must be a non-empty string"],
      [{ text: "x".repeat(10_001) }, "text must be at most 10000 characters"],
      [{ text: "hi", attachments: {} }, "attachments must be an array"],
      [
        { text: "hi", attachments: [{ ...attachment, content_type: "PDF" }] },
        "attachments[0].content_type must be one of ATTACHMENT_CONTENT_TYPE_URL, ATTACHMENT_CONTENT_TYPE_IMAGE",
      ],
      [
        { text: "hi", attachments: [{ ...attachment, content_url: "javascript:alert(1)" }] },
        "attachments[0].content_url must be an absolute http(s) URL",
      ],
      [
        {
          text: "hi",
          attachments: [
            { content_url: "https://e.com", content_type: "ATTACHMENT_CONTENT_TYPE_URL" },
          ],
        },
        "attachments[0].title is required",
      ],
      [
        { text: "hi", attachments: Array(11).fill(attachment) },
        "attachments may hold at most 10 items",
      ],
      [
        { text: "hi", response_suggestions: [{ message_text: "" }] },
        "response_suggestions[0].message_text must be a non-empty string",
      ],
      [{ text: "hi", response_suggestions: ["yes"] }, "response_suggestions[0] must be an object"],
    ];
    for (const [body, detail] of cases) {
      expectError(await api.message("any-session", body), 400, bad(detail), "desk_invalid_request");
    }
    // At the limit the body is fine; the session check answers instead.
    expectError(
      await api.message("any-session", { text: "x".repeat(10_000) }),
      404,
      NOT_YOURS,
      "desk_session_not_found",
    );
  });

  it("rejects invalid typing, leave and transfer bodies, bad JSON and other content types", async () => {
    const user = await addDeskUser(t);
    const api = new DeskClient(t.url, user.token);
    const cases: Array<[string, string, unknown, string]> = [
      [
        "POST",
        "/sessions/s/typing",
        { state: "TYPING" },
        "state must be one of TYPING_STATE_STARTED, TYPING_STATE_STOPPED",
      ],
      [
        "POST",
        "/sessions/s/typing",
        undefined,
        "state must be one of TYPING_STATE_STARTED, TYPING_STATE_STOPPED",
      ],
      ["POST", "/sessions/s/leave", {}, "end_session must be a boolean"],
      ["POST", "/sessions/s/leave", { end_session: "yes" }, "end_session must be a boolean"],
      [
        "POST",
        "/sessions/s/transfer",
        { queue: "" },
        "give either queue or desk_user, a non-empty string",
      ],
      ["POST", "/sessions/s/messages", "{not json", "body is not valid JSON"],
      ["POST", "/sessions/s/messages", "[1,2]", "body must be a JSON object"],
    ];
    for (const [method, path, body, detail] of cases) {
      expectError(await api.request(method, path, body), 400, bad(detail), "desk_invalid_request");
    }
    const plain = await api.request("POST", "/sessions/s/messages", "text=hi", {
      "Content-Type": "text/plain",
    });
    expectError(plain, 400, bad("Content-Type must be application/json"), "desk_invalid_request");
    const huge = await api.message("s", { text: "x".repeat(300 * 1024) });
    expectError(huge, 413, "Request body too large", "payload_too_large");
  });

  it("accepts an accept with no body or an empty JSON body", async () => {
    const user = await addDeskUser(t);
    const api = new DeskClient(t.url, user.token);
    expectError(await api.accept("nope"), 404, NOT_YOURS, "desk_session_not_found");
    const empty = await api.request("POST", "/handoffs/nope/accept", "", {
      "Content-Type": "application/json",
    });
    expectError(empty, 404, NOT_YOURS, "desk_session_not_found");
  });
});

describe("rate limit", () => {
  it("answers 429 rate_limited with Retry-After past the per-user burst, and not for other users", async () => {
    const user = await addDeskUser(t);
    const api = new DeskClient(t.url, user.token);
    const results = await Promise.all(Array.from({ length: 60 }, () => api.queue()));
    const limited = results.filter((r) => r.status === 429);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(40);
    expect(limited.length).toBeGreaterThan(0);
    const first = limited[0];
    if (!first) throw new Error("no 429");
    expectError(first, 429, "Too many requests", "rate_limited");
    expect(Number(first.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    const other = await addDeskUser(t);
    expect((await new DeskClient(t.url, other.token).queue()).status).toBe(200);
  });
});

describe("the desk socket", () => {
  it("says hello then a snapshot, answers pings, and answers other frames with an error frame", async () => {
    const user = await addDeskUser(t);
    const socket = track(await DeskSocket.open(t, user.token));
    await socket.waitFor("snapshot");
    const [hello, snapshot] = socket.frames;
    expect(hello).toEqual({
      seq: null,
      type: "hello",
      cursor: expect.stringMatching(/^[^:]+:0$/),
      resumed: false,
      desk_user: {
        id: user.id,
        name: user.name,
        avatar_url: user.avatarUrl,
        queues: ["support"],
        max_concurrent: 3,
      },
      status: "online",
    });
    expect(snapshot).toEqual({ seq: null, type: "snapshot", queue: [], sessions: [] });
    socket.send(JSON.stringify({ type: "ping" }));
    expect(await socket.waitFor("pong")).toEqual({ seq: null, type: "pong" });
    socket.send("hello?");
    const error = await socket.waitFor("error");
    expect(error).toMatchObject({ seq: null, code: "desk_invalid_request" });
  });

  it("closes with 1009 a frame over 64 KB", async () => {
    const user = await addDeskUser(t);
    const socket = await DeskSocket.open(t, user.token);
    socket.send(JSON.stringify({ type: "ping", pad: "x".repeat(65 * 1024) }));
    expect((await socket.closed).code).toBe(1009);
  });
});

describe("keep-alive pings", () => {
  it("terminates a desk socket that misses a pong (the user goes offline) and keeps one that answers", async () => {
    // A second listener with a short ping interval over the same store and hub.
    const gateway = new DeskSocketGateway(
      {
        store: t.server.store,
        hub: t.server.hub,
        clock: systemClock,
        rejectUpgrade,
        ...createClientGuards(defaultConfig(), systemClock),
      },
      { pingIntervalMs: 150 },
    );
    const http = createServer();
    http.on("upgrade", (request, socket, head) => {
      void gateway.handleUpgrade(
        request,
        socket,
        head,
        new URL(request.url ?? "/", "http://localhost"),
      );
    });
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    const address = http.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      const silent = await addDeskUser(t);
      const lively = await addDeskUser(t);
      const open = (token: string, autoPong: boolean) =>
        new Promise<{ ws: WebSocket; closed: Promise<number> }>((resolve, reject) => {
          const ws = new WebSocket(`ws://127.0.0.1:${port}/desk/ws?token=${token}`, { autoPong });
          const closed = new Promise<number>((done) => ws.on("close", (code) => done(code)));
          ws.once("open", () => resolve({ ws, closed }));
          ws.once("error", reject);
        });
      const dead = await open(silent.token, false);
      const alive = await open(lively.token, true);
      expect(await dead.closed).toBe(1006);
      await expect
        .poll(
          async () =>
            ((await new DeskClient(t.url, silent.token).me()).json as { online: boolean }).online,
        )
        .toBe(false);
      expect(alive.ws.readyState).toBe(WebSocket.OPEN);
      expect(
        ((await new DeskClient(t.url, lively.token).me()).json as { online: boolean }).online,
      ).toBe(true);
      alive.ws.close();
      await alive.closed;
    } finally {
      await gateway.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    }
  });
});

describe("metrics", () => {
  it("shows queue lengths and handoff outcome counters", async () => {
    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const clients: TestClient[] = [];
    const first = await queuedClient(t);
    clients.push(track(first.client));
    const second = await queuedClient(t);
    clients.push(track(second.client));
    expect((await desk.api.accept(first.sessionId)).status).toBe(200);
    const text = await (await fetch(`${t.url}/metrics`)).text();
    expect(text).toMatch(/^switchboard_queue_length\{queue="support"\} 1$/m);
    expect(text).toMatch(/^switchboard_handoff_outcomes_total\{outcome="accepted"\} [1-9]\d*$/m);
    await desk.api.leave(first.sessionId, true);
    await desk.api.accept(second.sessionId);
    await desk.api.leave(second.sessionId, true);
  });
});
