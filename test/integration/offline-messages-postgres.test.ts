// Offline messages across two processes on one PostgreSQL schema: offered by one, left through the other, listed and delivered by either.
import { afterAll, describe, expect, it } from "vitest";
import { secretSetting } from "../../src/app/shared-secrets.js";
import type { RunningServer } from "../../src/app.js";
import { askForHuman, joinedClient } from "../support/conversation.js";
import { onlineDesk } from "../support/desk.js";
import { readResult } from "../support/http.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { shiftedClock, startServerWith, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { TEST_SECRETS_KEY } from "../support/test-backends.js";
import { json, WebhookBackend } from "../support/webhook-backend.js";

const SECRET = "offline-webhook-secret-0123456789";
const schema = freshSchemaName();
const url = `${TEST_POSTGRES_URL}?schema=${schema}`;
const track = closeAfterEach();
// Both processes share one clock, so a jump moves the retry's due time for either.
const clock = shiftedClock();
afterAll(() => dropSchema(schema));

async function startPgServer(): Promise<TestServer> {
  const server: RunningServer = await startServerWith(
    {
      SWITCHBOARD_STORE: url,
      SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
      // Several processes: events reach the other one's connections over LISTEN/NOTIFY.
      SWITCHBOARD_BUS: url,
      SWITCHBOARD_DATA_DIR: `/tmp/switchboard-no-data-${Math.random().toString(36).slice(2)}`,
      SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "100000",
    },
    undefined,
    clock,
  );
  const secret = async (name: string) => (await server.store.getSetting(secretSetting(name))) ?? "";
  const base = `http://127.0.0.1:${server.port}`;
  return track({
    server,
    url: base,
    wsUrl: base.replace(/^http/, "ws"),
    dataDir: "",
    adminToken: await secret("admin-token"),
    connectorToken: await secret("demo-connector-token"),
    printed: [],
    close: () => server.close(),
  });
}

describe("offline messages on PostgreSQL, two processes", () => {
  it("one process offers the form, the other keeps the message; the visitor hears it; either lists it; the webhook gets it once, after a retry", async () => {
    const a = await startPgServer();
    const b = await startPgServer();
    const hook = await WebhookBackend.start(SECRET, () => clock.now());
    try {
      let answers = 0;
      hook.handler = (_request, res) => {
        answers += 1;
        json(res, answers === 1 ? 500 : 204, {});
      };
      const put = await fetch(`${a.url}/admin/v1/connectors/demo/offline-messages`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${a.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ enabled: true, webhook_url: hook.url, webhook_secret: SECRET }),
      });
      expect(put.status).toBe(200);

      const joined = await joinedClient(a);
      track(joined.client);
      const events = await askForHuman(joined.client, "EVENT_TYPE_HANDOFF_FAILED");
      expect(events.at(-1)?.payload).toMatchObject({ offline_message: true });

      // Through B: the same access token, the session's record from the shared store.
      const left = await fetch(`${b.url}/api/v1/sessions/${joined.sessionId}/offline-message`, {
        method: "POST",
        headers: { Authorization: `Bearer ${joined.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email: "ada@example.com", message: "Call me" }),
      }).then(readResult);
      expect(left.status).toBe(201);
      // The visitor, connected to A, hears B's thank-you and the end.
      await joined.client.waitFor("EVENT_TYPE_SESSION_END");
      const again = await fetch(`${a.url}/api/v1/sessions/${joined.sessionId}/offline-message`, {
        method: "POST",
        headers: { Authorization: `Bearer ${joined.token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email: "ada@example.com", message: "Call me" }),
      }).then(readResult);
      expect(again.json).toMatchObject({ code: "offline_already_left" });

      const desk = await onlineDesk(a, { queues: ["support"] });
      track(desk.socket);
      const state = async () =>
        (
          (await desk.api.request("GET", "/offline-messages")).json as {
            offline_messages: { delivery: string; attempts: number; email: string }[];
          }
        ).offline_messages[0];
      await expect.poll(async () => (await state())?.attempts, { timeout: 10_000 }).toBe(1);
      expect(await state()).toMatchObject({ email: "ada@example.com", delivery: "pending" });
      // The retry is due 10 s later: the clock jumps there, and whichever process polls first sends it.
      clock.jump(11_000);
      await expect
        .poll(async () => (await state())?.delivery, { timeout: 10_000 })
        .toBe("delivered");
      expect(hook.requests).toHaveLength(2);
      expect(hook.requests.every((r) => r.signed)).toBe(true);
    } finally {
      await hook.close();
    }
  }, 30_000);
});
