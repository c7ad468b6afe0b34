// The official mobile SDKs, as scripted models of their request code and chat state, against a real server.
import { beforeEach, describe, expect, it } from "vitest";
import { connect, expectRefusal, refused } from "../support/conversation.js";
import { onlineDesk } from "../support/desk.js";
import { decodeJwt } from "../support/http.js";
import { APP_ID, appConnector, appQueues, TEXTS } from "../support/official-sdk/app-fixtures.js";
import type { SdkPlatform, SdkToken } from "../support/official-sdk/rest.js";
import { ScriptedSdk } from "../support/official-sdk/scripted-sdk.js";
import {
  mintToken,
  type ShiftedClock,
  shiftedClock,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
let t: TestServer;
let serverHandoff: string;

beforeEach(async () => {
  t = track(await startTestServer());
  await appQueues(t);
  serverHandoff = await appConnector(t, { mode: "server", queue: "support" });
});

/** An app whose SDK started a session and showed the greeting. */
async function startedApp(platform: SdkPlatform, connectorToken = serverHandoff) {
  const sdk = track(
    new ScriptedSdk({ platform, baseUrl: t.url, connectorToken, hostIdentifier: APP_ID }),
  );
  await sdk.start();
  await sdk.until(() => sdk.chat.finished.length >= 1);
  expect(sdk.chat.finished).toEqual([TEXTS.greeting]);
  return sdk;
}

/** Sends `text` and waits for its echo and `answers` more finished agent messages. */
async function ask(sdk: ScriptedSdk, text: string, answers = 1): Promise<string[]> {
  const before = sdk.chat.finished.length;
  const draft = sdk.say(text);
  expect(draft).not.toBeNull();
  await sdk.until(
    () =>
      sdk.chat.delivery(draft as string) === "sent" && sdk.chat.finished.length >= before + answers,
  );
  return sdk.chat.finished.slice(before);
}

/** The app still holds its one conversation: nothing thrown away, no greeting twice, not ended. */
function expectKeptConversation(sdk: ScriptedSdk): void {
  expect(sdk.sessions).toHaveLength(1);
  expect(sdk.refusedUpgrades).toEqual([]);
  expect(sdk.problems).toEqual([]);
  expect(sdk.chat.violations).toEqual([]);
  expect(sdk.chat.finished.filter((text) => text === TEXTS.greeting)).toHaveLength(1);
  expect(sdk.chat.hasEnded).toBe(false);
}

/** Texts of exactly 131072 UTF-8 bytes; the last is six times that once JSON escapes it. */
const TEXTS_OF_MAX_SIZE = {
  ascii: `a${"b".repeat(131_070)}c`,
  "multibyte UTF-8": `${"é€😀".repeat(14_563)}é€`,
  "control-character": `x${"\u0001".repeat(131_070)}y`,
};

function joinsSent(sdk: ScriptedSdk): number {
  return sdk.sent.filter((f) => f.includes("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).length;
}

describe.each(["ios", "android"] as const)("the official %s SDK", (platform) => {
  it("gets a session laid out for it and assembles the streamed greeting and replies exactly", async () => {
    const sdk = await startedApp(platform);
    const session = await t.server.store.getSession(sdk.sessionId as string);
    expect(session).toMatchObject({
      clientProfile: "official-sdk",
      chunkLayout: "space",
      platform,
    });
    expect(session?.userAgent).toMatch(
      platform === "ios" ? /^PolyMessaging-iOS\// : /^PolyMessaging-Android\//,
    );
    expect(await ask(sdk, "opening hours?")).toEqual([TEXTS.hours]);
    const hours = sdk.chat.lines.find((l) => l.text === TEXTS.hours);
    expect(hours?.attachments).toHaveLength(1);
    expect(sdk.chat.maxMessageSize).toBe(131072);
    expectKeptConversation(sdk);
  });

  it("reconnects with its cursor and neither joins nor is greeted again", async () => {
    const sdk = await startedApp(platform);
    sdk.dropNetwork();
    await sdk.until(() => !sdk.isOpen);
    await sdk.advance(1000);
    expect(sdk.isOpen).toBe(true);
    expect(sdk.connectUrls.at(-1)).toContain(`cursor=${sdk.lastSequence}`);
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    expect(joinsSent(sdk)).toBe(1);
    expectKeptConversation(sdk);
  });

  it("keeps its conversation through a live agent who hands it back to the AI agent", async () => {
    const kim = await onlineDesk(t, { name: "Kim", queues: ["support"] });
    track(kim.socket);
    const desk = kim.api;
    const sdk = await startedApp(platform);
    expect(await ask(sdk, "a human please")).toEqual([TEXTS.handoff]);
    await sdk.until(() => sdk.chat.notices().some((n) => n.startsWith("handoffAccepted")));
    const sessionId = sdk.sessionId as string;
    expect((await desk.accept(sessionId)).status).toBe(200);
    await desk.message(sessionId, { text: "Kim here.  How can I help?" });
    await sdk.until(() => sdk.chat.finished.includes("Kim here.  How can I help?"));
    expect((await desk.leave(sessionId, false)).status).toBe(204);
    await sdk.until(() => sdk.chat.finished.at(-1) === TEXTS.rejoin);
    expect(sdk.chat.notices()).toContain(
      "server: Kim has left the chat. Our virtual assistant is back to help you.",
    );
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    expectKeptConversation(sdk);
    // The transcript still records that the live agent left.
    const events = await t.server.store.readEvents(sessionId, 0, 1000);
    expect(events.some((e) => e.type === "EVENT_TYPE_LIVE_AGENT_LEFT")).toBe(false);
    const notice = events.find((e) => e.payloadJson.includes("live_agent_left"));
    expect(JSON.parse(notice?.payloadJson ?? "{}").live_agent_left).toMatchObject({
      reason: "AGENT_LEFT",
      agent_name: "Kim",
    });
  });

  it("keeps its conversation through a transfer, and ends when the last live agent ends it", async () => {
    const sam = await onlineDesk(t, { name: "Sam", queues: ["support"] });
    const kim = await onlineDesk(t, { name: "Kim", queues: ["billing"] });
    track(sam.socket);
    track(kim.socket);
    const sdk = await startedApp(platform);
    await ask(sdk, "a person");
    await sdk.until(() => sdk.chat.notices().some((n) => n.startsWith("handoffAccepted")));
    const sessionId = sdk.sessionId as string;
    expect((await sam.api.accept(sessionId)).status).toBe(200);
    expect((await sam.api.transfer(sessionId, "billing")).status).toBe(204);
    await sdk.until(() => sdk.chat.notices().includes("handoffAccepted: billing"));
    expect(sdk.chat.notices()).toContain(
      "server: Sam is transferring you to billing. Please stay in the chat.",
    );
    expect(sdk.chat.hasEnded).toBe(false);
    expect((await kim.api.accept(sessionId)).status).toBe(200);
    await kim.api.message(sessionId, { text: "Billing, Kim speaking." });
    await sdk.until(() => sdk.chat.finished.at(-1) === "Billing, Kim speaking.");
    expectKeptConversation(sdk);
    // Ending the conversation is the one time LIVE_AGENT_LEFT is sent.
    expect((await kim.api.leave(sessionId, true)).status).toBe(204);
    await sdk.until(() => sdk.closes.length > 0);
    expect(sdk.closes).toEqual([{ code: 1000, reason: "session ended" }]);
    expect(sdk.chat.hasEnded).toBe(true);
    expect(sdk.chat.notices().at(-1)).toBe("conversationEnded: AGENT_LEFT");
  });

  it("after a client-managed handoff, a message brings the AI agent back (no greeting) and is answered", async () => {
    const client = await appConnector(t, {
      mode: "client",
      reason: "COMPLEX_QUERY",
      queue_name: "Support",
    });
    const sdk = await startedApp(platform, client);
    await ask(sdk, "a human please");
    await sdk.until(() => sdk.chat.notices().includes("handoffRequired: COMPLEX_QUERY"));
    expect(await ask(sdk, "hours?", 2)).toEqual([TEXTS.rejoin, TEXTS.hours]);
    expect(sdk.chat.notices()).toContain("server: Error: Conversation not found");
    expect(joinsSent(sdk)).toBe(2);
    expectKeptConversation(sdk);
  });

  it("ends the conversation: the end is recorded although the SDK closes at once", async () => {
    const sdk = await startedApp(platform);
    sdk.end();
    await sdk.until(() => sdk.closes.length > 0);
    const sessionId = sdk.sessionId as string;
    const deadline = Date.now() + 5000;
    while ((await t.server.store.getSession(sessionId))?.state !== "ended") {
      if (Date.now() > deadline) throw new Error("the end was not recorded");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const events = await t.server.store.readEvents(sessionId, 0, 100);
    expect(events.slice(-2).map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_END_SESSION",
      "EVENT_TYPE_SESSION_END",
    ]);
  });

  it("is closed with 1013 instead of refused when the session holds 10 connections, and comes back", async () => {
    const sdk = await startedApp(platform);
    const ref = { sessionId: sdk.sessionId as string, token: sdk.token?.token as string };
    const others = await Promise.all(Array.from({ length: 9 }, () => connect(t, ref)));
    sdk.dropNetwork();
    await sdk.until(() => !sdk.isOpen);
    const tenth = await connect(t, ref);
    await sdk.advance(1000);
    await sdk.until(() => sdk.closes.length === 2);
    expect(sdk.closes[1]).toEqual({ code: 1013, reason: "connection limit exceeded for session" });
    for (const other of [...others, tenth]) other.close();
    await Promise.all([...others, tenth].map((other) => other.closed));
    // The SDK keeps trying on its backoff until a slot is free again.
    for (let tries = 0; tries < 5 && !sdk.isOpen; tries++) await sdk.advance(30_000);
    expect(sdk.isOpen).toBe(true);
    expect(sdk.closes.slice(1).every((c) => c.code === 1013)).toBe(true);
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    expectKeptConversation(sdk);
  });

  it("re-sends a message written while the socket was down with the same local_id; it is stored once", async () => {
    const sdk = await startedApp(platform);
    sdk.dropNetwork();
    await sdk.until(() => !sdk.isOpen);
    const draft = sdk.say("hours");
    await sdk.advance(1000);
    expect(sdk.isOpen).toBe(true);
    if (platform === "android") {
      // Android fails what it could not send ("tap to retry"); the user sends it again.
      expect(sdk.chat.delivery(draft as string)).toBe("failed");
      expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    } else {
      // iOS re-sends every 3 s with the same local_id: the first retry after the reconnect lands.
      const before = sdk.chat.finished.length;
      await sdk.advance(2000);
      await sdk.until(
        () => sdk.chat.delivery(draft as string) === "sent" && sdk.chat.finished.length > before,
      );
      expect(sdk.chat.finished.at(-1)).toBe(TEXTS.hours);
    }
    const events = await t.server.store.readEvents(sdk.sessionId as string, 0, 100);
    expect(events.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(1);
    expectKeptConversation(sdk);
  });

  it.each(Object.entries(TEXTS_OF_MAX_SIZE))(
    "sends a %s text of max_message_size_bytes: echoed, stored and replayed exactly",
    async (_kind, text) => {
      const sdk = await startedApp(platform);
      expect(Buffer.byteLength(text)).toBe(sdk.chat.maxMessageSize);
      expect(await ask(sdk, text)).toEqual([TEXTS.fallback]);
      expect(sdk.chat.lines.filter((l) => l.kind === "user").map((l) => l.text)).toEqual([text]);
      const stored = await t.server.store.readEvents(sdk.sessionId as string, 0, 100);
      const user = stored.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE");
      expect(user.map((e) => JSON.parse(e.payloadJson).text)).toEqual([text]);
      // The app reopens the stored conversation: the whole history again, in frames it can read.
      const reopened = track(
        new ScriptedSdk({
          platform,
          baseUrl: t.url,
          connectorToken: serverHandoff,
          hostIdentifier: APP_ID,
        }),
      );
      await reopened.reopen(sdk.sessionId as string, sdk.token as SdkToken);
      await reopened.until(() => reopened.chat.finished.length === 2);
      expect(reopened.chat.finished).toEqual([TEXTS.greeting, TEXTS.fallback]);
      expect(reopened.chat.lines.filter((l) => l.kind === "user").map((l) => l.text)).toEqual([
        text,
      ]);
      for (const app of [sdk, reopened]) expect(app.largestFrame).toBeLessThanOrEqual(1_048_576);
      expect(joinsSent(reopened)).toBe(0);
      expectKeptConversation(sdk);
    },
  );

  it("refuses a longer text itself; sent anyway, it gets the system message each time and no close", async () => {
    const sdk = await startedApp(platform);
    const text = `${TEXTS_OF_MAX_SIZE.ascii}z`;
    expect(sdk.say(text)).toBeNull();
    expect(sdk.chat.refusedLocally).toBe(1);
    // An app without the SDK's check: the server refuses it; iOS re-sends it three times.
    sdk.chat.maxMessageSize = 0;
    const draft = sdk.say(text) as string;
    const refusals = () =>
      sdk.chat
        .notices()
        .filter((n) => n === "server: Invalid payload: text is larger than 131072 bytes");
    await sdk.until(() => refusals().length === 1);
    const sends = platform === "ios" ? 4 : 1;
    for (let sent = 2; sent <= sends; sent++) {
      await sdk.advance(3000);
      await sdk.until(() => refusals().length === sent);
    }
    await sdk.advance(10_000);
    await sdk.until(() => sdk.chat.delivery(draft) === "failed");
    expect(refusals()).toHaveLength(sends);
    expect(sdk.sent.filter((f) => f.length > 131_073)).toHaveLength(sends);
    expect(sdk.closes).toEqual([]);
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    const stored = await t.server.store.readEvents(sdk.sessionId as string, 0, 100);
    expect(stored.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(1);
    expectKeptConversation(sdk);
  });
});

describe("connect rate and token renewal, with the server's clock moved on", () => {
  let clock: ShiftedClock;

  async function server(env: Record<string, string> = {}): Promise<string> {
    clock = shiftedClock();
    t = track(await startTestServer(env, undefined, clock));
    await appQueues(t);
    return appConnector(t, { mode: "server", queue: "support" });
  }

  it("is closed with 1013 Too many connection attempts instead of a 429, and comes back", async () => {
    // 60 per minute: a burst of 10 connects per session, then one a second.
    const connector = await server({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "60" });
    const sdk = await startedApp("ios", connector);
    const ref = { sessionId: sdk.sessionId as string, token: sdk.token?.token as string };
    for (let i = 0; i < 9; i++) {
      const other = await connect(t, ref);
      other.close();
      await other.closed;
    }
    sdk.dropNetwork();
    await sdk.until(() => !sdk.isOpen);
    await sdk.advance(1000);
    await sdk.until(() => sdk.closes.length === 2);
    expect(sdk.closes[1]).toEqual({ code: 1013, reason: "Too many connection attempts" });
    clock.jump(10_000);
    await sdk.advance(1000);
    expect(sdk.isOpen).toBe(true);
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    expectKeptConversation(sdk);
  });

  it("iOS: a renewed token (a new subject) resumes the same session within 300 s of expiry", async () => {
    const connector = await server({ SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "600" });
    const sdk = await startedApp("ios", connector);
    const first = sdk.token?.token as string;
    clock.jump(301_000);
    sdk.time.advance(301_000);
    sdk.dropNetwork();
    await sdk.until(() => !sdk.isOpen);
    await sdk.networkRestored();
    expect(sdk.isOpen).toBe(true);
    const renewed = sdk.token?.token as string;
    expect(renewed).not.toBe(first);
    expect(await ask(sdk, "hours")).toEqual([TEXTS.hours]);
    expectKeptConversation(sdk);
    // The session now belongs to the new subject: the old token, still valid, is refused.
    const session = await t.server.store.getSession(sdk.sessionId as string);
    expect(session?.subject).toBe(decodeJwt(renewed).payload.sub);
    const ref = { sessionId: sdk.sessionId as string };
    expectRefusal(
      await refused(connect(t, { ...ref, token: first })),
      401,
      "authentication failed",
    );
  });

  it("a fresh token of the connector reopens a session whose token expired; others still get 401", async () => {
    const connector = await server({
      SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "600",
      // The app comes back after the token expired but before the session is abandoned.
      SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "86400",
    });
    const sdk = await startedApp("ios", connector);
    const sessionId = sdk.sessionId as string;
    sdk.close();
    // Another subject while the bound token is fresh, or a token of another connector: refused.
    const early = await sdk.rest.obtainAccessToken();
    expectRefusal(
      await refused(connect(t, { sessionId, token: early.token })),
      401,
      "authentication failed",
    );
    clock.jump(601_000);
    const otherConnector = await appConnector(t, { mode: "server" });
    const other = await mintToken(t, { "X-Token": otherConnector, "X-Host": APP_ID });
    expectRefusal(
      await refused(connect(t, { sessionId, token: other })),
      401,
      "authentication failed",
    );
    const reopened = await sdk.rest.obtainAccessToken();
    const client = track(await connect(t, { sessionId, token: reopened.token }));
    await client.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK").length).toBeGreaterThan(0);
  });
});

describe("a live agent who drops past the grace period", () => {
  it("is told as a notice in the user's language; the chat goes back to the queue and on", async () => {
    t = track(await startTestServer({ SWITCHBOARD_DESK_GRACE_SECONDS: "1" }));
    await appQueues(t);
    const connector = await appConnector(t, { mode: "server", queue: "support" });
    const sam = await onlineDesk(t, { name: "Sam", queues: ["support"] });
    const sdk = await startedApp("android", connector);
    await ask(sdk, "a person");
    await sdk.until(() => sdk.chat.notices().some((n) => n.startsWith("handoffAccepted")));
    expect((await sam.api.accept(sdk.sessionId as string)).status).toBe(200);
    await sdk.until(() => sdk.chat.notices().some((n) => n.startsWith("liveAgentJoined")));
    sam.socket.close();
    await sdk.until(
      () => sdk.chat.notices().filter((n) => n.startsWith("handoffAccepted")).length === 2,
      5000,
    );
    expect(sdk.chat.notices()).toContain(
      "server: Sam was disconnected. We are connecting you with someone else.",
    );
    expectKeptConversation(sdk);
  });
});
