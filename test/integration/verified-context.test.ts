// Verified context end to end: signed tokens over HTTP, the agent reading them over the socket, fail-open rejections.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  connect,
  isAgentMessageEnd,
  newSession,
  type SessionRef,
  say,
} from "../support/conversation.js";
import { onlineDesk } from "../support/desk.js";
import {
  type ShiftedClock,
  shiftedClock,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { BACKEND_NAMES, type TestBackend, testBackend } from "../support/test-backends.js";
import {
  addContextKey,
  admin,
  contextAgentDefinition,
  contextConnector,
  contextCount,
  signContext,
  submitContext,
} from "../support/verified-context.js";
import type { TestClient } from "../support/ws-client.js";

let t: TestServer;
let clock: ShiftedClock;
let connector: { id: string; token: string };
let key: { kid: string; secret: string };

describe.each(BACKEND_NAMES)("on %s", (backendName) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = testBackend(backendName);
    clock = shiftedClock();
    t = await startTestServer(backend.env, undefined, clock);
    connector = await contextConnector(t);
    key = await addContextKey(t, connector.id, "web-1");
  });
  afterAll(async () => {
    await t.close();
    await backend.drop();
  });

  /** A session on the context connector, connected, with the context_id its SESSION_START announced. */
  async function started(): Promise<{ ref: SessionRef; client: TestClient; contextId: string }> {
    const ref = await newSession(t, { connectorToken: connector.token });
    const client = await connect(t, ref);
    const start = await client.waitFor("EVENT_TYPE_SESSION_START");
    return { ref, client, contextId: String(start.payload.context_id) };
  }

  async function joinAgent(client: TestClient): Promise<string> {
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    const greeting = await client.waitFor(isAgentMessageEnd);
    return String(greeting.payload.text);
  }

  const premium = { name: "Ada", customer_id: "c-42", account_tier: "premium" };
  const now = () => Math.floor(clock.now() / 1000);

  describe("a valid context token", () => {
    it("is announced by a context_id in SESSION_START and read by the agent from the greeting on", async () => {
      const { ref, client, contextId } = await started();
      expect(contextId).toMatch(/^[0-9a-f-]{36}$/);
      expect(contextId).not.toBe(ref.sessionId);
      const before = await contextCount(t, "accepted");
      const token = await signContext({ ...key, sub: contextId, ctx: premium, iat: now() });
      expect(await submitContext(t, ref, { token })).toEqual({
        status: 202,
        json: { accepted: true },
      });
      expect(await contextCount(t, "accepted")).toBe(before + 1);
      expect(await joinAgent(client)).toBe("Hello Ada!");
      const { reply } = await say(client, "Which plan am I on?");
      expect(reply.payload.text).toBe("Premium desk for Ada (c-42).");
      client.close();
    });

    it("replaces the whole context, also mid-conversation (a refresh)", async () => {
      const { ref, client, contextId } = await started();
      await submitContext(t, ref, {
        token: await signContext({ ...key, sub: contextId, ctx: premium, iat: now() }),
      });
      await joinAgent(client);
      const basic = { account_tier: "basic" };
      await submitContext(t, ref, {
        token: await signContext({ ...key, sub: contextId, ctx: basic, iat: now() }),
      });
      expect((await say(client, "my plan")).reply.payload.text).toBe(
        "Our plans are on the pricing page.",
      );
      await submitContext(t, ref, {
        token: await signContext({ ...key, sub: contextId, ctx: premium, iat: now() }),
      });
      expect((await say(client, "my plan")).reply.payload.text).toBe(
        "Premium desk for Ada (c-42).",
      );
      client.close();
    });

    it("never appears in the session's events or the admin API's view of it", async () => {
      const { ref, client, contextId } = await started();
      await submitContext(t, ref, {
        token: await signContext({
          ...key,
          sub: contextId,
          ctx: { secret_fact: "zebra-9" },
          iat: now(),
        }),
      });
      await joinAgent(client);
      const view = await admin(t, "GET", `/sessions/${ref.sessionId}`);
      expect(view.status).toBe(200);
      expect(JSON.stringify(view.json)).not.toContain("zebra-9");
      expect(JSON.stringify(client.events)).not.toContain("zebra-9");
      client.close();
    });
  });

  describe("a rejected context token", () => {
    type Case = [reason: string, make: (contextId: string) => Promise<string> | string];
    const cases: Case[] = [
      [
        "too_large",
        async (sub) => signContext({ ...key, sub, ctx: { pad: "x".repeat(16_400) }, iat: now() }),
      ],
      ["malformed", () => "not.a-jwt"],
      ["algorithm", (sub) => signContext({ ...key, sub, alg: "HS512", iat: now() })],
      ["unknown_kid", (sub) => signContext({ ...key, kid: "nobody", sub, iat: now() })],
      [
        "bad_signature",
        (sub) => signContext({ ...key, secret: "another-secret-of-some-length", sub, iat: now() }),
      ],
      ["wrong_subject", () => signContext({ ...key, sub: "another-context-id", iat: now() })],
      ["bad_lifetime", (sub) => signContext({ ...key, sub, lifetime: 31, iat: now() })],
      ["expired", (sub) => signContext({ ...key, sub, iat: now() - 60 })],
      ["not_yet_valid", (sub) => signContext({ ...key, sub, iat: now() + 60 })],
      [
        "context_not_flat",
        (sub) => signContext({ ...key, sub, ctx: { tier: { level: 1 } }, iat: now() }),
      ],
      ["context_not_flat", (sub) => signContext({ ...key, sub, ctx: { tags: ["a"] }, iat: now() })],
      ["context_not_flat", (sub) => signContext({ ...key, sub, ctx: "premium", iat: now() })],
      [
        "context_too_large",
        (sub) => signContext({ ...key, sub, ctx: { pad: "x".repeat(8_200) }, iat: now() }),
      ],
    ];

    it.each(cases)(
      "for %s answers 202, is counted, and the conversation carries on without it",
      async (reason, make) => {
        const { ref, client, contextId } = await started();
        const before = await contextCount(t, reason);
        const result = await submitContext(t, ref, { token: await make(contextId) });
        expect(result).toEqual({ status: 202, json: { accepted: false } });
        expect(await contextCount(t, reason)).toBe(before + 1);
        expect(await joinAgent(client)).toBe("Hello !");
        expect((await say(client, "my plan")).reply.payload.text).toBe(
          "Our plans are on the pricing page.",
        );
        client.close();
      },
    );

    it("keeps the context accepted before it (no partial replacement)", async () => {
      const { ref, client, contextId } = await started();
      await submitContext(t, ref, {
        token: await signContext({ ...key, sub: contextId, ctx: premium, iat: now() }),
      });
      await submitContext(t, ref, {
        token: await signContext({
          ...key,
          sub: contextId,
          ctx: { account_tier: "basic" },
          iat: now() - 120,
        }),
      });
      expect(await joinAgent(client)).toBe("Hello Ada!");
      client.close();
    });

    it("accepts the limits exactly: a 30 s lifetime and 8 KB of context", async () => {
      const { ref, client, contextId } = await started();
      const base = JSON.stringify({ pad: "" }).length;
      const ctx = { pad: "x".repeat(8_192 - base) };
      const token = await signContext({ ...key, sub: contextId, ctx, lifetime: 30, iat: now() });
      expect((await submitContext(t, ref, { token })).json).toEqual({ accepted: true });
      client.close();
    });

    it("for an ended session is counted as session_ended", async () => {
      const { ref, client, contextId } = await started();
      await joinAgent(client);
      client.send("EVENT_TYPE_USER_END_SESSION");
      await client.waitFor("EVENT_TYPE_SESSION_END");
      const before = await contextCount(t, "session_ended");
      const token = await signContext({ ...key, sub: contextId, ctx: premium, iat: now() });
      expect((await submitContext(t, ref, { token })).json).toEqual({ accepted: false });
      expect(await contextCount(t, "session_ended")).toBe(before + 1);
    });
  });

  describe("the context route's own errors", () => {
    it("answers a missing, foreign or invalid access token and a bad body with the documented errors", async () => {
      const { ref, client, contextId } = await started();
      const token = await signContext({ ...key, sub: contextId, iat: now() });
      const other = await newSession(t, { connectorToken: connector.token });
      expect((await submitContext(t, ref, { token }, "")).status).toBe(401);
      expect((await submitContext(t, ref, { token }, "Bearer nope")).json).toMatchObject({
        code: "invalid_access_token",
      });
      expect(await submitContext(t, ref, { token }, `Bearer ${other.token}`)).toMatchObject({
        status: 404,
        json: { code: "context_session_not_found" },
      });
      expect(await submitContext(t, { ...ref, sessionId: "missing" }, { token })).toMatchObject({
        status: 404,
      });
      expect(await submitContext(t, ref, "{not json")).toMatchObject({
        status: 400,
        json: { code: "request_parse_error" },
      });
      expect(await submitContext(t, ref, { token: 5 })).toMatchObject({ status: 400 });
      client.close();
    });
  });

  describe("signing keys", () => {
    it("keep verifying the previous secret during a rotation's overlap, and not after it", async () => {
      const rotating = await addContextKey(t, connector.id, "rotating");
      const rotated = await admin(
        t,
        "POST",
        `/connectors/${connector.id}/context-keys/rotating/rotate`,
        { overlap_seconds: 60 },
      );
      expect(rotated.status).toBe(200);
      const fresh = String(rotated.json?.secret);
      expect(fresh).not.toBe(rotating.secret);
      const listed = await admin(t, "GET", `/connectors/${connector.id}/context-keys`);
      expect(JSON.stringify(listed.json)).not.toContain(fresh);
      expect(JSON.stringify(listed.json)).not.toContain(rotating.secret);

      const submitWith = async (secret: string) => {
        const { ref, client, contextId } = await started();
        const token = await signContext({ kid: "rotating", secret, sub: contextId, iat: now() });
        const result = await submitContext(t, ref, { token });
        client.close();
        return result.json?.accepted;
      };
      expect(await submitWith(rotating.secret)).toBe(true);
      expect(await submitWith(fresh)).toBe(true);
      clock.jump(61_000);
      expect(await submitWith(rotating.secret)).toBe(false);
      expect(await submitWith(fresh)).toBe(true);
    });

    it("are refused for unknown connectors and duplicate kids, and stored sealed", async () => {
      expect((await admin(t, "POST", "/connectors/nope/context-keys", {})).status).toBe(404);
      expect(
        (await admin(t, "POST", `/connectors/${connector.id}/context-keys`, { kid: "web-1" }))
          .status,
      ).toBe(409);
      expect(
        (await admin(t, "POST", `/connectors/${connector.id}/context-keys`, { kid: "bad kid!" }))
          .status,
      ).toBe(400);
      const rows = await backend.rows(t.dataDir, "SELECT sealed_secret FROM context_keys");
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.sealed_secret).not.toContain(key.secret);
    });
  });

  describe("the demo signer (demo only)", () => {
    it("signs a made-up visitor for the demo connector, whose agent then knows who they are", async () => {
      const ref = await newSession(t);
      const client = await connect(t, ref);
      const start = await client.waitFor("EVENT_TYPE_SESSION_START");
      const signed = await fetch(`${t.url}/demo/context-token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ context_id: start.payload.context_id }),
      });
      const { token } = (await signed.json()) as { token: string };
      expect((await submitContext(t, ref, { token })).json).toEqual({ accepted: true });
      await joinAgent(client);
      expect((await say(client, "who am I?")).reply.payload.text).toContain(
        "**Demo Visitor** (demo-42)",
      );
      client.close();
    });
  });

  describe("the desk", () => {
    it("sees only the fields the agent's definition lists, and none in the transcript", async () => {
      const listed = await contextConnector(t, {
        ...contextAgentDefinition(),
        context: { desk_fields: ["name", "account_tier"] },
      });
      const deskKey = await addContextKey(t, listed.id, "desk");
      const desk = await onlineDesk(t, { queues: ["support"] });
      const ref = await newSession(t, { connectorToken: listed.token });
      const client = await connect(t, ref);
      const start = await client.waitFor("EVENT_TYPE_SESSION_START");
      const ctx = { ...premium, card_last4: "4242" };
      const token = await signContext({
        ...deskKey,
        sub: String(start.payload.context_id),
        ctx,
        iat: now(),
      });
      await submitContext(t, ref, { token });
      await joinAgent(client);
      client.send("EVENT_TYPE_USER_MESSAGE", { text: "a human please" });
      await client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
      expect((await desk.api.accept(ref.sessionId)).status).toBe(200);
      const visitor = await desk.api.request("GET", `/sessions/${ref.sessionId}/visitor`);
      expect(visitor.json).toEqual({
        fields: [
          { name: "name", value: "Ada", verified: true },
          { name: "account_tier", value: "premium", verified: true },
        ],
        page_url: null,
        referrer: null,
        earlier: [],
        offline_form: null,
      });
      const transcript = await desk.api.events(ref.sessionId);
      expect(JSON.stringify(transcript.json)).not.toContain("4242");
      expect(JSON.stringify(transcript.json)).not.toContain("premium");
      client.close();
      desk.socket.close();
    });
  });

  describe("erasure and restarts", () => {
    it("keeps an accepted context across a restart: the agent still reads it", async () => {
      const dir = mkdtempSync(join(tmpdir(), "switchboard-context-"));
      let server = await startTestServer(backend.env, dir);
      try {
        const own = await contextConnector(server);
        const ownKey = await addContextKey(server, own.id, "restart");
        const ref = await newSession(server, { connectorToken: own.token });
        const first = await connect(server, ref);
        const start = await first.waitFor("EVENT_TYPE_SESSION_START");
        const token = await signContext({
          ...ownKey,
          sub: String(start.payload.context_id),
          ctx: premium,
        });
        expect((await submitContext(server, ref, { token })).json).toEqual({ accepted: true });
        first.close();
        await server.close();
        server = await startTestServer(backend.env, dir);
        const again = await connect(server, ref);
        expect(await joinAgent(again)).toBe("Hello Ada!");
        again.close();
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("erases the stored context with the session", async () => {
      const { ref, client, contextId } = await started();
      await submitContext(t, ref, {
        token: await signContext({ ...key, sub: contextId, ctx: premium, iat: now() }),
      });
      client.close();
      const count = async () =>
        (
          await backend.rows(
            t.dataDir,
            "SELECT session_id FROM session_context WHERE session_id = ?",
            [ref.sessionId],
          )
        ).length;
      expect(await count()).toBe(1);
      expect((await admin(t, "DELETE", `/sessions/${ref.sessionId}`)).status).toBe(204);
      expect(await count()).toBe(0);
    });
  });
});
