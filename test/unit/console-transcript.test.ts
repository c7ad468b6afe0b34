// The console's transcript model: order, de-duplication, streamed chunks joined, authors told apart.
import { describe, expect, it } from "vitest";
import { backoffDelay } from "../../src/console/backoff.js";
import { Chat } from "../../src/console/chat-state.js";
import { transcriptItems } from "../../src/console/transcript-model.js";
import type { WireEvent } from "../../src/console/types.js";
import type { EventType } from "../../src/protocol/index.js";

let n = 0;
function event(
  type: EventType,
  payload: Record<string, unknown>,
  sequence: number | null = ++n,
): WireEvent {
  return {
    id: `e${sequence ?? `t${n}`}-${type}`,
    sequence,
    timestamp: new Date(0).toISOString(),
    type,
    payload,
  };
}

describe("console transcript", () => {
  it("orders by sequence, joins chunks by message_id in chunk order and marks the bot", () => {
    const chunks = [
      event(
        "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
        { message_id: "m", text: "world", chunk_index: 2 },
        4,
      ),
      event("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada" }, 1),
      event(
        "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
        { message_id: "m", text: "Hello ", chunk_index: 1 },
        3,
      ),
      event("EVENT_TYPE_USER_MESSAGE", { text: "hi" }, 2),
    ];
    const items = transcriptItems(chunks, "me");
    expect(items.map((i) => (i.kind === "note" ? "note" : `${i.author}:${i.text}`))).toEqual([
      "note",
      "user:hi",
      "bot:Hello world",
    ]);
    const bot = items[2];
    expect(bot?.kind === "message" && bot.streaming).toBe(true);
    const done = transcriptItems(
      [
        ...chunks,
        event(
          "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
          {
            message_id: "m",
            text: "",
            chunk_index: 3,
            is_complete: true,
            response_suggestions: [{ message_text: "ok" }],
          },
          5,
        ),
      ],
      "me",
    );
    expect(done[2]).toMatchObject({
      text: "Hello world",
      streaming: false,
      name: "Ada",
      suggestions: [{ message_text: "ok" }],
    });
  });

  it("tells my live-agent messages from another agent's", () => {
    const items = transcriptItems(
      [
        event(
          "EVENT_TYPE_LIVE_AGENT_MESSAGE",
          { agent_id: "a1", agent_name: "Sam", text: "one" },
          1,
        ),
        event(
          "EVENT_TYPE_LIVE_AGENT_MESSAGE",
          { agent_id: "me", agent_name: "Me", text: "two" },
          2,
        ),
      ],
      "me",
    );
    expect(items.map((i) => i.kind === "message" && i.author)).toEqual(["agent", "me"]);
  });

  it("keeps each event once however often it arrives, and ends on SESSION_END", () => {
    const chat = new Chat("s1", "support");
    const message = event("EVENT_TYPE_USER_MESSAGE", { text: "once" }, 1);
    expect(chat.add([message])).toHaveLength(1);
    expect(chat.add([message, { ...message }])).toHaveLength(0);
    expect(chat.items(null)).toHaveLength(1);
    chat.add([event("EVENT_TYPE_SESSION_END", { reason: "REASON_USER_END" }, 2)]);
    expect(chat.writable).toBe(false);
    expect(chat.closure?.message).toContain("the user closed the chat");
  });

  it("backs off with full jitter under a growing, capped ceiling", () => {
    expect(backoffDelay(1, 500, 15_000, () => 1)).toBe(500);
    expect(backoffDelay(4, 500, 15_000, () => 1)).toBe(4_000);
    expect(backoffDelay(20, 500, 15_000, () => 1)).toBe(15_000);
    expect(backoffDelay(3, 500, 15_000, () => 0)).toBe(100);
  });
});

describe("console transcript of a session laid out for the official SDKs", () => {
  it("joins chunks with one space and shows the live agent's leaving as a note", () => {
    const items = transcriptItems(
      [
        event("EVENT_TYPE_SESSION_START", { capabilities: { chunk_join: "space" } }, 1),
        event(
          "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
          { message_id: "m", text: "Hello", chunk_index: 1 },
          2,
        ),
        event(
          "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
          { message_id: "m", text: "world", chunk_index: 2, is_complete: true },
          3,
        ),
        event(
          "EVENT_TYPE_SYSTEM_MESSAGE",
          {
            level: "SYSTEM_MESSAGE_LEVEL_INFO",
            message: "Sam has left the chat. Our virtual assistant is back to help you.",
            live_agent_left: { reason: "AGENT_LEFT", agent_id: "d1", agent_name: "Sam" },
          },
          4,
        ),
      ],
      null,
    );
    expect(items.map((i) => i.text)).toEqual([
      "Conversation started",
      "Hello world",
      "Sam left (agent left)",
    ]);
  });
});
