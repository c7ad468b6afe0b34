// `switchboard chat --api chat`: a whole conversation over the Chat API's REST calls from the terminal.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/index.js";
import { type ChatFixture, chat, chatFixture } from "../support/chat-api.js";
import { connect, newSession } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { admin, signContext, submitContext } from "../support/verified-context.js";

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

describe("switchboard context-key and api-key", () => {
  it("make keys (shown once) that the running server accepts, and list them without secrets", async () => {
    const env = { SWITCHBOARD_DATA_DIR: t.dataDir };
    const added = terminal(env);
    expect(await runCli(["context-key", "add", f.connector.id, "--kid", "cli"], added.io)).toBe(0);
    const { secret } = JSON.parse(added.text.out.slice(0, added.text.out.lastIndexOf("}") + 1)) as {
      secret: string;
    };
    const ref = await newSession(t, { connectorToken: f.connector.token });
    const client = await connect(t, ref);
    const start = await client.waitFor("EVENT_TYPE_SESSION_START");
    const token = await signContext({ kid: "cli", secret, sub: String(start.payload.context_id) });
    expect((await submitContext(t, ref, { token })).json).toEqual({ accepted: true });
    client.close();
    const listed = terminal(env);
    expect(await runCli(["context-key", "list", f.connector.id], listed.io)).toBe(0);
    expect(listed.text.out).toContain('"kid": "cli"');
    expect(listed.text.out).not.toContain(secret);

    const made = terminal(env);
    expect(await runCli(["api-key", "create", "default"], made.io)).toBe(0);
    const { key } = JSON.parse(made.text.out.slice(0, made.text.out.lastIndexOf("}") + 1)) as {
      key: string;
    };
    expect((await chat(t, { ...f, apiKey: key }, "create", {})).status).toBe(200);
    expect(await runCli(["api-key", "create", "nobody"], terminal(env).io)).not.toBe(0);
  });
});

describe("provisioning files", () => {
  it("give a connector context keys: added, then rotated when the secret changes, the old one in overlap", async () => {
    const env = { SWITCHBOARD_DATA_DIR: t.dataDir };
    const dir = mkdtempSync(join(tmpdir(), "switchboard-keys-"));
    const fileWith = (secret: string) => {
      const path = join(dir, `seed-${secret.slice(0, 4)}.yaml`);
      writeFileSync(
        path,
        `connectors:\n  - id: ${f.connector.id}\n    host: localhost\n    agent: ${agentId}\n    token: ${f.connector.token}\n    handoff: {mode: server, queue: support}\n    context_keys:\n      - kid: filed\n        secret: ${secret}\n`,
      );
      return path;
    };
    const connector = await admin(t, "GET", `/connectors/${f.connector.id}`);
    const agentId = String(connector.json?.agent_id);
    const first = "a".repeat(40);
    const second = "b".repeat(40);
    try {
      const applied = terminal(env);
      expect(await runCli(["apply", "-f", fileWith(first)], applied.io)).toBe(0);
      expect(await submitWith(first)).toBe(true);
      expect(await runCli(["apply", "-f", fileWith(second)], terminal(env).io)).toBe(0);
      expect(await submitWith(second)).toBe(true);
      expect(await submitWith(first)).toBe(true);
      const bad = terminal(env);
      const path = join(dir, "bad.yaml");
      writeFileSync(
        path,
        `connectors:\n  - id: x\n    host: localhost\n    agent: ${agentId}\n    context_keys: [{kid: "bad kid", secret: short}]\n`,
      );
      expect(await runCli(["apply", "-f", path], bad.io)).not.toBe(0);
      expect(bad.text.err).toContain("context_keys[0].kid");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function submitWith(secret: string): Promise<unknown> {
  const ref = await newSession(t, { connectorToken: f.connector.token });
  const client = await connect(t, ref);
  const start = await client.waitFor("EVENT_TYPE_SESSION_START");
  const token = await signContext({ kid: "filed", secret, sub: String(start.payload.context_id) });
  const result = await submitContext(t, ref, { token });
  client.close();
  return result.json?.accepted;
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
