// The example bot (examples/webhook-bot) as a user would run it: its provisioning file applied, the
// bot a child process, and `switchboard chat` talking to it through a real server.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PassThrough } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { applyProvisioning, parseProvisioningFile } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { runCli } from "../../src/cli/index.js";
import { startTestServer, type TestServer } from "../support/server.js";

const EXAMPLE = fileURLToPath(new URL("../../examples/webhook-bot/", import.meta.url));
let server: TestServer | undefined;
let bot: ChildProcess | undefined;

afterEach(async () => {
  delete process.env.WEBHOOK_SECRET;
  bot?.kill();
  await server?.close();
});

/** Starts the bot and resolves with its base URL once it listens. */
function startBot(env: Record<string, string>): Promise<string> {
  bot = spawn(process.execPath, [`${EXAMPLE}bot.mjs`], {
    env: { PATH: process.env.PATH ?? "", PORT: "0", LOOKUP_MS: "0", ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    bot?.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening on (http:\S+)/.exec(out)?.[1];
      if (url) resolve(url);
    });
    bot?.once("exit", (code) => reject(new Error(`the bot exited (${code})`)));
  });
}

/**
 * The example's provisioning file applied to the server's store, with the bot's real URL and an
 * agent key chosen up front (a file may give one), so the bot can start knowing it.
 */
async function applyExample(t: TestServer, botUrl: string, agentKey: string): Promise<string> {
  const parsed = parseProvisioningFile(
    readFileSync(`${EXAMPLE}switchboard.yaml`, "utf8"),
    "x.yaml",
  );
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  const document = parsed.document as { agents: Record<string, Record<string, unknown>>[] };
  const entry = document.agents[0] as Record<string, Record<string, unknown>>;
  entry.definition = { ...entry.definition, url: botUrl };
  (entry as Record<string, unknown>).key = agentKey;
  const deps = { store: t.server.store, agents: createAgentFactory(), now: Date.now };
  const result = await applyProvisioning(deps, document);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result.tokens[0]?.token ?? "";
}

describe("the example webhook bot", () => {
  it("answers inline, later through the agent API, streamed, in French, and hands off", async () => {
    const secret = randomBytes(32).toString("hex");
    // The server reads secret_env from its environment, as `npm start` would.
    process.env.WEBHOOK_SECRET = secret;
    server = await startTestServer({ SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0" });
    const agentKey = `sbk_${randomBytes(24).toString("base64url")}`;
    const botUrl = await startBot({
      WEBHOOK_SECRET: secret,
      AGENT_KEY: agentKey,
      SWITCHBOARD_URL: server.url,
    });
    const connectorToken = await applyExample(server, botUrl, agentKey);

    const chat = chatIo();
    const running = runCli(
      ["chat", "--url", server.url, "--token", connectorToken, "--host", "localhost", "--stream"],
      chat.io,
    );
    await chat.saw("Example bot: Hi, I'm the example bot.");
    // The suggestions come on the greeting's final chunk: a number typed before them is text.
    await chat.saw("(type a number to choose)");
    chat.type("1"); // Opening hours
    await chat.saw("We are open **9 to 5**, Monday to Friday.");
    chat.type("2"); // Where is my order? (answered later)
    await chat.saw("Your order shipped yesterday and arrives tomorrow.");
    chat.type("3"); // Tell me a story (streamed)
    await chat.saw("Once upon a time a message was streamed, one line at a time.");
    chat.type("bonjour");
    await chat.saw("Bonjour ! Je parle français maintenant.");
    chat.type("ça va ?");
    await chat.saw("Vous avez dit : ça va ?");
    chat.type("I want to talk to a person");
    await chat.saw("Let me find a person for you.");
    await chat.saw("I'm back. How else can I help?"); // nobody at the desk: the bot rejoins
    chat.type("bye");
    await chat.saw("session ended");
    expect(await running).toBe(0);
  });
});

function chatIo() {
  const stdout = new PassThrough();
  const stdin = new PassThrough();
  let text = "";
  stdout.on("data", (chunk) => {
    text += String(chunk);
  });
  return {
    io: { stdout, stderr: new PassThrough(), stdin, env: {} },
    type: (line: string) => stdin.write(`${line}\n`),
    async saw(expected: string, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (!text.includes(expected)) {
        if (Date.now() > deadline) throw new Error(`no "${expected}" in:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
