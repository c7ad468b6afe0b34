// The SDK attaches a file: uploads it with progress, sends it with a message, and the echo carries the protocol attachment; refusals come back with their codes.
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { type Conversation, SwitchboardClient, type WebSocketLike } from "../../src/sdk/index.js";
import { startTestServer, type TestServer } from "../support/server.js";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 7, 7]);
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function until(
  client: SwitchboardClient,
  test: (c: Conversation) => boolean,
): Promise<Conversation> {
  if (test(client.conversation)) return Promise.resolve(client.conversation);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timed out")), 5000);
    const off = client.on("conversation", (c) => {
      if (!test(c)) return;
      clearTimeout(timer);
      off();
      resolve(c);
    });
  });
}

async function started(): Promise<{ t: TestServer; client: SwitchboardClient }> {
  const t = await startTestServer();
  cleanups.push(() => t.close());
  const client = new SwitchboardClient({
    baseUrl: t.url,
    auth: { connectorToken: t.connectorToken, host: "localhost" },
    WebSocket: WebSocket as unknown as new (url: string) => WebSocketLike,
    random: () => 0,
  });
  cleanups.push(() => client.close());
  await client.start();
  await until(client, (c) => c.messages.some((m) => m.from === "ai" && m.complete));
  return { t, client };
}

describe("SDK file attachments", () => {
  it("uploads with progress, sends the file with a message and the echo carries its attachment", async () => {
    const { client } = await started();
    const progress: Array<{ loaded: number; total: number }> = [];
    const uploaded = await client.upload(new File([PNG], "shot.png", { type: "image/png" }), {
      onProgress: (p) => progress.push(p),
    });
    if (!uploaded.ok) throw new Error(JSON.stringify(uploaded.error));
    expect(uploaded.file).toMatchObject({ name: "shot.png", content_type: "image/png", size: 14 });
    expect(progress.at(-1)).toEqual({ loaded: 14, total: 14 });
    client.send("shot.png", { files: [uploaded.file] });
    const done = await until(client, (c) =>
      c.messages.some((m) => m.from === "user" && m.status === "sent" && m.attachments.length > 0),
    );
    const mine = done.messages.find((m) => m.from === "user" && m.attachments.length > 0);
    expect(mine?.attachments[0]).toMatchObject({
      title: "shot.png",
      content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
    });
    const link = String(mine?.attachments[0]?.content_url);
    const got = await fetch(link);
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PNG);
  });

  it("a refusal comes back as a value with the server's code", async () => {
    const { client } = await started();
    const html = new File(["<script>alert(1)</script>"], "x.png", { type: "image/png" });
    const refused = await client.upload(html);
    expect(refused).toMatchObject({
      ok: false,
      error: { status: 415, code: "file_content_mismatch" },
    });
    const typed = await client.upload(new File(["x"], "x.html", { type: "text/html" }));
    expect(typed).toMatchObject({ ok: false, error: { code: "file_type_not_allowed" } });
  });
});
