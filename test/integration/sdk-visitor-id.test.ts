// The SDK's stable visitor id against the real server: kept in storage and sent with new sessions,
// earlier conversations listed, one reopened (a fresh client, as on a later visit), or none at all.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type ClientOptions, SwitchboardClient, VISITOR_ID_KEY } from "../../src/sdk/index.js";
import { MemoryStorage } from "../support/protocol-fake.js";
import { startTestServer, type TestServer } from "../support/server.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(): Promise<TestServer> {
  const t = await startTestServer({ SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0" });
  cleanups.push(() => t.close());
  return t;
}

function sdk(t: TestServer, extra: Partial<ClientOptions> = {}) {
  const client = new SwitchboardClient({
    baseUrl: t.url,
    auth: { connectorToken: t.connectorToken, host: "localhost" },
    WebSocket: WebSocket as unknown as ClientOptions["WebSocket"],
    random: () => 0,
    ...extra,
  });
  cleanups.push(() => client.close());
  return client;
}

describe("the SDK's visitor id", () => {
  it("is made once and kept, links every session, and reopens an earlier one on a later visit", async () => {
    const t = await server();
    const storage = new MemoryStorage();
    const first = sdk(t, { storage });
    const started = await first.start();
    expect(started.ok).toBe(true);
    const visitorId = first.visitorId as string;
    expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(storage.getItem(VISITOR_ID_KEY)).toBe(visitorId);
    const firstSession = first.conversation.sessionId as string;
    const second = await first.startNewSession();
    expect(second.ok).toBe(true);
    const secondSession = first.conversation.sessionId as string;
    first.close();

    // A later visit: a new client on the same storage has the same id and finds both.
    const later = sdk(t, { storage });
    expect(later.visitorId).toBe(visitorId);
    const listed = await later.earlierConversations();
    expect(listed.ok && listed.conversations.map((c) => c.sessionId)).toEqual([
      secondSession,
      firstSession,
    ]);
    const reopened = await later.openConversation(firstSession);
    expect(reopened).toEqual({ ok: true, sessionId: firstSession });
    expect(later.conversation.sessionId).toBe(firstSession);
    expect(later.state).toBe("open");
  });

  it("sends none when the app turns it off, and lists nothing then", async () => {
    const t = await server();
    const client = sdk(t, { storage: new MemoryStorage(), visitorId: null });
    expect((await client.start()).ok).toBe(true);
    expect(client.visitorId).toBeNull();
    expect(await client.earlierConversations()).toEqual({ ok: true, conversations: [] });
    const session = await t.server.store.getSession(client.conversation.sessionId as string);
    expect(await t.server.hub.history.originOf(session?.id as string)).toBeUndefined();
  });
});
