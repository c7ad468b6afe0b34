// Attached files end to end: visitors and desk users upload, anyone with the signed link downloads, every refusal answers clearly, erasure takes the bytes.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { secretSetting } from "../../src/app/shared-secrets.js";
import type { RunningServer } from "../../src/app.js";
import { joinedClient } from "../support/conversation.js";
import { addQueue, onlineDesk, queuedClient } from "../support/desk.js";
import { FakeS3, S3_ACCESS_KEY, S3_BUCKET, S3_REGION, S3_SECRET_KEY } from "../support/fake-s3.js";
import { readResult } from "../support/http.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import {
  type ShiftedClock,
  shiftedClock,
  startServerWith,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const track = closeAfterEach();

interface Deployment {
  /** Where uploads go. */
  a: TestServer;
  /** Another process of the same deployment (the same on SQLite). */
  b: TestServer;
  clock: ShiftedClock;
  /** Names of the blobs kept (files on disk, or objects in S3). */
  blobs(): string[];
}

function upload(
  t: TestServer,
  sessionId: string,
  token: string,
  body: Buffer | string,
  type: string,
  name = "screen.png",
) {
  return fetch(`${t.url}/api/v1/sessions/${sessionId}/files?name=${encodeURIComponent(name)}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
    body,
  }).then(readResult);
}

function admin(t: TestServer, method: string, path: string, body?: unknown) {
  return fetch(`${t.url}/admin/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${t.adminToken}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(readResult);
}

type FileJsonish = {
  id: string;
  url: string;
  name: string;
  content_type: string;
  size: number;
  attachment: Record<string, unknown>;
};

function fileCases(deployment: () => Deployment): void {
  it("a visitor's image is kept and served from its signed URL by any process, with its type, disposition and nosniff", async () => {
    const { a, b } = deployment();
    const { client, sessionId, token } = await joinedClient(a);
    track(client);
    const kept = await upload(a, sessionId, token, PNG, "image/png", "scrëen shot.png");
    expect(kept.status).toBe(201);
    const file = kept.json as FileJsonish;
    expect(file).toMatchObject({
      name: "scrëen shot.png",
      content_type: "image/png",
      size: PNG.length,
    });
    expect(file.attachment).toEqual({
      title: "scrëen shot.png",
      content_url: file.url,
      preview_image_url: file.url,
      content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
      call_to_action_text: "Download",
    });
    const path = new URL(file.url).pathname + new URL(file.url).search;
    for (const t of [a, b]) {
      const got = await fetch(`${t.url}${path}`);
      expect(got.status).toBe(200);
      expect(got.headers.get("content-type")).toBe("image/png");
      expect(got.headers.get("x-content-type-options")).toBe("nosniff");
      expect(got.headers.get("content-disposition")).toBe(
        "inline; filename=\"scr_en shot.png\"; filename*=UTF-8''scr%C3%ABen%20shot.png",
      );
      expect(Buffer.from(await got.arrayBuffer())).toEqual(PNG);
    }
    // The session's list gives fresh links (any process).
    const listed = await fetch(`${b.url}/api/v1/sessions/${sessionId}/files`, {
      headers: { Authorization: `Bearer ${token}` },
    }).then(readResult);
    expect((listed.json as { files: FileJsonish[] }).files.map((f) => f.id)).toEqual([file.id]);
  });

  it("a visitor's message carries the uploaded file as a protocol attachment; the desk and other connections see it; a foreign file id is refused", async () => {
    const { a, b } = deployment();
    const desk = await onlineDesk(a, { queues: ["support"] });
    track(desk.socket);
    const { client, sessionId, token } = await queuedClient(a);
    track(client);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    const file = (await upload(a, sessionId, token, PNG, "image/png")).json as FileJsonish;
    const from = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", {
      text: "screen.png",
      attachments: [{ file_id: file.id }],
    });
    const echo = await client.waitFor("EVENT_TYPE_USER_MESSAGE", 5000, from);
    const attachments = (echo.payload as { attachments: Array<Record<string, unknown>> })
      .attachments;
    expect(attachments).toHaveLength(1);
    expect(attachments[0]).toMatchObject({
      title: "screen.png",
      content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
    });
    expect(String(attachments[0]?.content_url)).toContain(`/files/${file.id}/`);
    const events = await desk.api.events(sessionId);
    expect(JSON.stringify(events.json)).toContain(`/files/${file.id}/`);
    // A file of another session is not this one's to attach.
    const other = await joinedClient(b);
    track(other.client);
    const theirs = (await upload(b, other.sessionId, other.token, PNG, "image/png"))
      .json as FileJsonish;
    const at = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "x", attachments: [{ file_id: theirs.id }] });
    const error = await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE", 5000, at);
    expect(error.payload).toMatchObject({ message: "Error: Attachment not found" });
    expect((await desk.api.leave(sessionId, true)).status).toBe(204);
  });

  it("every refusal answers with its own code: too large, wrong type, contents not matching, empty, no name, disabled, unknown session, no token", async () => {
    const { a } = deployment();
    const { client, sessionId, token } = await joinedClient(a);
    track(client);
    const limits = { enabled: true, max_bytes: 20, types: ["image/*", "application/pdf"] };
    expect((await admin(a, "PUT", "/connectors/demo/file-limits", limits)).json).toEqual(limits);
    const code = (r: { json: unknown }) => (r.json as { code: string }).code;
    const big = await upload(a, sessionId, token, PDF, "application/pdf", "a.pdf");
    expect([big.status, code(big)]).toEqual([413, "file_too_large"]);
    expect((big.json as { message: string }).message).toBe(
      "The file is larger than the 20 bytes allowed",
    );
    const text = await upload(a, sessionId, token, "hello", "text/plain", "a.txt");
    expect([text.status, code(text)]).toEqual([415, "file_type_not_allowed"]);
    const html = await upload(a, sessionId, token, "<script>x</script>", "image/png");
    expect([html.status, code(html)]).toEqual([415, "file_content_mismatch"]);
    const empty = await upload(a, sessionId, token, "", "image/png");
    expect([empty.status, code(empty)]).toEqual([400, "file_empty"]);
    const noName = await upload(a, sessionId, token, PNG, "image/png", "");
    expect([noName.status, code(noName)]).toEqual([400, "file_name_invalid"]);
    const unknown = await upload(a, "no-such-session", token, PNG, "image/png");
    expect([unknown.status, code(unknown)]).toEqual([404, "file_session_not_found"]);
    const anonymous = await fetch(`${a.url}/api/v1/sessions/${sessionId}/files?name=x.png`, {
      method: "POST",
      headers: { "Content-Type": "image/png" },
      body: PNG,
    }).then(readResult);
    expect([anonymous.status, code(anonymous)]).toEqual([400, "missing_access_token"]);
    await admin(a, "PUT", "/connectors/demo/file-limits", { ...limits, enabled: false });
    const off = await upload(a, sessionId, token, PNG, "image/png");
    expect([off.status, code(off)]).toEqual([403, "files_disabled"]);
    const bad = await admin(a, "PUT", "/connectors/demo/file-limits", {
      enabled: true,
      max_bytes: 0,
      types: ["text/html", "nope"],
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { details: string[] } }).error.details).toHaveLength(3);
    await admin(a, "PUT", "/connectors/demo/file-limits", { ...limits, max_bytes: 10485760 });
  });

  it("a link with a changed signature is refused, and an expired one says so", async () => {
    const { a, clock } = deployment();
    const { client, sessionId, token } = await joinedClient(a);
    track(client);
    const file = (await upload(a, sessionId, token, PNG, "image/png")).json as FileJsonish;
    const url = new URL(file.url);
    const forged = new URL(url);
    forged.searchParams.set("sig", `${url.searchParams.get("sig")?.slice(0, -1)}0`);
    if (forged.searchParams.get("sig") === url.searchParams.get("sig"))
      forged.searchParams.set("sig", `${url.searchParams.get("sig")?.slice(0, -1)}1`);
    const refused = await fetch(`${a.url}${forged.pathname}${forged.search}`).then(readResult);
    expect([refused.status, (refused.json as { code: string }).code]).toEqual([
      403,
      "file_url_bad_signature",
    ]);
    const longer = new URL(url);
    longer.searchParams.set("exp", String(Number(url.searchParams.get("exp")) + 3600));
    expect((await fetch(`${a.url}${longer.pathname}${longer.search}`)).status).toBe(403);
    clock.jump(3601 * 1000);
    const expired = await fetch(`${a.url}${url.pathname}${url.search}`).then(readResult);
    expect([expired.status, (expired.json as { code: string }).code]).toEqual([
      410,
      "file_url_expired",
    ]);
  });

  it("a desk user attaches a file to a chat they hold and sends it as a protocol attachment the visitor sees", async () => {
    const { a } = deployment();
    const desk = await onlineDesk(a, { queues: ["support"] });
    track(desk.socket);
    const { client, sessionId } = await queuedClient(a);
    track(client);
    const notHeld = await desk.api.request(
      "POST",
      `/sessions/${sessionId}/files?name=a.pdf`,
      PDF.toString("latin1"),
      {
        "Content-Type": "application/pdf",
      },
    );
    expect(notHeld.status).toBe(404);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    const kept = await fetch(`${a.url}/desk/v1/sessions/${sessionId}/files?name=invoice.pdf`, {
      method: "POST",
      headers: { Authorization: `Bearer ${desk.user.token}`, "Content-Type": "application/pdf" },
      body: PDF,
    }).then(readResult);
    expect([kept.status, kept.text]).toEqual([201, expect.any(String)]);
    const file = kept.json as FileJsonish;
    expect(file.attachment).toMatchObject({
      content_type: "ATTACHMENT_CONTENT_TYPE_URL",
      title: "invoice.pdf",
    });
    const sent = await desk.api.message(sessionId, {
      text: "Here is your invoice",
      attachments: [file.attachment],
    });
    expect(sent.status).toBe(201);
    const seen = await client.waitFor("EVENT_TYPE_LIVE_AGENT_MESSAGE");
    expect((seen.payload as { attachments: unknown[] }).attachments).toEqual([file.attachment]);
    const got = await fetch(file.url.replace(/^http:\/\/localhost:\d+/, a.url));
    expect(got.headers.get("content-disposition")).toBe(
      "attachment; filename=\"invoice.pdf\"; filename*=UTF-8''invoice.pdf",
    );
    expect(got.headers.get("content-type")).toBe("application/pdf");
    expect((await desk.api.leave(sessionId, true)).status).toBe(204);
  });

  it("erasing a session erases its files' bytes and records", async () => {
    const { a, blobs } = deployment();
    const { client, sessionId, token } = await joinedClient(a);
    track(client);
    const file = (await upload(a, sessionId, token, PNG, "image/png")).json as FileJsonish;
    expect(blobs().some((name) => name.includes(file.id))).toBe(true);
    expect((await admin(a, "DELETE", `/sessions/${sessionId}`)).status).toBe(204);
    expect(blobs().some((name) => name.includes(file.id))).toBe(false);
    const gone = await fetch(file.url.replace(/^http:\/\/localhost:\d+/, a.url)).then(readResult);
    expect([gone.status, (gone.json as { code: string }).code]).toEqual([404, "file_not_found"]);
  });
}

describe("files on SQLite, blobs in the data dir", () => {
  let t: TestServer;
  const clock = shiftedClock();
  beforeAll(async () => {
    t = await startTestServer({}, undefined, clock);
    await addQueue(t, "support");
  });
  afterAll(() => t.close());
  fileCases(() => ({
    a: t,
    b: t,
    clock,
    blobs: () => {
      const dir = join(t.dataDir, "files");
      try {
        return readdirSync(dir, { recursive: true }).map(String);
      } catch {
        return [];
      }
    },
  }));
});

describe("files on PostgreSQL, two processes, blobs in S3", () => {
  const schema = freshSchemaName();
  const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
  const clock = shiftedClock();
  let s3: FakeS3;
  let a: TestServer;
  let b: TestServer;
  const dirs: string[] = [];
  async function startPg(): Promise<TestServer> {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-files-"));
    dirs.push(dir);
    const server: RunningServer = await startServerWith(
      {
        SWITCHBOARD_STORE: url,
        SWITCHBOARD_BUS: url,
        SWITCHBOARD_SECRETS_KEY: "files-test-secrets-key-0123456789abcdef",
        SWITCHBOARD_DATA_DIR: dir,
        SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "100000",
        SWITCHBOARD_FILES_S3_ENDPOINT: s3.endpoint,
        SWITCHBOARD_FILES_S3_BUCKET: S3_BUCKET,
        SWITCHBOARD_FILES_S3_REGION: S3_REGION,
        SWITCHBOARD_FILES_S3_ACCESS_KEY_ID: S3_ACCESS_KEY,
        SWITCHBOARD_FILES_S3_SECRET_ACCESS_KEY: S3_SECRET_KEY,
      },
      undefined,
      clock,
    );
    const secret = async (name: string) =>
      (await server.store.getSetting(secretSetting(name))) ?? "";
    const base = `http://127.0.0.1:${server.port}`;
    return {
      server,
      url: base,
      wsUrl: base.replace(/^http/, "ws"),
      dataDir: dir,
      adminToken: await secret("admin-token"),
      connectorToken: await secret("demo-connector-token"),
      printed: [],
      close: () => server.close(),
    };
  }
  beforeAll(async () => {
    s3 = await FakeS3.start();
    a = await startPg();
    b = await startPg();
    await addQueue(a, "support");
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await s3?.close();
    await dropSchema(schema);
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  fileCases(() => ({ a, b, clock, blobs: () => [...s3.objects.keys()] }));

  it("an S3 store that refuses answers 503 file_store_unavailable, and nothing is kept", async () => {
    const { client, sessionId, token } = await joinedClient(a);
    track(client);
    s3.secret = "not-the-secret-the-server-signs-with";
    try {
      const refused = await upload(a, sessionId, token, PNG, "image/png");
      expect([refused.status, (refused.json as { code: string }).code]).toEqual([
        503,
        "file_store_unavailable",
      ]);
    } finally {
      s3.secret = S3_SECRET_KEY;
    }
    expect(await a.server.store.filesOfSession(sessionId)).toEqual([]);
  });
});

describe("files past retention", () => {
  it("the retention purge erases an ended session's files' bytes with it", async () => {
    const t = await startTestServer({
      SWITCHBOARD_SESSION_RETENTION_HOURS: "0",
      SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "2",
    });
    try {
      const { client, sessionId, token } = await joinedClient(t);
      track(client);
      const file = (await upload(t, sessionId, token, PNG, "image/png")).json as FileJsonish;
      const dir = join(t.dataDir, "files", sessionId);
      expect(readdirSync(dir)).toEqual([file.id]);
      client.send("EVENT_TYPE_USER_END_SESSION");
      // The purge timer runs about once a second with a retention of 0 h.
      const deadline = Date.now() + 8000;
      while ((await t.server.store.getSession(sessionId)) !== undefined) {
        if (Date.now() > deadline) throw new Error("the ended session was never purged");
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(() => readdirSync(dir)).toThrow();
      expect(await t.server.store.getFile(file.id)).toBeUndefined();
    } finally {
      await t.close();
    }
  });
});
