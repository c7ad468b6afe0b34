// JSON nested thousands of levels deep, on every surface that re-encodes JSON: answered, refused, server up.
import { describe, expect, it } from "vitest";
import type { SessionLink } from "../../src/core/index.js";
import {
  connect,
  joinedClient,
  newSession,
  stillAnswers,
  systemMessage,
} from "../support/conversation.js";
import { addDeskUser, DeskClient, DeskSocket } from "../support/desk.js";
import { post } from "../support/http.js";
import { startTestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
const DEEP = `${"[".repeat(5000)}${"]".repeat(5000)}`;
const TOO_DEEP = "Invalid payload: metadata nests deeper than 32 levels";

function deepFrame(type: string, payload = "{}"): string {
  return `{"type":"${type}","payload":${payload},"metadata":{"custom":{"a":${DEEP}}}}`;
}

describe("a 10 KB frame with metadata nested 5,000 levels deep", () => {
  it.each([
    ["a heartbeat", deepFrame("EVENT_TYPE_HEARTBEAT")],
    ["an unknown type", deepFrame("EVENT_TYPE_NOPE")],
    ["a server-only type", deepFrame("EVENT_TYPE_SESSION_START")],
    ["an invalid payload", deepFrame("EVENT_TYPE_USER_MESSAGE")],
    ["a user message", deepFrame("EVENT_TYPE_USER_MESSAGE", '{"text":"hi"}')],
  ])("as %s is answered with the documented message and changes nothing", async (_what, frame) => {
    const t = track(await startTestServer());
    const { client } = await joinedClient(t);
    track(client);
    const bystander = track(await connect(t, await newSession(t)));
    const from = client.events.length;
    client.ws.send(frame);
    const answer = await systemMessage(client, from);
    expect(answer.payload).toEqual({ level: "SYSTEM_MESSAGE_LEVEL_ERROR", message: TOO_DEEP });
    expect(answer.metadata).toBeUndefined();
    await stillAnswers(client);
    await stillAnswers(bystander);
    expect(client.ofType("EVENT_TYPE_USER_MESSAGE")).toEqual([]);
  });

  it("is refused even when it is over the message rate (the warning echoes no metadata)", async () => {
    const t = track(await startTestServer({ SWITCHBOARD_WS_MESSAGE_BURST: "1" }));
    const client = track(await connect(t, await newSession(t)));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    for (let i = 0; i < 5; i++) client.ws.send(deepFrame("EVENT_TYPE_NOPE"));
    await client.waitFor((e) => e.type === "EVENT_TYPE_SYSTEM_MESSAGE" && e.sequence === null);
    await expect
      .poll(() => client.ofType("EVENT_TYPE_SYSTEM_MESSAGE").length, { timeout: 5000 })
      .toBe(5);
    for (const answer of client.ofType("EVENT_TYPE_SYSTEM_MESSAGE"))
      expect(answer.metadata).toBeUndefined();
    await stillAnswers(client);
  });

  it("honours SWITCHBOARD_JSON_MAX_DEPTH: at the limit echoed, one past refused", async () => {
    const t = track(await startTestServer({ SWITCHBOARD_JSON_MAX_DEPTH: "6" }));
    const client = track(await connect(t, await newSession(t)));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    // metadata, custom, a, b, c, d: six levels.
    const atLimit = { a: { b: { c: { d: {} } } } };
    let from = client.events.length;
    client.send("EVENT_TYPE_HEARTBEAT", {}, atLimit);
    expect((await client.waitFor("EVENT_TYPE_HEARTBEAT", 5000, from)).metadata).toEqual({
      custom: atLimit,
    });
    from = client.events.length;
    client.send("EVENT_TYPE_HEARTBEAT", {}, { a: atLimit });
    expect((await systemMessage(client, from)).payload.message).toBe(
      "Invalid payload: metadata nests deeper than 6 levels",
    );
  });

  it("honours SWITCHBOARD_WS_METADATA_MAX_BYTES: at the limit echoed, one byte past refused", async () => {
    const t = track(await startTestServer({ SWITCHBOARD_WS_METADATA_MAX_BYTES: "300" }));
    const client = track(await connect(t, await newSession(t)));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    const custom = (bytes: number) => ({
      p: "x".repeat(bytes - JSON.stringify({ custom: { p: "" } }).length),
    });
    let from = client.events.length;
    client.send("EVENT_TYPE_HEARTBEAT", {}, custom(300));
    expect((await client.waitFor("EVENT_TYPE_HEARTBEAT", 5000, from)).metadata).toEqual({
      custom: custom(300),
    });
    from = client.events.length;
    client.send("EVENT_TYPE_HEARTBEAT", {}, custom(301));
    expect((await systemMessage(client, from)).payload.message).toBe(
      "Invalid payload: metadata is larger than 300 bytes",
    );
  });
});

describe("a failure while handling one frame", () => {
  it("closes that connection with 1011 and leaves the server and other connections alone", async () => {
    const t = track(await startTestServer());
    const bystander = track(await connect(t, await newSession(t)));
    await bystander.waitFor("EVENT_TYPE_SESSION_START");
    // A bug in frame handling, simulated: this connection's link throws on every frame.
    const hub = t.server.hub;
    const connectHub = hub.connect.bind(hub);
    hub.connect = async (...args: Parameters<typeof hub.connect>) => {
      const link = (await connectHub(...args)) as SessionLink;
      return {
        receive: () => {
          throw new RangeError("Maximum call stack size exceeded");
        },
        disconnect: () => link.disconnect(),
      };
    };
    const victim = track(await connect(t, await newSession(t)));
    hub.connect = connectHub;
    await victim.waitFor("EVENT_TYPE_SESSION_START");
    victim.send("EVENT_TYPE_HEARTBEAT");
    expect((await victim.closed).code).toBe(1011);
    await stillAnswers(bystander);
    const fresh = track(await connect(t, await newSession(t)));
    await stillAnswers(fresh);
  });
});

describe("deep JSON on the desk and admin surfaces", () => {
  it("answers a deep desk socket frame with an error frame and keeps the socket", async () => {
    const t = track(await startTestServer());
    const user = await addDeskUser(t);
    const socket = track(await DeskSocket.open(t, user.token));
    socket.ws.send(`{"type":"ping","x":${DEEP}}`);
    // It is a ping: the type is all a desk frame is read for, nothing is re-encoded.
    expect(await socket.waitFor("pong")).toEqual({ seq: null, type: "pong" });
    socket.ws.send(DEEP);
    expect(await socket.waitFor("error")).toMatchObject({ code: "desk_invalid_request" });
  });

  it("refuses a deep desk API body with 400 desk_invalid_request", async () => {
    const t = track(await startTestServer());
    const user = await addDeskUser(t);
    const desk = new DeskClient(t.url, user.token);
    // The body is read before the route looks at the session.
    const result = await desk.request(
      "POST",
      "/sessions/any-session/messages",
      `{"text":"hi","attachments":${DEEP}}`,
    );
    expect(result.status).toBe(400);
    expect(result.json).toEqual({
      code: "desk_invalid_request",
      message: "Invalid request: body nests deeper than 32 levels",
    });
    expect((await desk.me()).status).toBe(200);
  });

  it.each([
    ["POST", "/admin/v1/agents", `{"name":"x","rules":${DEEP}}`],
    ["POST", "/admin/v1/connectors", `{"host":"localhost","agent_id":"demo","handoff":${DEEP}}`],
    ["PUT", "/admin/v1/agents/demo", `{"definition":${DEEP}}`],
  ])(
    "refuses a deep admin body (%s %s) with 400 admin_invalid_request",
    async (method, path, body) => {
      const t = track(await startTestServer());
      const response = await fetch(`${t.url}${path}`, {
        method,
        headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
        body,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          code: "admin_invalid_request",
          message: "Invalid request: body nests deeper than 32 levels",
        },
      });
      const agents = await fetch(`${t.url}/admin/v1/agents`, {
        headers: { Authorization: `Bearer ${t.adminToken}` },
      });
      expect(agents.status).toBe(200);
    },
  );

  it("takes a deep sessions body without re-encoding it (unknown keys are ignored)", async () => {
    const t = track(await startTestServer());
    const token = (await newSession(t)).token;
    const result = await post(
      t,
      "/api/v1/sessions",
      { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      `{"streaming_enabled":true,"x":${DEEP}}`,
    );
    expect(result.status).toBe(200);
  });
});
