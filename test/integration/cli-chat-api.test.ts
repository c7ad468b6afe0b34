// `switchboard chat --api chat`: a whole conversation over the Chat API's REST calls from the terminal.
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { type ChatFixture, chatFixture } from "../support/chat-api.js";
import { startTestServer, type TestServer } from "../support/server.js";

let t: TestServer;
let f: ChatFixture;
beforeAll(async () => {
  t = await startTestServer();
  f = await chatFixture(t);
});
afterAll(() => t.close());

function terminal(env: Record<string, string>) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  const text = { out: "", err: "" };
  stdout.on("data", (c) => {
    text.out += String(c);
  });
  stderr.on("data", (c) => {
    text.err += String(c);
  });
  return { io: { stdout, stderr, stdin, env }, stdin, text };
}

/** Resolves once `test` holds, checking after each output chunk (no timers). */
function when(stream: PassThrough, test: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (test()) return resolve();
    const check = () => {
      if (!test()) return;
      stream.off("data", check);
      resolve();
    };
    stream.on("data", check);
  });
}

describe("switchboard chat --api chat", () => {
  it("creates, responds line by line and ends when the agent ends the conversation", async () => {
    const term = terminal({
      SWITCHBOARD_API_KEY: f.apiKey,
      SWITCHBOARD_CONNECTOR_TOKEN: f.connector.token,
    });
    const args = [
      "chat",
      "--api",
      "chat",
      "--url",
      t.url,
      "--account",
      "default",
      "--project",
      f.connector.id,
    ];
    const running = runCli(
      [...args, "--attributes", '{"first_name":"Lin","tier":"gold"}'],
      term.io,
    );
    await when(term.io.stdout, () => term.text.out.includes("agent: Hi Lin, how can I help?"));
    expect(term.text.out).toMatch(/^Conversation [0-9a-f-]{36}\./);
    term.stdin.write("which plan?\n");
    await when(term.io.stdout, () => term.text.out.includes("agent: Gold plan, Lin."));
    term.stdin.write("bye\n");
    expect(await running).toBe(0);
    expect(term.text.out).toContain("agent: Goodbye!");
    expect(term.text.out).toContain("Conversation ended.");
  });

  it("fails with the error code when the API key is wrong, and asks for the options it needs", async () => {
    const term = terminal({
      SWITCHBOARD_API_KEY: "sbk_nope",
      SWITCHBOARD_CONNECTOR_TOKEN: f.connector.token,
    });
    const code = await runCli(
      [
        "chat",
        "--api",
        "chat",
        "--url",
        t.url,
        "--account",
        "default",
        "--project",
        f.connector.id,
      ],
      term.io,
    );
    expect(code).toBe(1);
    expect(term.text.err).toContain("INVALID_API_KEY");
    const bare = terminal({});
    expect(await runCli(["chat", "--api", "chat", "--url", t.url], bare.io)).not.toBe(0);
    expect(bare.text.err).toContain("--account");
  });
});
