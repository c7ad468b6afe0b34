import { describe, expect, it } from "vitest";
import { readInlineAnswer, readStreamLine } from "../../src/agents/webhook/index.js";
import { ndjsonParts, STREAM_LINE_MAX_BYTES } from "../../src/agents/webhook/ndjson-parts.js";

function stream(...pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>) {
  const items: unknown[] = [];
  for await (const item of ndjsonParts(body)) items.push(item);
  return items;
}

describe("inline answers", () => {
  it("become parts: language first, then each message closed, then handoff and end", () => {
    const read = readInlineAnswer({
      messages: [{ text: "Un", attachments: [] }, { text: "Deux" }],
      actions: [{ type: "end" }, { type: "language", language_code: "fr" }],
    });
    expect(read).toEqual({
      ok: true,
      value: [
        { type: "action", action: { type: "language", language_code: "fr" } },
        { type: "text", text: "Un" },
        { type: "message_end" },
        { type: "text", text: "Deux" },
        { type: "message_end" },
        { type: "action", action: { type: "end" } },
      ],
    });
    expect(readInlineAnswer({})).toEqual({ ok: true, value: [] });
  });

  it("name every bad field", () => {
    expect(
      readInlineAnswer({
        messages: [{ txt: "x" }],
        actions: [{ type: "handoff", queue: "", reason: 5 }, { type: "dance" }],
        extra: true,
      }),
    ).toEqual({
      ok: false,
      problems: [
        "extra: unknown field (expected one of: messages, actions)",
        "messages[0].txt: unknown field (expected one of: text, attachments, response_suggestions)",
        "messages[0].text: required",
        "actions[0].queue: must not be empty",
        "actions[0].reason: must be a string",
        "actions[1].type: must be one of: handoff, end, language",
      ],
    });
    expect(readInlineAnswer([1])).toEqual({
      ok: false,
      problems: ["(answer): must be a JSON object"],
    });
  });
});

describe("streamed answers", () => {
  it("yield one part per line, across chunk boundaries, blank lines skipped", async () => {
    const lines = [
      '{"type":"text","text":"Hel"}\n{"type":"te',
      'xt","text":"lo"}\n\n',
      '{"type":"suggestions","suggestions":[{"message_text":"Hi"}]}\r\n{"type":"end"}',
    ];
    expect(await collect(stream(...lines))).toEqual([
      { type: "text", text: "Hel" },
      { type: "text", text: "lo" },
      { type: "suggestions", suggestions: [{ message_text: "Hi" }] },
      { type: "action", action: { type: "end" } },
    ]);
  });

  it("end with one problem at a bad line, saying how many parts came first", async () => {
    const items = await collect(
      stream('{"type":"text","text":"a"}\n{"type":"nope"}\n{"type":"end"}\n'),
    );
    expect(items).toEqual([
      { type: "text", text: "a" },
      {
        type: "problem",
        detail:
          "line 2: type: must be one of: text, attachment, suggestions, message_end, handoff, end, language",
        partsBefore: 1,
      },
    ]);
    expect(await collect(stream("not json\n"))).toEqual([
      { type: "problem", detail: "line 1 is not valid JSON", partsBefore: 0 },
    ]);
  });

  it("refuse a line longer than the limit without holding it all", async () => {
    const items = await collect(
      stream(`{"type":"text","text":"${"a".repeat(STREAM_LINE_MAX_BYTES)}`),
    );
    expect(items).toEqual([
      {
        type: "problem",
        detail: `line 1 is longer than ${STREAM_LINE_MAX_BYTES} bytes`,
        partsBefore: 0,
      },
    ]);
  });

  it("check each line's fields like the agent API does", () => {
    expect(readStreamLine({ type: "text", text: 3 })).toEqual({
      ok: false,
      problems: ["text: must be a string"],
    });
    expect(readStreamLine({ type: "attachment" })).toMatchObject({
      ok: false,
      problems: expect.arrayContaining(["attachment: required"]),
    });
    expect(readStreamLine("text")).toEqual({
      ok: false,
      problems: ["(line): must be a JSON object"],
    });
  });
});
