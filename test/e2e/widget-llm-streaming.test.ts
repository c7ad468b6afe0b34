// The demo page with an LLM demo agent in headless Chromium: the model's reply streams into the
// widget while the model is still writing, then settles as one message.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { chromiumAvailable, screenshot } from "../support/browser.js";
import { type FakeOpenAI, gate, startFakeOpenAI } from "../support/fake-openai.js";
import {
  openChat,
  startWidgetRig,
  textOf,
  typeAndSend,
  type WidgetRig,
} from "../support/widget-page.js";

describe.skipIf(!chromiumAvailable())("an LLM reply streaming in the widget", () => {
  let rig: WidgetRig;
  let fake: FakeOpenAI;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    vi.stubEnv("OPENAI_API_KEY", "sk-browser-test-key");
    rig = await startWidgetRig({
      OPENAI_API_KEY: "sk-browser-test-key",
      OPENAI_BASE_URL: fake.url,
      SWITCHBOARD_STREAM_WORDS_PER_CHUNK: "2",
    });
  }, 60_000);
  afterEach(() => rig?.closePage());
  afterAll(async () => {
    await rig?.close();
    await fake?.close();
    vi.unstubAllEnvs();
  });

  it("shows the first words while the model is still writing, then the whole answer", async () => {
    const { page, errors } = await rig.openDemo();
    const w = await openChat(page);
    await expect(textOf(w.agentBubbles.first())).resolves.toContain("running on a language model");
    const rest = gate();
    fake.enqueue({
      kind: "stream",
      text: [
        "Switchboard ",
        "is a ",
        "self-hosted ",
        "messaging ",
        "server ",
        "for AI ",
        "agents.",
      ],
      pause: { events: 4, until: rest.promise },
    });
    await typeAndSend(w, "What is Switchboard?");
    const reply = page.locator('switchboard-chat .row[data-from="ai"]').nth(1);
    await reply.locator('.agent-bubble[aria-busy="true"]').waitFor({ timeout: 5_000 });
    // Words go out once the next one has begun (a chunk never ends inside a word).
    await expect
      .poll(() => textOf(reply.locator(".md")), { timeout: 5_000 })
      .toBe("Switchboard is a");
    await expect(reply.locator('.agent-bubble[aria-busy="true"]').count()).resolves.toBe(1);
    await screenshot(page, "widget-llm-01-streaming");
    rest.open();
    await reply.locator('.agent-bubble[aria-busy="false"]').waitFor({ timeout: 5_000 });
    await expect(textOf(reply.locator(".md"))).resolves.toBe(
      "Switchboard is a self-hosted messaging server for AI agents.",
    );
    await screenshot(page, "widget-llm-02-done");
    expect(errors).toEqual([]);
  });
});
