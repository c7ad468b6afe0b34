// The desk inbox over HTTP: closed conversations of my queues, searched by a word in them, filtered,
// paged, opened read-only with notes and rating; bad queries refused; erased ones gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addQueue, type OnlineDesk, onlineDesk, queuedClient } from "../support/desk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { admin } from "../support/verified-context.js";

let t: TestServer;
let ada: OnlineDesk;
let bob: OnlineDesk;

beforeAll(async () => {
  t = await startTestServer();
  await addQueue(t, "support");
  await addQueue(t, "billing");
  ada = await onlineDesk(t, { name: "Ada", queues: ["support"] });
  bob = await onlineDesk(t, { name: "Bob", queues: ["billing"] });
  const listed = await admin(t, "GET", "/connectors");
  const demo = ((listed.json?.connectors ?? []) as { id: string }[])[0] as { id: string };
  await admin(t, "PATCH", `/connectors/${demo.id}`, { rating: { scale: "five", comment: true } });
});
afterAll(async () => {
  ada.socket.close();
  bob.socket.close();
  await t.close();
});

/** A conversation Ada takes, where the visitor says `text`, Ada notes `note`; the visitor ends and rates it. */
async function closedConversation(text: string, note: string, score?: number): Promise<string> {
  const { client, sessionId, token } = await queuedClient(t);
  expect((await ada.api.accept(sessionId)).status).toBe(200);
  await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
  client.send("EVENT_TYPE_USER_MESSAGE", { text });
  await client.waitFor((e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === text);
  expect((await ada.api.message(sessionId, { text: "Let me check that for you." })).status).toBe(
    201,
  );
  expect(
    (await ada.api.request("POST", `/sessions/${sessionId}/notes`, { text: note })).status,
  ).toBe(201);
  client.send("EVENT_TYPE_USER_END_SESSION", {});
  await client.waitFor("EVENT_TYPE_SESSION_END");
  client.close();
  if (score !== undefined) {
    const rated = await fetch(`${t.url}/api/v1/sessions/${sessionId}/rating`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ score, comment: "Sorted it out" }),
    });
    expect(rated.status).toBe(201);
  }
  return sessionId;
}

type Page = {
  conversations: {
    session: { id: string };
    match: { text: string } | null;
    rating: unknown;
    agent: unknown;
    queue: string;
  }[];
  next_cursor: string | null;
};
const inbox = async (desk: OnlineDesk, query: string) => {
  const { status, json } = await desk.api.request("GET", `/inbox${query}`);
  return { status, json: json as unknown };
};
const ids = (page: unknown) => (page as Page).conversations.map((c) => c.session.id);

describe("the desk inbox", () => {
  let parcel: string;
  let invoice: string;

  beforeAll(async () => {
    parcel = await closedConversation(
      "Where is my parcel? Tracking says delivered",
      "Courier lost it",
      2,
    );
    invoice = await closedConversation(
      "My invoice shows the wrong VAT number",
      "Sent a corrected one",
    );
  });

  it("lists my queues' closed conversations, newest first, with queue, agent and rating", async () => {
    const all = await inbox(ada, "");
    expect(all.status).toBe(200);
    expect(ids(all.json)).toEqual([invoice, parcel]);
    const first = (all.json as Page).conversations[1];
    expect(first).toMatchObject({
      queue: "support",
      agent: { id: ada.user.id, name: "Ada" },
      rating: { score: "2", comment: "Sorted it out", scale: "five" },
      match: null,
    });
    // Bob serves billing only: none of these are his.
    expect(ids((await inbox(bob, "")).json)).toEqual([]);
  });

  it("finds a conversation by a word in it, case-insensitively and by word start, with the matching message", async () => {
    const found = await inbox(ada, "?q=PARC");
    expect(ids(found.json)).toEqual([parcel]);
    expect((found.json as Page).conversations[0]?.match?.text).toBe(
      "Where is my parcel? Tracking says delivered",
    );
    // Words may come from different messages (the visitor's and the agent's).
    expect(ids((await inbox(ada, "?q=invoice%20check")).json)).toEqual([invoice]);
    expect(ids((await inbox(ada, "?q=parcel%20invoice")).json)).toEqual([]);
    // Punctuation is no syntax: quotes, stars and operators are just separators.
    expect(ids((await inbox(ada, `?q=${encodeURIComponent('"vat"* (number) -')}`)).json)).toEqual([
      invoice,
    ]);
  });

  it("filters by queue, agent, rating and end date, and pages with a cursor", async () => {
    expect(ids((await inbox(ada, "?rating=2")).json)).toEqual([parcel]);
    expect(ids((await inbox(ada, "?rating=none")).json)).toEqual([invoice]);
    expect(ids((await inbox(ada, `?agent=${bob.user.id}`)).json)).toEqual([]);
    expect(ids((await inbox(ada, "?queue=billing")).json)).toEqual([]);
    expect(ids((await inbox(ada, "?ended_after=2999-01-01")).json)).toEqual([]);
    const page1 = await inbox(ada, "?limit=1");
    expect(ids(page1.json)).toEqual([invoice]);
    const cursor = (page1.json as Page).next_cursor as string;
    const page2 = await inbox(ada, `?limit=1&cursor=${cursor}`);
    expect(ids(page2.json)).toEqual([parcel]);
  });

  it("opens a closed conversation read-only with its events, notes and rating; not someone else's", async () => {
    const opened = await ada.api.request("GET", `/inbox/${parcel}`);
    expect(opened.status).toBe(200);
    const body = opened.json as {
      events: { type: string; payload: { text?: string } }[];
      notes: { text: string; author: { name: string } }[];
      rating: { score: string };
      session: { state: string };
    };
    expect(body.session.state).toBe("ended");
    expect(body.events.map((e) => e.payload.text)).toContain("Let me check that for you.");
    expect(body.notes).toMatchObject([{ text: "Courier lost it", author: { name: "Ada" } }]);
    expect(body.rating.score).toBe("2");
    expect((await bob.api.request("GET", `/inbox/${parcel}`)).status).toBe(404);
    // Read-only: the conversation is over, so answering it is refused.
    expect((await ada.api.message(parcel, { text: "hello again" })).status).toBe(404);
  });

  it("refuses bad queries with a clear error", async () => {
    const cases: [string, string][] = [
      [`?q=${"a".repeat(201)}`, "q must be at most 200 characters"],
      ["?q=a%20b%20c%20d%20e%20f%20g%20h%20i", "q may hold at most 8 words"],
      ["?q=%22%2A%22", "q must contain a letter or digit"],
      ["?rating=6", "rating: must be 1 to 5, up, down or none"],
      ["?limit=0", "limit: must be a whole number from 1 to 100"],
      ["?cursor=nope!", "cursor: not a cursor this API gave (use next_cursor)"],
      [
        "?ended_after=yesterday",
        "ended_after: must be an ISO 8601 date or time, or epoch milliseconds",
      ],
      ["?colour=red", "colour: unknown query parameter"],
    ];
    for (const [query, detail] of cases) {
      expect(await inbox(ada, query)).toEqual({
        status: 400,
        json: { code: "desk_invalid_request", message: `Invalid request: ${detail}` },
      });
    }
  });

  it("forgets an erased conversation at once", async () => {
    const gone = await closedConversation("Please delete my zanzibar order", "Erasure requested");
    expect(ids((await inbox(ada, "?q=zanzibar")).json)).toEqual([gone]);
    expect((await admin(t, "DELETE", `/sessions/${gone}`)).status).toBe(204);
    expect(ids((await inbox(ada, "?q=zanzibar")).json)).toEqual([]);
    expect((await ada.api.request("GET", `/inbox/${gone}`)).status).toBe(404);
  });

  it("needs a desk credential", async () => {
    expect((await fetch(`${t.url}/desk/v1/inbox`)).status).toBe(401);
  });
});
