// The demo agent: rules by default with a banner saying how to switch; an LLM agent answering
// from Switchboard's own docs when OPENAI_API_KEY is set.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { joinedClient, say } from "../support/conversation.js";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fake-openai.js";
import { startTestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the demo agent", () => {
  it("stays the rules agent without OPENAI_API_KEY, and the banner says how to switch", async () => {
    const t = track(await startTestServer({ OPENAI_API_KEY: "" }));
    expect((await t.server.store.getAgent("demo"))?.definition.kind).toBe("rules");
    expect(t.printed.join("\n")).toContain(
      "Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, SWITCHBOARD_DEMO_MODEL)",
    );
  });

  it("becomes an LLM agent that answers from Switchboard's docs when OPENAI_API_KEY is set", async () => {
    vi.stubEnv("OPENAI_API_KEY", "sk-demo-key-0123456789");
    const t = track(
      await startTestServer({
        OPENAI_API_KEY: "sk-demo-key-0123456789",
        OPENAI_BASE_URL: fake.url,
        SWITCHBOARD_DEMO_MODEL: "demo-model",
      }),
    );
    expect(t.printed.join("\n")).toContain("Demo agent: LLM agent (model demo-model");
    expect(t.printed.join("\n")).not.toContain("sk-demo-key");
    const joined = await joinedClient(t);
    track(joined.client);
    fake.enqueue({ kind: "stream", text: "Switchboard is a messaging server [1]." });
    const { reply } = await say(
      joined.client,
      "What is the turn engine and how do agents stream parts?",
    );
    expect(reply.payload.text).toBe("Switchboard is a messaging server [1].");
    const request = fake.requests.at(-1);
    expect(request?.body.model).toBe("demo-model");
    expect(request?.headers.authorization).toBe("Bearer sk-demo-key-0123456789");
    const messages = (request?.body.messages ?? []) as { content: string }[];
    const system = messages[0]?.content ?? "";
    expect(system).toMatch(/\n\[\d+\] (README|agents|protocol-notes)/);
    expect(
      ((request?.body.tools ?? []) as { function: { name: string } }[]).map((t) => t.function.name),
    ).toContain("handoff");
  });
});
