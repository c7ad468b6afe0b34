// Saved replies: the admin API, the desk's own list and personal replies, provisioning files, and the store's rules.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { applyProvisioning } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { DeskAccountRecords } from "../../src/store/index.js";
import { addDeskUser, addQueue, DeskClient } from "../support/desk.js";
import { readResult } from "../support/http.js";
import { BACKENDS, type PortHarness } from "../support/port-harness.js";
import type { TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { BACKEND_NAMES, type BackendName, startTestServerOn } from "../support/test-backends.js";

const track = closeAfterEach();
/** The store the servers of the running describe block use. */
let onStore: BackendName = "sqlite";

function admin(t: TestServer, method: string, path: string, body?: unknown) {
  return fetch(`${t.url}/admin/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${t.adminToken}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  }).then(readResult);
}

describe.each(BACKEND_NAMES)("saved replies over the APIs on %s", (name) => {
  beforeAll(() => {
    onStore = name;
  });
  it("admins keep a team's replies; each desk user sees their queues' and their own, and manages only their own", async () => {
    const t = track(await startTestServerOn(onStore));
    await addQueue(t, "support");
    await addQueue(t, "billing");
    const ada = await addDeskUser(t, { queues: ["support"] });
    const bob = await addDeskUser(t, { queues: ["billing"] });
    const team = await admin(t, "POST", "/saved-replies", {
      queue: "support",
      shortcut: "refund",
      text: "Hi {{visitor.name}}, I'm {{agent.name}}; your refund is on its way.",
    });
    expect(team.status).toBe(201);
    expect(team.json).toMatchObject({ queue: "support", desk_user: null, shortcut: "refund" });
    await admin(t, "POST", "/saved-replies", {
      queue: "billing",
      shortcut: "invoice",
      text: "Invoices are under Billing.",
    });
    const dup = await admin(t, "POST", "/saved-replies", {
      queue: "support",
      shortcut: "refund",
      text: "again",
    });
    expect(dup.status).toBe(409);
    const bad = await admin(t, "POST", "/saved-replies", {
      queue: "nope",
      desk_user: ada.id,
      shortcut: "Bad Name",
      text: "",
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain("shortcut: must be 1-40 lower-case");
    expect(bad.text).toContain("give exactly one");

    const api = new DeskClient(t.url, ada.token);
    const own = await api.request("POST", "/saved-replies", {
      shortcut: "thanks",
      text: "Thanks for waiting!",
    });
    expect(own.status).toBe(201);
    const list = await api.request("GET", "/saved-replies");
    expect(
      (list.json as { saved_replies: { shortcut: string }[] }).saved_replies.map((r) => r.shortcut),
    ).toEqual(["refund", "thanks"]);
    const bobs = await new DeskClient(t.url, bob.token).request("GET", "/saved-replies");
    expect(
      (bobs.json as { saved_replies: { shortcut: string }[] }).saved_replies.map((r) => r.shortcut),
    ).toEqual(["invoice"]);

    const teamId = (team.json as { id: string }).id;
    expect((await api.request("DELETE", `/saved-replies/${teamId}`)).status).toBe(404);
    expect(
      (
        await new DeskClient(t.url, bob.token).request(
          "DELETE",
          `/saved-replies/${(own.json as { id: string }).id}`,
        )
      ).status,
    ).toBe(404);
    expect(
      (await api.request("DELETE", `/saved-replies/${(own.json as { id: string }).id}`)).status,
    ).toBe(204);

    const replaced = await admin(t, "PUT", `/saved-replies/${teamId}`, {
      queue: "support",
      shortcut: "refund",
      text: "New text",
    });
    expect(replaced.json).toMatchObject({ id: teamId, text: "New text" });
    expect((await admin(t, "DELETE", `/saved-replies/${teamId}`)).status).toBe(204);
    expect((await admin(t, "GET", `/saved-replies/${teamId}`)).status).toBe(404);
  });
});

describe.each(BACKEND_NAMES)("saved replies in the store and provisioning files on %s", (name) => {
  let h: PortHarness<DeskAccountRecords> | undefined;
  afterEach(async () => {
    await h?.cleanup();
    h = undefined;
  });

  it("applies saved_replies idempotently, owned by queues and desk users of the same file, erased with their owner", async () => {
    h = await BACKENDS[name]((opened) => new DeskAccountRecords(opened.sharedExecutor()));
    const { store, ports: replies } = h;
    const deps = { store, savedReplies: replies, agents: createAgentFactory(), now: Date.now };
    const doc = {
      queues: [{ name: "support" }],
      desk_users: [{ id: "ada", name: "Ada", queues: ["support"] }],
      saved_replies: [
        { id: "r1", queue: "support", shortcut: "hello", text: "Hello {{visitor.name}}!" },
        { id: "r2", desk_user: "ada", shortcut: "bye", text: "Bye from {{agent.name}}" },
      ],
    };
    const first = await applyProvisioning(deps, doc);
    expect(first.ok && first.objects.filter((o) => o.kind === "saved_reply")).toEqual([
      { kind: "saved_reply", id: "r1", outcome: "created" },
      { kind: "saved_reply", id: "r2", outcome: "created" },
    ]);
    const again = await applyProvisioning(deps, doc);
    expect(again.ok && again.objects.filter((o) => o.outcome !== "unchanged")).toEqual([]);
    const wrong = await applyProvisioning(deps, {
      saved_replies: [
        { id: "r3", queue: "gone", shortcut: "x", text: "x" },
        { id: "r4", queue: "support", shortcut: "hello", text: "dup" },
        { id: "r5", queue: "support", shortcut: "hello", text: "dup" },
      ],
    });
    expect(wrong.ok ? [] : wrong.problems).toEqual([
      'saved_replies[0].queue: no queue "gone" in the file or the store',
      'saved_replies[2].shortcut: "/hello" appears twice for the same owner',
    ]);
    expect(await replies.listSavedReplies({ queues: ["support"], deskUserId: "ada" })).toHaveLength(
      2,
    );
    await store.deleteDeskUser("ada");
    expect((await replies.listAllSavedReplies()).map((r) => r.id)).toEqual(["r1"]);
    await store.deleteQueue("support");
    expect(await replies.listAllSavedReplies()).toEqual([]);
  });
});
