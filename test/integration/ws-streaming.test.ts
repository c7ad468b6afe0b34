// Streaming sessions: agent messages as chunks, split after whitespace, extras last, replayed as sent (rules 15–16).
import { beforeEach, describe, expect, it } from "vitest";
import { connect, durable, firstBatch, joinedClient, say } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer());
});

async function streamingClient() {
  const joined = await joinedClient(t, { body: { streaming_enabled: true } });
  track(joined.client);
  return joined;
}

async function plainClient() {
  const joined = await joinedClient(t);
  track(joined.client);
  return joined;
}

function chunksOf(client: TestClient, messageId: unknown): WireEvent[] {
  return client.events.filter(
    (e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" && e.payload.message_id === messageId,
  );
}

/** Checks the chunk series of one message and returns its text. */
function expectWellFormedChunks(chunks: WireEvent[]): string {
  expect(chunks.length).toBeGreaterThan(1);
  expect(chunks.map((c) => c.payload.chunk_index)).toEqual(chunks.map((_, i) => i + 1));
  expect(chunks.map((c) => c.payload.is_complete)).toEqual(
    chunks.map((_, i) => i === chunks.length - 1),
  );
  for (const [i, chunk] of chunks.entries()) {
    expect(typeof chunk.sequence).toBe("number");
    if (i > 0) expect(chunk.sequence).toBe((chunks[i - 1]?.sequence as number) + 1);
    expect(chunk.payload.agent_name).toBe("Ada");
    expect(typeof chunk.payload.avatar_url).toBe("string");
    if (i < chunks.length - 1) {
      // A boundary falls only right after whitespace, never inside a word.
      expect(chunk.payload.text, `chunk ${i + 1}`).toMatch(/\S\s+$/);
      expect(chunks[i + 1]?.payload.text).not.toMatch(/^\s/);
      expect(chunk.payload.attachments).toEqual([]);
      expect(chunk.payload.response_suggestions).toEqual([]);
    }
  }
  return chunks.map((c) => c.payload.text).join("");
}

describe("streamed agent messages", () => {
  it("announces streaming in SESSION_START", async () => {
    const { client } = await streamingClient();
    expect(firstBatch(client)[0]?.payload).toMatchObject({ capabilities: { streaming: true } });
  });

  it("streams the greeting as chunks whose concatenation is the non-streamed text, extras on the last", async () => {
    const { client, greeting } = await streamingClient();
    const plain = await plainClient();
    const chunks = chunksOf(client, greeting.payload.message_id);
    expect(chunks.at(-1)).toBe(greeting);
    expect(expectWellFormedChunks(chunks)).toBe(plain.greeting.payload.text);
    expect(greeting.payload.response_suggestions).toEqual(
      plain.greeting.payload.response_suggestions,
    );
    expect(greeting.payload.attachments).toEqual([]);
    // THINKING precedes the first chunk.
    const firstIndex = client.events.indexOf(chunks[0] as WireEvent);
    expect(client.events[firstIndex - 1]?.type).toBe("EVENT_TYPE_POLY_AGENT_THINKING");
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE")).toHaveLength(0);
  });

  it("puts a reply's attachments on the final chunk only", async () => {
    const { client } = await streamingClient();
    const plain = await plainClient();
    const { reply } = await say(client, "opening hours");
    const { reply: plainReply } = await say(plain.client, "opening hours");
    const chunks = chunksOf(client, reply.payload.message_id);
    expect(expectWellFormedChunks(chunks)).toBe(plainReply.payload.text);
    expect(reply.payload.attachments).toEqual(plainReply.payload.attachments);
    expect((reply.payload.attachments as unknown[]).length).toBe(1);
  });

  it("never sends a POLY_AGENT_MESSAGE for a streamed message_id, live or in history", async () => {
    const { client, ...ref } = await streamingClient();
    await say(client, "opening hours");
    await say(client, "something");
    const again = await connect(t, ref);
    track(again);
    await again.waitFor((e) => e.sequence === client.lastSequence);
    for (const events of [client.events, again.events]) {
      const chunked = new Set(
        events
          .filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
          .map((e) => e.payload.message_id),
      );
      expect(chunked.size).toBe(3);
      expect(events.filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE")).toHaveLength(0);
    }
  });

  it("replays chunks exactly as they were sent live", async () => {
    const { client, ...ref } = await streamingClient();
    await say(client, "opening hours");
    const again = await connect(t, ref);
    track(again);
    await again.waitFor((e) => e.sequence === client.lastSequence);
    const liveChunks = client
      .ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((e) => JSON.stringify(e));
    const replayed = again
      .ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((e) => JSON.stringify(e));
    expect(replayed).toEqual(liveChunks);
    expect(again.events.map((e) => JSON.stringify(e))).toEqual(
      durable(client.events).map((e) => JSON.stringify(e)),
    );
  });

  it("ends a streamed bye with end_conversation on the final chunk, then SESSION_END", async () => {
    const { client } = await streamingClient();
    const { reply } = await say(client, "bye");
    expect(reply.payload.is_complete).toBe(true);
    expect(reply.payload.end_conversation).toBe(true);
    const chunks = chunksOf(client, reply.payload.message_id);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.payload.end_conversation).toBeUndefined();
    const end = await client.waitFor("EVENT_TYPE_SESSION_END");
    expect(end.payload).toEqual({ reason: "REASON_NATURAL_END" });
    expect(end.sequence).toBe((reply.sequence as number) + 1);
  });
});
