// Bidi controls in names and texts: removed before the widget or the console shows them.
import { describe, expect, it } from "vitest";
import { transcriptItems } from "../../src/console/transcript-model.js";
import { neutralizeBidiControls } from "../../src/protocol/index.js";
import { emptyConversation } from "../../src/sdk/conversation-local.js";
import type { ConversationMessage } from "../../src/sdk/index.js";
import { displayConversation, displayNoticeInfo } from "../../src/widget/display-text.js";

// "Pay to: moc.elgoog" shown as "Pay to: google.com" with U+202E; every control of both ranges.
const RLO = "\u202E";
const CONTROLS = [
  "\u202A",
  "\u202B",
  "\u202C",
  "\u202D",
  "\u202E",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
];

describe("neutralizeBidiControls", () => {
  it("removes every embedding, override and isolate control, and nothing else", () => {
    expect(neutralizeBidiControls(`a${CONTROLS.join("")}b`)).toBe("ab");
    const kept = "שלום مرحبا \u200E\u200F é 😀";
    expect(neutralizeBidiControls(kept)).toBe(kept);
  });
});

describe("the widget's displayed conversation", () => {
  it("shows texts, names, attachments and suggestions without bidi controls", () => {
    const message: ConversationMessage = {
      id: "m1",
      from: "live",
      text: `Pay to: ${RLO}moc.elgoog`,
      complete: true,
      attachments: [
        {
          title: `${RLO}fdp.exe`,
          content_url: "https://example.com",
          call_to_action_text: `${RLO}nepo`,
        },
      ],
      suggestions: [{ message_text: `${RLO}sey` }],
      agentName: `Sam${RLO}`,
      timestamp: "t",
      sequence: 1,
    };
    const base = emptyConversation();
    const shown = displayConversation({
      ...base,
      messages: [message],
      agent: { kind: "live", name: `${RLO}maS` },
      suggestions: [{ message_text: `${RLO}on` }],
    });
    expect(shown.messages[0]).toMatchObject({
      text: "Pay to: moc.elgoog",
      agentName: "Sam",
      attachments: [{ title: "fdp.exe", call_to_action_text: "nepo" }],
      suggestions: [{ message_text: "sey" }],
    });
    expect(shown.agent.name).toBe("maS");
    expect(shown.suggestions).toEqual([{ message_text: "on" }]);
    expect(displayNoticeInfo({ name: `${RLO}x`, route: "r" })).toEqual({ name: "x", route: "r" });
    // The SDK's own model is left as it came.
    expect(message.text).toContain(RLO);
  });
});

describe("the console's transcript", () => {
  it("shows messages, agent names and attachment titles without bidi controls", () => {
    const items = transcriptItems(
      [
        {
          id: "e1",
          sequence: 1,
          timestamp: "t",
          type: "EVENT_TYPE_USER_MESSAGE",
          payload: { text: `refund ${RLO}0001$` },
        },
        {
          id: "e2",
          sequence: 2,
          timestamp: "t",
          type: "EVENT_TYPE_LIVE_AGENT_MESSAGE",
          payload: {
            text: "ok",
            agent_name: `Sam${RLO}`,
            attachments: [{ title: `${RLO}fdp`, content_url: "https://x.example" }],
          },
        },
      ],
      "me",
    );
    const texts = JSON.stringify(items);
    expect(texts).not.toContain(RLO);
    expect(texts).toContain("refund 0001$");
    expect(texts).toContain('"title":"fdp"');
  });
});
