// The Chat API over real HTTP: create, respond and close on the same engine, handoff to the desk and back, every error.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChatFixture, chat, chatFixture } from "../support/chat-api.js";
import { onlineDesk } from "../support/desk.js";
import {
  type ShiftedClock,
  shiftedClock,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { BACKEND_NAMES, type TestBackend, testBackend } from "../support/test-backends.js";
import { admin } from "../support/verified-context.js";

let t: TestServer;
let clock: ShiftedClock;
let f: ChatFixture;

describe.each(BACKEND_NAMES)("on %s", (backendName) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = testBackend(backendName);
    clock = shiftedClock();
    t = await startTestServer(backend.env, undefined, clock);
    f = await chatFixture(t);
  });
  afterAll(async () => {
    await t.close();
    await backend.drop();
  });

  async function created(body: unknown = {}): Promise<string> {
    const result = await chat(t, f, "create", body);
    expect(result.status).toBe(200);
    return String(result.json?.conversation_id);
  }

  describe("a Chat API conversation", () => {
    it("starts on the connector's agent with its opening text, reading integration attributes", async () => {
      const result = await chat(t, f, "create", {
        integration_attributes: { first_name: "Lin", tier: "gold" },
        channel: "sms",
      });
      expect(result.status).toBe(200);
      expect(result.json).toEqual({
        conversation_id: expect.any(String),
        response: "Hi Lin, how can I help?",
      });
      const id = String(result.json?.conversation_id);
      const reply = await chat(t, f, "respond", { conversation_id: id, message: "which plan?" });
      expect(reply.json).toEqual({
        conversation_id: id,
        response: "Gold plan, Lin.",
        end_conversation: false,
      });
    });

    it("accepts a body-less create and an empty respond turn", async () => {
      const id = await created(undefined);
      const empty = await chat(t, f, "respond", { conversation_id: id });
      expect(empty.json).toEqual({ conversation_id: id, response: "", end_conversation: false });
    });

    it("is a session like any other in the admin API, integration attributes kept out of its events", async () => {
      const id = await created({ integration_attributes: { first_name: "Quokka-7" } });
      await chat(t, f, "respond", { conversation_id: id, message: "echo please" });
      const view = await admin(t, "GET", `/sessions/${id}`);
      expect(view.status).toBe(200);
      const types = ((view.json?.events ?? []) as { type: string }[]).map((e) => e.type);
      expect(types).toContain("EVENT_TYPE_USER_MESSAGE");
      expect(types).toContain("EVENT_TYPE_POLY_AGENT_MESSAGE");
      expect(JSON.stringify(view.json?.events)).not.toContain("first_name");
    });

    it("answers concurrent responds in order", async () => {
      const id = await created();
      const [a, b, c] = await Promise.all([
        chat(t, f, "respond", { conversation_id: id, message: "echo" }),
        chat(t, f, "respond", { conversation_id: id, message: "something else" }),
        chat(t, f, "respond", { conversation_id: id, message: "double" }),
      ]);
      expect([a.json?.response, b.json?.response, c.json?.response]).toEqual([
        "Echo one.",
        "You said something I cannot answer.",
        "First part.",
      ]);
    });

    it("ends with end_conversation when the agent ends it, then refuses further turns", async () => {
      const id = await created();
      const bye = await chat(t, f, "respond", { conversation_id: id, message: "bye" });
      expect(bye.json).toEqual({
        conversation_id: id,
        response: "Goodbye!",
        end_conversation: true,
      });
      const after = await chat(t, f, "respond", { conversation_id: id, message: "hello?" });
      expect(after.status).toBe(400);
      expect(after.json?.error_code).toBe("CONVERSATION_ENDED");
    });

    it("closes with REASON_USER_END, and closing again still succeeds", async () => {
      const id = await created();
      expect((await chat(t, f, "close", { conversation_id: id })).json).toEqual({ success: true });
      const view = await admin(t, "GET", `/sessions/${id}`);
      expect(view.json).toMatchObject({ state: "ended", end_reason: "REASON_USER_END" });
      expect((await chat(t, f, "close", { conversation_id: id })).status).toBe(200);
    });
  });

  describe("a handoff over the Chat API", () => {
    it("returns the handoff, delivers the user's messages to the live agent and returns theirs, then the agent again", async () => {
      const desk = await onlineDesk(t, { queues: ["support"] });
      const id = await created();
      const handed = await chat(t, f, "respond", {
        conversation_id: id,
        message: "a human please",
      });
      expect(handed.json).toMatchObject({
        conversation_id: id,
        response: "Connecting you to a person.",
        end_conversation: false,
        handoff: { destination: "support", reason: expect.any(String) },
      });
      expect((await desk.api.accept(id)).status).toBe(200);
      const quiet = await chat(t, f, "respond", { conversation_id: id, message: "are you there?" });
      expect(quiet.json).toMatchObject({ response: "", end_conversation: false });
      const events = await desk.api.events(id);
      expect(JSON.stringify(events.json)).toContain("are you there?");
      expect((await desk.api.message(id, { text: "Yes, I am Sam." })).status).toBeLessThan(300);
      expect((await desk.api.message(id, { text: "How can I help?" })).status).toBeLessThan(300);
      const live = await chat(t, f, "respond", { conversation_id: id, message: "my order" });
      expect(live.json?.response).toBe("Yes, I am Sam.\n\nHow can I help?");
      expect((await desk.api.leave(id, false)).status).toBe(204);
      const back = await chat(t, f, "respond", { conversation_id: id, message: "echo" });
      expect(back.json?.response).toContain("Echo one.");
      desk.socket.close();
    });
  });

  describe("Chat API errors", () => {
    const envelope = (code: string) => ({
      success: false,
      error: expect.any(String),
      error_id: expect.any(String),
      error_code: code,
      error_message: expect.any(String),
      data: null,
    });

    it("requires both headers and checks each against the path", async () => {
      expect((await chat(t, f, "create", {}, { "X-API-KEY": undefined })).json).toEqual(
        envelope("MISSING_CREDENTIALS"),
      );
      expect((await chat(t, f, "create", {}, { "X-TOKEN": undefined })).status).toBe(401);
      expect((await chat(t, f, "create", {}, { "X-API-KEY": "sbk_wrong" })).json).toEqual(
        envelope("INVALID_API_KEY"),
      );
      expect((await chat(t, f, "create", {}, { "X-TOKEN": "sbc_wrong" })).json).toEqual(
        envelope("INVALID_TOKEN"),
      );
      const otherAccount = await chat(
        t,
        f,
        "create",
        {},
        {},
        `/v1/elsewhere/${f.connector.id}/chat/create`,
      );
      expect(otherAccount).toMatchObject({ status: 403, json: envelope("ACCOUNT_FORBIDDEN") });
      const otherProject = await chat(
        t,
        f,
        "create",
        {},
        {},
        "/v1/default/not-this-one/chat/create",
      );
      expect(otherProject).toMatchObject({ status: 403, json: envelope("PROJECT_FORBIDDEN") });
      expect(
        (await chat(t, f, "create", {}, {}, `/v2/default/${f.connector.id}/chat/create`)).status,
      ).toBe(404);
    });

    it("uses X-PolyAI-Correlation-Id as the error id", async () => {
      const result = await chat(
        t,
        f,
        "respond",
        { conversation_id: "nope" },
        { "X-PolyAI-Correlation-Id": "corr-123" },
      );
      expect(result.status).toBe(404);
      expect(result.json).toEqual(envelope("CONVERSATION_NOT_FOUND"));
      expect(result.json?.error_id).toBe("corr-123");
      expect(result.headers.get("x-polyai-correlation-id")).toBe("corr-123");
    });

    it("refuses bad bodies, unknown variants and another connector's conversation", async () => {
      expect((await chat(t, f, "create", "{oops")).json).toEqual(envelope("INVALID_REQUEST"));
      expect((await chat(t, f, "create", { channel: "pigeon" })).status).toBe(400);
      expect((await chat(t, f, "create", { integration_attributes: { a: { b: 1 } } })).status).toBe(
        400,
      );
      expect((await chat(t, f, "respond", { message: "no id" })).status).toBe(400);
      expect((await chat(t, f, "respond", { conversation_id: "x", message: 5 })).status).toBe(400);
      expect((await chat(t, f, "create", { variant_id: "v2" })).json).toEqual(
        envelope("CHAT_DRAFT_NOT_EXIST"),
      );
      const other = await chatFixture(t);
      const id = await created();
      expect(
        (await chat(t, other, "respond", { conversation_id: id, message: "hi" })).json,
      ).toEqual(envelope("CONVERSATION_NOT_FOUND"));
    });

    it("answers CHAT_TIMEOUT after the idle timeout", async () => {
      const id = await created();
      clock.jump(3_600_000);
      const late = await chat(t, f, "respond", { conversation_id: id, message: "still there?" });
      expect(late).toMatchObject({ status: 400, json: envelope("CHAT_TIMEOUT") });
      expect(late.json?.error_message).toBe("Chat session exceeded the timeout limit.");
    });
  });

  describe("the OpenAPI document at /docs", () => {
    it("describes the three Chat API endpoints, their error envelope, and the key routes", async () => {
      const spec = (await (await fetch(`${t.url}/docs/openapi.json`)).json()) as {
        paths: Record<string, unknown>;
        components: {
          schemas: Record<string, { properties?: Record<string, { enum?: string[] }> }>;
        };
      };
      for (const action of ["create", "respond", "close"])
        expect(Object.keys(spec.paths)).toContain(
          `/{version}/{account_id}/{project_id}/chat/${action}`,
        );
      expect(Object.keys(spec.paths)).toContain("/admin/v1/accounts/{account}/api-keys");
      expect(Object.keys(spec.paths)).toContain("/api/v1/sessions/{session_id}/context");
      expect(spec.components.schemas.ChatError?.properties?.error_code?.enum).toContain(
        "CHAT_TIMEOUT",
      );
      expect(await (await fetch(`${t.url}/docs`)).text()).toContain("/chat/respond");
    });
  });

  describe("account API keys", () => {
    it("are shown once, listed without secrets, and keep working during a rotation's overlap only", async () => {
      const made = await admin(t, "POST", "/accounts/default/api-keys");
      const key = String(made.json?.key);
      const listed = await admin(t, "GET", "/accounts/default/api-keys");
      expect(JSON.stringify(listed.json)).not.toContain(key);
      const rotated = await admin(t, "POST", `/accounts/default/api-keys/${made.json?.id}/rotate`, {
        overlap_seconds: 60,
      });
      expect(rotated.status).toBe(200);
      const fresh = String(rotated.json?.key);
      expect((await chat(t, { ...f, apiKey: key }, "create", {})).status).toBe(200);
      expect((await chat(t, { ...f, apiKey: fresh }, "create", {})).status).toBe(200);
      clock.jump(61_000);
      expect((await chat(t, { ...f, apiKey: key }, "create", {})).json?.error_code).toBe(
        "INVALID_API_KEY",
      );
      expect((await chat(t, { ...f, apiKey: fresh }, "create", {})).status).toBe(200);
      expect((await admin(t, "POST", "/accounts/unknown/api-keys")).status).toBe(404);
    });
  });

  describe("agent variants", () => {
    const envelope = (code: string) =>
      expect.objectContaining({ success: false, error_code: code });
    it("start a conversation on the variant's agent when the connector defines it; any other is CHAT_DRAFT_NOT_EXIST", async () => {
      const own = await chatFixture(t);
      const beta = await admin(t, "POST", "/agents", {
        kind: "rules",
        name: "Beta",
        greeting: { text: "Beta here, {{attr.first_name}}." },
        fallback: { text: "Beta does not know." },
        rules: [{ match: { keywords: ["plan"] }, reply: { text: "Beta plan." } }],
      });
      expect(beta.status).toBe(201);
      const path = `/connectors/${own.connector.id}`;
      expect(
        (await admin(t, "PATCH", path, { variants: { "bad id!": beta.json?.id } })).status,
      ).toBe(400);
      const missing = await admin(t, "PATCH", path, { variants: { beta: "no-such-agent" } });
      expect(missing.status).toBe(400);
      expect(JSON.stringify(missing.json)).toContain('variants.beta: no agent \\"no-such-agent\\"');
      // Before the connector defines it, the variant does not exist.
      expect((await chat(t, own, "create", { variant_id: "beta" })).json).toEqual(
        envelope("CHAT_DRAFT_NOT_EXIST"),
      );
      const patched = await admin(t, "PATCH", path, { variants: { beta: beta.json?.id } });
      expect(patched.status).toBe(200);
      expect(patched.json?.variants).toEqual({ beta: beta.json?.id });
      expect((await admin(t, "GET", path)).json?.variants).toEqual({ beta: beta.json?.id });

      const onBeta = await chat(t, own, "create", {
        variant_id: "beta",
        integration_attributes: { first_name: "Lin" },
      });
      expect(onBeta.json).toMatchObject({ response: "Beta here, Lin." });
      const id = String(onBeta.json?.conversation_id);
      expect(
        (await chat(t, own, "respond", { conversation_id: id, message: "plan?" })).json,
      ).toEqual({ conversation_id: id, response: "Beta plan.", end_conversation: false });
      const onDefault = await chat(t, own, "create", {
        integration_attributes: { first_name: "Lin" },
      });
      expect(onDefault.json).toMatchObject({ response: "Hi Lin, how can I help?" });
      expect((await chat(t, own, "create", { variant_id: "gamma" })).json).toEqual(
        envelope("CHAT_DRAFT_NOT_EXIST"),
      );
      // Removing the variants: new conversations cannot ask for one; the one on it carries on.
      expect((await admin(t, "PATCH", path, { variants: null })).json?.variants).toEqual({});
      expect((await chat(t, own, "create", { variant_id: "beta" })).json).toEqual(
        envelope("CHAT_DRAFT_NOT_EXIST"),
      );
      const after = await chat(t, own, "respond", { conversation_id: id, message: "echo" });
      expect(after.status).toBe(200);
      expect(after.json?.end_conversation).toBe(false);
    });
  });
});
