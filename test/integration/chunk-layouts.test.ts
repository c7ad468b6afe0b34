// Each session's chunk layout: chosen from its User-Agent at creation, overridable per connector, kept for its life.
import { beforeEach, describe, expect, it } from "vitest";
import { connect, firstBatch, isAgentMessageEnd } from "../support/conversation.js";
import { createConnector, post } from "../support/http.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient } from "../support/ws-client.js";

const GREETING =
  "Hi, I'm **Ada**, the Switchboard demo agent. Ask me about opening hours, say *bonjour*, ask for a human, or say bye.";
const IOS = "PolyMessaging-iOS/0.9.2 (iOS; Version 17.5 (Build 21F79))";
const ANDROID = "PolyMessaging-Android/0.9.0 (Android; 14)";
const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer());
});

/** A streaming session created with `userAgent` on the connector of `connectorToken`. */
async function sessionWith(userAgent: string, connectorToken = t.connectorToken) {
  const token = await mintToken(t, { "X-Token": connectorToken });
  const created = await post(
    t,
    "/api/v1/sessions",
    {
      Authorization: `Bearer ${token}`,
      "Content-Type": "application/json",
      "User-Agent": userAgent,
    },
    JSON.stringify({ streaming_enabled: true }),
  );
  expect(created.status).toBe(200);
  return { sessionId: (created.json as { session_id: string }).session_id, token };
}

/** Joins and returns the greeting's chunk texts. */
async function greetingChunks(client: TestClient): Promise<string[]> {
  await client.waitFor("EVENT_TYPE_SESSION_START");
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  await client.waitFor(isAgentMessageEnd);
  return client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK").map((e) => String(e.payload.text));
}

function spaceJoin(texts: string[]): string {
  return texts.filter((text) => text !== "").join(" ");
}

describe("chunk layouts", () => {
  it.each([
    ["iOS", IOS],
    ["Android", ANDROID],
  ])(
    "lays out the %s SDK's sessions for the space join, and says so in SESSION_START",
    async (_n, ua) => {
      const ref = await sessionWith(ua);
      const client = track(await connect(t, ref));
      const texts = await greetingChunks(client);
      expect(texts.length).toBeGreaterThan(2);
      expect(spaceJoin(texts)).toBe(GREETING);
      for (const text of texts.slice(0, -1)) expect(text).not.toMatch(/\s$/);
      expect(firstBatch(client)[0]?.payload).toMatchObject({
        capabilities: { chunk_join: "space" },
      });
      expect(await t.server.store.getSession(ref.sessionId)).toMatchObject({
        clientProfile: "official-sdk",
        chunkLayout: "space",
      });
    },
  );

  it("keeps the documented concatenation for every other client, without announcing anything", async () => {
    const ref = await sessionWith(BROWSER);
    const client = track(await connect(t, ref));
    const texts = await greetingChunks(client);
    expect(texts.join("")).toBe(GREETING);
    const capabilities = firstBatch(client)[0]?.payload.capabilities;
    expect(capabilities).not.toHaveProperty("chunk_join");
    expect(await t.server.store.getSession(ref.sessionId)).toMatchObject({
      clientProfile: "standard",
      chunkLayout: "concat",
    });
  });

  it("follows the connector's chunk_join over the detection, and keeps each session's layout when it changes", async () => {
    const created = await createConnector(t, {
      host: "localhost",
      agent_id: "demo",
      chunk_join: "space",
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ chunk_join: "space" });
    const browser = await sessionWith(BROWSER, created.token);
    const patched = await fetch(`${t.url}/admin/v1/connectors/${created.id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ chunk_join: "concat" }),
    });
    expect(((await patched.json()) as { chunk_join: string }).chunk_join).toBe("concat");
    const ios = await sessionWith(IOS, created.token);
    const first = track(await connect(t, browser));
    expect(spaceJoin(await greetingChunks(first))).toBe(GREETING);
    const second = track(await connect(t, ios));
    expect((await greetingChunks(second)).join("")).toBe(GREETING);
    // The iOS session keeps the SDK profile (limits, notices) though its chunks concatenate.
    expect((await t.server.store.getSession(ios.sessionId))?.clientProfile).toBe("official-sdk");
    // Replay on another connection gives the same chunks, byte for byte.
    const again = track(await connect(t, browser));
    await again.waitFor(isAgentMessageEnd);
    expect(again.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")).toEqual(
      first.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK"),
    );
  });

  it("refuses an unknown chunk_join with the field named", async () => {
    const created = await createConnector(t, {
      host: "localhost",
      agent_id: "demo",
      chunk_join: "tabs",
    });
    expect(created.status).toBe(400);
    expect(JSON.stringify(created.json)).toContain(
      "chunk_join: must be one of auto, space, concat",
    );
  });
});
