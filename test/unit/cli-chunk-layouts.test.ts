// The CLI's transcript export and terminal chat print streamed replies exactly in both chunk layouts.
import { describe, expect, it } from "vitest";
import { ChatView } from "../../src/cli/chat/chat-view.js";
import { transcriptLines } from "../../src/cli/transcript.js";
import type { ServerEvent } from "../../src/protocol/index.js";
import { ev, sessionStart } from "../support/protocol-fake.js";

function chunks(texts: string[]): ServerEvent[] {
  return texts.map((text, i) =>
    ev(
      "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
      { message_id: "m", text, chunk_index: i + 1, is_complete: i === texts.length - 1 },
      i + 2,
    ),
  );
}

describe("streamed replies in the CLI", () => {
  it.each([
    ["concat", sessionStart(), ["We are ", "open\n\n", "now."]],
    ["space", sessionStart({ chunk_join: "space" }), ["We are", "open\n\nnow.", ""]],
  ] as const)("shows the agent's exact text in the %s layout", (_name, start, texts) => {
    const events = [start, ...chunks([...texts])];
    expect(transcriptLines(events).at(-1)).toMatch(/ Agent: We are open\n\nnow\.$/);
    let out = "";
    const view = new ChatView((text) => {
      out += text;
    });
    for (const event of events) view.show(event);
    expect(out).toContain("Agent: We are open\n\nnow.\n");
  });
});
