// The CLI in-process with captured output and a temp data dir; the chat client against a real server.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Socket, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { v7 } from "uuid";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/index.js";
import { ChatClient, type ChatNotice, type CliIo, runCli } from "../../src/cli/index.js";
import { createSqliteStore } from "../../src/store/index.js";
import { rulesDefinition } from "../support/admin-fixtures.js";
import { startFakeOpenAI } from "../support/fake-openai.js";
import { startServerWith } from "../support/server.js";

interface Captured {
  io: CliIo;
  stdout(): string;
  stderr(): string;
  stdin: PassThrough;
}

function capture(env: Record<string, string | undefined>): Captured {
  const out = new PassThrough();
  const err = new PassThrough();
  const stdin = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (chunk) => {
    stdout += String(chunk);
  });
  err.on("data", (chunk) => {
    stderr += String(chunk);
  });
  return {
    io: { stdout: out, stderr: err, env, stdin },
    stdout: () => stdout,
    stderr: () => stderr,
    stdin,
  };
}

let dir: string;
let env: Record<string, string | undefined>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-cli-"));
  env = { SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_DEMO: "false" };
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  const captured = capture(env);
  const code = await runCli(argv, captured.io);
  return { code, stdout: captured.stdout(), stderr: captured.stderr() };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SEED = `
agents:
  - id: ada
    definition: ${JSON.stringify(rulesDefinition("Ada"))}
connectors:
  - id: website
    host: localhost
    agent: ada
    token: sbc_cli-test-known-token-01
`;

describe("usage", () => {
  it("prints help for the program, groups and subcommands with exit code 0", async () => {
    const main = await cli("--help");
    expect(main.code).toBe(0);
    for (const name of [
      "serve",
      "apply",
      "agent",
      "connector",
      "queue",
      "desk-user",
      "session",
      "keys",
      "chat",
    ])
      expect(main.stdout).toContain(name);
    const queueHelp = await cli("queue", "--help");
    for (const sub of ["create", "list", "show", "delete"]) expect(queueHelp.stdout).toContain(sub);
    expect((await cli("queue", "create", "--help")).stdout).toContain("--status-interval S");
    const deskHelp = await cli("desk-user", "-h");
    expect(deskHelp).toMatchObject({ code: 0 });
    expect(deskHelp.stdout).toContain("rotate-token");
    const deskCreate = await cli("desk-user", "create", "--help");
    expect(deskCreate.stdout).toContain("--max-concurrent N");
    expect(deskCreate.stdout).toContain("--queues a,b");
    expect((await cli("connector", "--help")).stdout).toContain("rotate-token");
    const sub = await cli("connector", "create", "-h");
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain("--handoff-mode");
    expect((await cli("session", "export", "--help")).stdout).toContain("--format json|text");
    expect((await cli("chat", "--help")).stdout).toContain("--resume");
  });

  it("rejects unknown commands, flags and missing arguments with usage and exit code 2", async () => {
    const unknown = await cli("frobnicate");
    expect(unknown).toMatchObject({ code: 2, stdout: "" });
    expect(unknown.stderr).toContain('unknown command "frobnicate"');
    expect(unknown.stderr).toContain("Usage: switchboard");
    expect((await cli()).code).toBe(2);
    const flag = await cli("connector", "list", "--colour", "red");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/--colour/);
    expect((await cli("agent", "show")).stderr).toContain("missing ID");
    expect((await cli("agent", "nope")).code).toBe(2);
    expect((await cli("apply")).stderr).toContain("--file is required");
    const handoff = await cli(
      "connector",
      "create",
      "--host",
      "a.com",
      "--agent",
      "x",
      "--handoff-mode",
      "server",
      "--reason",
      "POLICY",
    );
    expect(handoff.code).toBe(2);
  });

  it("prints configuration problems and exits 1", async () => {
    env.SWITCHBOARD_SQLITE_SYNCHRONOUS = "sometimes";
    const result = await cli("connector", "list");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("SWITCHBOARD_SQLITE_SYNCHRONOUS");
  });
});

describe("store commands", () => {
  it("applies a provisioning file idempotently and reports problems", async () => {
    const seed = file("seed.yaml", SEED);
    const first = await cli("apply", "-f", seed);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain("agent ada: created");
    expect(first.stdout).toContain("connector website: created");
    const second = await cli("apply", "--file", seed);
    expect(second.stdout).toContain("agent ada: unchanged");
    expect(second.stdout).toContain("connector website: unchanged");
    const bad = await cli(
      "apply",
      "-f",
      file("bad.yaml", "connectors:\n  - id: x\n    host: a.com\n    agent: ghost\n"),
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('connectors[0].agent: no agent "ghost" in the file or the store');
    expect((await cli("apply", "-f", join(dir, "missing.yaml"))).stderr).toContain("ENOENT");
  });

  it("creates, lists, shows and deletes agents", async () => {
    const def = file("ada.json", JSON.stringify(rulesDefinition("Ada")));
    const created = await cli("agent", "create", "-f", def, "--id", "ada");
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ id: "ada", name: "Ada" });
    expect((await cli("agent", "list")).stdout).toMatch(/ada\s+Ada\s+rules/);
    expect(JSON.parse((await cli("agent", "show", "ada")).stdout).definition).toEqual(
      rulesDefinition("Ada"),
    );
    const invalid = await cli(
      "agent",
      "create",
      "-f",
      file("bad.json", '{"kind":"rules","name":"x","rules":[{"match":{"regex":"("}}]}'),
    );
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("rules[0].match.regex");
    expect((await cli("agent", "delete", "ada")).stdout).toContain("Deleted agent ada");
    expect((await cli("agent", "show", "ada")).code).toBe(1);
  });

  it("creates connectors with a token shown once, lists them without it, rotates and deletes", async () => {
    await cli(
      "agent",
      "create",
      "-f",
      file("ada.json", JSON.stringify(rulesDefinition())),
      "--id",
      "ada",
    );
    const created = await cli(
      "connector",
      "create",
      "--host",
      "Example.com",
      "--agent",
      "ada",
      "--name",
      "Site",
      "--handoff-mode",
      "client",
      "--reason",
      "POLICY",
      "--queue-name",
      "Support",
      "--chunk-join",
      "space",
      "--languages",
      "en,fr",
    );
    expect(created.code).toBe(0);
    expect(created.stdout).toContain('"chunk_join": "space"');
    expect(created.stdout.replace(/\s+/g, " ")).toContain(
      '"language_detection": { "enabled": true, "languages": [ "en", "fr" ] }',
    );
    const token = /"token": "(sbc_[^"]+)"/.exec(created.stdout)?.[1] ?? "";
    const id = /"id": "([^"]+)"/.exec(created.stdout)?.[1] ?? "";
    expect(token).not.toBe("");
    expect(created.stdout).toContain('"queue_name": "Support"');
    const list = await cli("connector", "list");
    expect(list.stdout).toMatch(
      new RegExp(`${id}\\s+example\\.com\\s+ada\\s+Site\\s+client\\s+space`),
    );
    expect(list.stdout).not.toContain(token);
    expect((await cli("connector", "show", id)).stdout).not.toContain(token);
    const rotated = await cli("connector", "rotate-token", id);
    const newToken = /"token": "(sbc_[^"]+)"/.exec(rotated.stdout)?.[1];
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(token);
    const store = createSqliteStore({ file: join(dir, "switchboard.sqlite") });
    expect((await store.getConnector(id))?.tokenHash).toBe(hashToken(newToken ?? ""));
    await store.close();
    expect((await cli("connector", "delete", id)).code).toBe(0);
    expect((await cli("connector", "list")).stdout).toContain("No connectors.");
    const detecting = (mode: string) =>
      cli("connector", "create", "--host", "a.com", "--agent", "ada", "--language-detection", mode);
    expect((await detecting("off")).stdout.replace(/\s+/g, " ")).toContain(
      '"language_detection": { "enabled": false, "languages": null }',
    );
    expect((await detecting("maybe")).code).toBe(2);
    const withVariants = await cli(
      "connector",
      "create",
      "--host",
      "a.com",
      "--agent",
      "ada",
      "--variants",
      "beta=ada",
    );
    expect(withVariants.code).toBe(0);
    expect(JSON.parse(withVariants.stdout.split("\nThe token")[0] ?? "{}").variants).toEqual({
      beta: "ada",
    });
    expect(
      (await cli("connector", "create", "--host", "a.com", "--agent", "ada", "--variants", "beta"))
        .code,
    ).toBe(2);
    const ghostVariant = await cli(
      "connector",
      "create",
      "--host",
      "a.com",
      "--agent",
      "ada",
      "--variants",
      "b=ghost",
    );
    expect(ghostVariant.stderr).toContain('variants.b: no agent "ghost"');
    const ghost = await cli("connector", "create", "--host", "a.com", "--agent", "ghost");
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('agent_id: no agent "ghost"');
  });

  it("creates, lists, shows and deletes queues, refusing one a desk user serves", async () => {
    const created = await cli("queue", "create", "support", "--max-wait", "120");
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(created.stdout)).toMatchObject({
      name: "support",
      max_wait_seconds: 120,
      status_interval_seconds: 30,
      opening_hours: null,
    });
    expect((await cli("queue", "create", "billing", "--status-interval", "15")).code).toBe(0);
    const list = await cli("queue", "list");
    expect(list.stdout).toMatch(/NAME\s+MAX WAIT\s+STATUS EVERY\s+HOURS\s+DESK USERS/);
    expect(list.stdout).toMatch(/billing\s+600\s+15\s+always open\s+0/);
    expect(list.stdout).toMatch(/support\s+120\s+30\s+always open\s+0/);
    expect(JSON.parse((await cli("queue", "show", "billing")).stdout).status_interval_seconds).toBe(
      15,
    );
    const taken = await cli("queue", "create", "support");
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('Conflict: a queue named "support" already exists');
    const invalid = await cli("queue", "create", "Bad Name", "--max-wait", "5");
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain("max_wait_seconds: must be a whole number from 10 to 86400");
    expect(invalid.stderr).toContain("name: must be 1-64 lower-case letters");
    const notNumber = await cli("queue", "create", "x", "--max-wait", "ten");
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--max-wait must be a whole number, not "ten"');
    expect((await cli("queue", "create")).stderr).toContain("missing NAME");

    await cli("desk-user", "create", "--name", "Sarah", "--queues", "billing");
    expect((await cli("queue", "list")).stdout).toMatch(/billing\s+600\s+15\s+always open\s+1/);
    const served = await cli("queue", "delete", "billing");
    expect(served.code).toBe(1);
    expect(served.stderr).toMatch(/queue "billing" is served by desk user\(s\) "[^"]+" \(Sarah\)/);
    expect((await cli("queue", "delete", "support")).stdout).toContain("Deleted queue support.");
    const gone = await cli("queue", "show", "support");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain('error: Not found: no queue "support"');
  });

  it("creates desk users with a token shown once, lists them without it, rotates and deletes", async () => {
    await cli("queue", "create", "support");
    await cli("queue", "create", "billing");
    const created = await cli(
      "desk-user",
      "create",
      "--name",
      "Sarah",
      "--queues",
      "support, billing",
      "--avatar-url",
      "https://example.com/s.png",
      "--max-concurrent",
      "4",
    );
    expect(created).toMatchObject({ code: 0, stderr: "" });
    expect(created.stdout).toContain("shown only now");
    const token = /"token": "(sbd_[^"]+)"/.exec(created.stdout)?.[1] ?? "";
    const id = /"id": "([^"]+)"/.exec(created.stdout)?.[1] ?? "";
    expect(token).not.toBe("");
    expect(created.stdout).toContain('"max_concurrent": 4');
    const list = await cli("desk-user", "list");
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+Sarah\\s+support,billing\\s+4`));
    expect(list.stdout).not.toContain(token);
    const show = await cli("desk-user", "show", id);
    expect(JSON.parse(show.stdout)).toMatchObject({
      name: "Sarah",
      queues: ["support", "billing"],
    });
    expect(show.stdout).not.toContain(token);
    const rotated = await cli("desk-user", "rotate-token", id);
    const newToken = /"token": "(sbd_[^"]+)"/.exec(rotated.stdout)?.[1];
    expect(newToken).toBeDefined();
    expect(newToken).not.toBe(token);
    const store = createSqliteStore({ file: join(dir, "switchboard.sqlite") });
    expect((await store.getDeskUser(id))?.tokenHash).toBe(hashToken(newToken ?? ""));
    await store.close();

    const ghost = await cli("desk-user", "create", "--name", "Tom", "--queues", "ghost");
    expect(ghost.code).toBe(1);
    expect(ghost.stderr).toContain('queues[0]: no queue "ghost"');
    const badMax = await cli(
      "desk-user",
      "create",
      "--name",
      "T",
      "--queues",
      "support",
      "--max-concurrent",
      "99",
    );
    expect(badMax.code).toBe(1);
    expect(badMax.stderr).toContain("max_concurrent: must be a whole number from 1 to 50");
    const usage = await cli("desk-user", "create", "--queues", "support");
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--name and --queues are required");
    expect((await cli("desk-user", "delete", id)).stdout).toContain(`Deleted desk user ${id}.`);
    expect((await cli("desk-user", "list")).stdout).toContain("No desk users.");
    expect((await cli("desk-user", "rotate-token", id)).code).toBe(1);
  });

  it("applies queues and desk users, printing a generated desk token once", async () => {
    const seed = file(
      "desk.yaml",
      "queues:\n  - name: support\ndesk_users:\n  - id: sarah\n    name: Sarah\n    queues: [support]\n",
    );
    const first = await cli("apply", "-f", seed);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toContain("queue support: created");
    expect(first.stdout).toContain("desk_user sarah: created");
    const token = /desk user sarah token \(shown once, give it to them now\): (sbd_\S+)/.exec(
      first.stdout,
    )?.[1];
    expect(token).toBeDefined();
    const second = await cli("apply", "-f", seed);
    expect(second.stdout).toContain("desk_user sarah: unchanged");
    expect(second.stdout).not.toContain("token");
    const store = createSqliteStore({ file: join(dir, "switchboard.sqlite") });
    expect((await store.getDeskUser("sarah"))?.tokenHash).toBe(hashToken(token ?? ""));
    await store.close();
  });

  it("lists, shows, exports and deletes sessions, and rotates signing keys", async () => {
    const store = createSqliteStore({ file: join(dir, "switchboard.sqlite") });
    const id = v7();
    const at = Date.parse("2025-03-01T09:30:00.000Z");
    const ev = (type: string, payload: object, seconds: number) => ({
      id: v7(),
      type: type as "EVENT_TYPE_USER_MESSAGE",
      timestamp: new Date(at + seconds * 1000).toISOString(),
      payloadJson: JSON.stringify(payload),
      metadataJson: null,
      clientKey: null,
    });
    await store.createSession(
      {
        id,
        connectorId: "website",
        subject: "s",
        subjectExpiresAt: null,
        streaming: true,
        clientProfile: "standard",
        chunkLayout: "concat",
        platform: "web",
        deviceType: null,
        userAgent: null,
        createdAt: at,
      },
      ev("EVENT_TYPE_SESSION_START", { capabilities: {} }, 0),
    );
    await store.append(
      id,
      [
        ev("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada", agent_avatar_url: "" }, 1),
        ev(
          "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
          { message_id: "m1", text: "Hi! How ", chunk_index: 1, is_complete: false },
          2,
        ),
        ev(
          "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
          {
            message_id: "m1",
            text: "can I help?",
            chunk_index: 2,
            is_complete: true,
            response_suggestions: [{ message_text: "Opening hours" }],
          },
          2,
        ),
        ev("EVENT_TYPE_USER_MESSAGE", { text: "opening hours", message_id: "u1" }, 5),
        ev(
          "EVENT_TYPE_POLY_AGENT_MESSAGE",
          {
            message_id: "m2",
            text: "We are open 9 to 5.",
            attachments: [{ title: "Map", content_url: "https://example.com/map" }],
          },
          6,
        ),
        ev("EVENT_TYPE_SESSION_END", { reason: "REASON_USER_END" }, 9),
      ],
      { state: "ended", endedAt: at + 9000 },
    );
    await store.rateSession({
      sessionId: id,
      connectorId: "website",
      scale: "five",
      score: "4",
      comment: "Quick",
      ratedAt: at + 12_000,
    });
    await store.close();

    expect((await cli("session", "list", "--state", "ended")).stdout).toMatch(
      new RegExp(`${id}\\s+website\\s+ended`),
    );
    expect((await cli("session", "list", "--state", "active")).stdout).toContain("No sessions.");
    expect((await cli("session", "list", "--state", "open")).code).toBe(2);
    expect(JSON.parse((await cli("session", "show", id)).stdout).events).toHaveLength(7);
    const text = await cli("session", "export", id, "--format", "text");
    expect(text.stdout.split("\n")).toEqual([
      "[2025-03-01 09:30:00Z] * session started",
      "[2025-03-01 09:30:01Z] * Ada joined",
      "[2025-03-01 09:30:02Z] Ada: Hi! How can I help?",
      "  1) Opening hours",
      "[2025-03-01 09:30:05Z] User: opening hours",
      "[2025-03-01 09:30:06Z] Ada: We are open 9 to 5.",
      "  [link] Map: https://example.com/map",
      "[2025-03-01 09:30:09Z] * session ended (REASON_USER_END)",
      '[2025-03-01 09:30:12Z] * rated 4/5: "Quick"',
      "",
    ]);
    const exported = JSON.parse((await cli("session", "export", id, "--format", "json")).stdout);
    expect(exported.id).toBe(id);
    expect(exported.rating).toMatchObject({ score: "4", comment: "Quick", scale: "five" });
    expect((await cli("session", "export", id, "--format", "xml")).code).toBe(2);
    expect((await cli("session", "delete", id)).code).toBe(0);
    expect((await cli("session", "show", id)).code).toBe(1);

    const rotated = await cli("keys", "rotate");
    expect(rotated.code).toBe(0);
    const kid = /New signing key: (\S+)/.exec(rotated.stdout)?.[1];
    const keys = createSqliteStore({ file: join(dir, "switchboard.sqlite") });
    expect((await keys.listSigningKeys())[0]?.kid).toBe(kid);
    await keys.close();
  });
});

describe("chat against a real server", () => {
  it("joins, prints the greeting, sends a line, prints the reply and ends on /quit", async () => {
    expect((await cli("apply", "-f", file("seed.yaml", SEED))).code).toBe(0);
    const server = await startServerWith({
      ...env,
      SWITCHBOARD_ADMIN_TOKEN: "cli-test-admin-token-0001",
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
    });
    try {
      const url = `http://127.0.0.1:${server.port}`;
      const chat = capture(env);
      const running = runCli(
        [
          "chat",
          "--url",
          url,
          "--token",
          "sbc_cli-test-known-token-01",
          "--host",
          "localhost",
          "--stream",
        ],
        chat.io,
      );
      await waitFor(() => chat.stdout().includes("Ada: Hi, I am Ada!"));
      expect(chat.stdout()).toContain("1) Opening hours");
      chat.stdin.write("1\n");
      await waitFor(() => chat.stdout().includes("Ada: We are open **9 to 5**."));
      chat.stdin.write("/quit\n");
      expect(await running).toBe(0);
      expect(chat.stdout()).toContain("* session ended (REASON_USER_END)");
      expect(chat.stdout()).toMatch(/^Session [0-9a-f-]{36}\./);
      const sessionId = /^Session ([0-9a-f-]{36})/.exec(chat.stdout())?.[1] ?? "";
      const stored = await server.store.getSession(sessionId);
      expect(stored?.state).toBe("ended");
    } finally {
      await server.close();
    }
  });

  it("chats with an LLM agent applied from a file whose knowledge is a Markdown file", async () => {
    const fake = await startFakeOpenAI();
    file("faq.md", "# Returns\n\nYou can return any item within 30 days.");
    const definition = {
      kind: "llm",
      name: "Lumen",
      provider: { base_url: fake.url, model: "m", api_key: "sk-cli-test-key" },
      greeting: { text: "Hi, I am Lumen." },
      knowledge: { documents: [{ title: "FAQ", file: "faq.md" }] },
    };
    const seed = `agents:\n  - id: lumen\n    definition: ${JSON.stringify(definition)}\nconnectors:\n  - id: web\n    host: localhost\n    agent: lumen\n    token: sbc_cli-test-llm-token-01\n`;
    expect((await cli("apply", "-f", file("llm.yaml", seed))).code).toBe(0);
    const shown = await cli("agent", "show", "lumen");
    expect(shown.stdout).not.toContain("sk-cli-test-key");
    expect(shown.stdout).toContain("30 days");
    const server = await startServerWith({
      ...env,
      SWITCHBOARD_ADMIN_TOKEN: "cli-test-admin-token-0001",
    });
    try {
      const chat = capture(env);
      const running = runCli(
        [
          "chat",
          "--url",
          `http://127.0.0.1:${server.port}`,
          "--token",
          "sbc_cli-test-llm-token-01",
          "--host",
          "localhost",
          "--stream",
        ],
        chat.io,
      );
      await waitFor(() => chat.stdout().includes("Lumen: Hi, I am Lumen."));
      fake.enqueue({ kind: "stream", text: "Within 30 days [1]." });
      chat.stdin.write("How long do I have to return an item?\n");
      await waitFor(() => chat.stdout().includes("Lumen: Within 30 days [1]."));
      expect(JSON.stringify(fake.requests[0]?.body.messages)).toContain(
        "return any item within 30 days",
      );
      chat.stdin.write("/quit\n");
      expect(await running).toBe(0);
    } finally {
      await server.close();
      await fake.close();
    }
  });

  it("reconnects after a dropped connection with the last sequence as cursor, without duplicates", async () => {
    expect((await cli("apply", "-f", file("seed.yaml", SEED))).code).toBe(0);
    const server = await startServerWith({
      ...env,
      SWITCHBOARD_ADMIN_TOKEN: "cli-test-admin-token-0001",
    });
    const proxy = await startProxy(server.port);
    const notices: ChatNotice[] = [];
    try {
      const started = await ChatClient.start(
        { url: proxy.url, connector: { token: "sbc_cli-test-known-token-01", host: "localhost" } },
        (notice) => notices.push(notice),
      );
      if (!started.ok) throw new Error(started.message);
      const client = started.value;
      const events = () => notices.flatMap((n) => (n.kind === "event" ? [n.event] : []));
      await waitFor(() => events().some((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE"));
      const cursor = client.lastSequence;
      expect(cursor).toBeGreaterThan(1);
      proxy.cut();
      await waitFor(() => notices.some((n) => n.kind === "connected" && n.reconnect));
      expect(proxy.requests.at(-1)).toContain(`cursor=${cursor}`);
      client.sendMessage("opening hours");
      await waitFor(() =>
        events().some(
          (e) =>
            e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
            (e.payload as { text?: string }).text?.includes("9 to 5"),
        ),
      );
      const ids = events().map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(events().filter((e) => e.type === "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toHaveLength(
        1,
      );
      client.end();
      await client.finished;
      expect(notices.at(-1)).toEqual({ kind: "closed", reason: "ended" });
    } finally {
      await proxy.close();
      await server.close();
    }
  });

  it("fails with a clear message when the connector token is wrong", async () => {
    expect((await cli("apply", "-f", file("seed.yaml", SEED))).code).toBe(0);
    const server = await startServerWith({
      ...env,
      SWITCHBOARD_ADMIN_TOKEN: "cli-test-admin-token-0001",
    });
    try {
      const result = await cli(
        "chat",
        "--url",
        `http://127.0.0.1:${server.port}`,
        "--token",
        "sbc_wrong",
        "--host",
        "localhost",
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("401: Connector token does not exist");
    } finally {
      await server.close();
    }
  });
});

/** A TCP proxy to `port` that records each connection's first bytes and can cut every link. */
async function startProxy(port: number) {
  const links: Socket[] = [];
  const requests: string[] = [];
  const proxy = createServer((client) => {
    const upstream = tcpConnect(port, "127.0.0.1");
    links.push(client, upstream);
    client.once("data", (chunk) => requests.push(String(chunk).split("\r\n")[0] ?? ""));
    client.pipe(upstream).pipe(client);
    client.on("error", () => undefined);
    upstream.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const address = proxy.address();
  return {
    url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`,
    requests,
    cut: () => {
      for (const link of links.splice(0)) link.destroy();
    },
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
