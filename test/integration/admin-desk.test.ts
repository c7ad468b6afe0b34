// Queues and desk users in the admin API over a real Fastify server (port 0) and a real SQLite store.
import { beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/index.js";
import {
  type AdminServer,
  addOpenHandoff,
  queueRecord,
  startAdminFixture,
  type TempStore,
} from "../support/admin-fixtures.js";
import { closeAfterEach } from "../support/teardown.js";

let temp: TempStore;
let server: AdminServer;
const track = closeAfterEach();

beforeEach(async () => {
  ({ temp, server } = track(await startAdminFixture()));
});

type Json = Record<string, unknown>;
const json = async (response: Response) => (await response.json()) as Json;
async function errorOf(response: Response) {
  return (await json(response)).error as { code: string; message: string; details?: string[] };
}
/** Asserts a 400 whose details are exactly `details`. */
async function expectInvalid(response: Response, details: string[]) {
  expect(response.status).toBe(400);
  const error = await errorOf(response);
  expect(error.code).toBe("admin_invalid_request");
  expect(error.details).toEqual(details);
  expect(error.message).toBe(`Invalid request: ${details.join("; ")}`);
}
async function createDeskUser(body: Json) {
  const response = await server.call("POST", "/admin/v1/desk-users", body);
  expect(response.status).toBe(201);
  return (await json(response)) as { id: string; token: string } & Json;
}

const HOURS = { timezone: "Europe/Paris", weekly: { mon: ["09:00-12:00", "13:00-17:00"] } };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("queues", () => {
  it("creates with defaults or given settings, lists by name, reads, replaces and deletes", async () => {
    const response = await server.call("POST", "/admin/v1/queues", { name: "support" });
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created).toEqual({
      name: "support",
      max_wait_seconds: 600,
      status_interval_seconds: 30,
      opening_hours: null,
      created_at: expect.stringMatching(ISO),
      updated_at: created.created_at,
    });
    const billing = await server.call("POST", "/admin/v1/queues", {
      name: "billing",
      max_wait_seconds: 10,
      status_interval_seconds: 3600,
      opening_hours: HOURS,
    });
    expect(await json(billing)).toMatchObject({ max_wait_seconds: 10, opening_hours: HOURS });
    expect((await temp.store.getQueue("billing"))?.openingHours).toEqual(HOURS);
    const list = await json(await server.call("GET", "/admin/v1/queues"));
    expect((list.queues as Json[]).map((q) => q.name)).toEqual(["billing", "support"]);
    expect(await json(await server.call("GET", "/admin/v1/queues/billing"))).toMatchObject({
      name: "billing",
      status_interval_seconds: 3600,
    });

    const replaced = await server.call("PUT", "/admin/v1/queues/billing", {
      max_wait_seconds: 86400,
    });
    expect(replaced.status).toBe(200);
    // PUT replaces: what is left out takes its default again.
    expect(await json(replaced)).toMatchObject({
      name: "billing",
      max_wait_seconds: 86400,
      status_interval_seconds: 30,
      opening_hours: null,
    });
    const stored = await temp.store.getQueue("billing");
    expect(stored).toMatchObject({ maxWaitSeconds: 86400, openingHours: null });
    const withName = await server.call("PUT", "/admin/v1/queues/billing", { name: "billing" });
    expect(withName.status).toBe(200);

    expect((await server.call("DELETE", "/admin/v1/queues/billing")).status).toBe(204);
    expect(await temp.store.getQueue("billing")).toBeUndefined();
    const gone = await server.call("GET", "/admin/v1/queues/billing");
    expect(gone.status).toBe(404);
    expect(await errorOf(gone)).toEqual({
      code: "admin_not_found",
      message: 'Not found: no queue "billing"',
    });
    expect((await server.call("DELETE", "/admin/v1/queues/billing")).status).toBe(404);
    expect((await server.call("GET", "/admin/v1/queues/Not%20A%20Name")).status).toBe(404);
  });

  it("rejects every bad field at once, naming it, and writes nothing", async () => {
    await expectInvalid(
      await server.call("POST", "/admin/v1/queues", {
        name: "Support Team",
        max_wait_seconds: 5,
        status_interval_seconds: 2.5,
        colour: "red",
      }),
      [
        "name: must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit",
        "colour: unknown field",
        "max_wait_seconds: must be a whole number from 10 to 86400",
        "status_interval_seconds: must be a whole number from 5 to 3600",
      ],
    );
    await expectInvalid(
      await server.call("POST", "/admin/v1/queues", {
        max_wait_seconds: "600",
        status_interval_seconds: 3601,
      }),
      [
        "name: required",
        "max_wait_seconds: must be a whole number from 10 to 86400",
        "status_interval_seconds: must be a whole number from 5 to 3600",
      ],
    );
    await expectInvalid(await server.call("POST", "/admin/v1/queues", ["support"]), [
      "body: must be a JSON object",
    ]);
    expect(await temp.store.listQueues()).toEqual([]);
  });

  it("checks opening hours field by field", async () => {
    const post = (opening_hours: unknown) =>
      server.call("POST", "/admin/v1/queues", { name: "support", opening_hours });
    await expectInvalid(
      await post({
        timezone: "Mars/Olympus_Mons",
        weekly: { mon: ["9-5"], tue: "09:00-17:00", funday: ["10:00-11:00"], wed: ["17:00-09:00"] },
      }),
      [
        'opening_hours.weekly.tue: must be a list of "HH:MM-HH:MM" intervals',
        'opening_hours.timezone: unknown time zone "Mars/Olympus_Mons"',
        'opening_hours.weekly.mon[0]: must look like "09:00-17:00"',
        "opening_hours.weekly.funday: not a day (use mon, tue, wed, thu, fri, sat, sun)",
        'opening_hours.weekly.wed[0]: must look like "09:00-17:00"',
      ],
    );
    await expectInvalid(await post({ weekly: [], days: 1 }), [
      "opening_hours.days: unknown field",
      'opening_hours.timezone: required (an IANA time zone such as "Europe/Paris")',
      'opening_hours.weekly: required (days mon..sun to lists of "HH:MM-HH:MM")',
    ]);
    await expectInvalid(await post("9 to 5"), [
      "opening_hours: must be an object with timezone and weekly",
    ]);
    const allDay = await post({ timezone: "UTC", weekly: { sat: ["00:00-24:00"] } });
    expect(allDay.status).toBe(201);
  });

  it("refuses a taken name (409), a renaming PUT (400) and a PUT of an unknown queue (404)", async () => {
    await temp.store.putQueue(queueRecord("support"));
    const taken = await server.call("POST", "/admin/v1/queues", { name: "support" });
    expect(taken.status).toBe(409);
    expect(await errorOf(taken)).toEqual({
      code: "admin_conflict",
      message: 'Conflict: a queue named "support" already exists',
    });
    await expectInvalid(
      await server.call("PUT", "/admin/v1/queues/support", { name: "sales", max_wait_seconds: 1 }),
      [
        "name: must match the name in the path (a queue cannot be renamed)",
        "max_wait_seconds: must be a whole number from 10 to 86400",
      ],
    );
    const unknown = await server.call("PUT", "/admin/v1/queues/sales", {});
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).message).toBe('Not found: no queue "sales"');
  });

  it("refuses to delete a queue desk users serve (naming them) or conversations wait in", async () => {
    await temp.store.putQueue(queueRecord("support"));
    await temp.store.putQueue(queueRecord("sales"));
    const sarah = await createDeskUser({
      id: "sarah",
      name: "Sarah",
      queues: ["support", "sales"],
    });
    await createDeskUser({ id: "tom", name: "Tom", queues: ["sales"] });
    const served = await server.call("DELETE", "/admin/v1/queues/sales");
    expect(served.status).toBe(409);
    expect(await errorOf(served)).toEqual({
      code: "admin_conflict",
      message: 'Conflict: queue "sales" is served by desk user(s) "sarah" (Sarah), "tom" (Tom)',
    });
    await server.call("PATCH", `/admin/v1/desk-users/${sarah.id}`, { queues: ["support"] });
    await server.call("DELETE", "/admin/v1/desk-users/tom");
    await addOpenHandoff(temp.store, "sales");
    await addOpenHandoff(temp.store, "sales", "sarah");
    const waiting = await server.call("DELETE", "/admin/v1/queues/sales");
    expect(waiting.status).toBe(409);
    expect((await errorOf(waiting)).message).toBe(
      'Conflict: queue "sales" has 2 open conversation(s) (waiting or held)',
    );
    expect(await temp.store.getQueue("sales")).toBeDefined();
  });
});

describe("desk users", () => {
  beforeEach(async () => {
    await temp.store.putQueue(queueRecord("support"));
    await temp.store.putQueue(queueRecord("billing"));
  });

  it("shows the token once, stores only its hash, lists, reads and never returns it again", async () => {
    const created = await createDeskUser({
      name: "Sarah",
      avatar_url: "https://example.com/sarah.png",
      queues: ["support", "billing"],
      max_concurrent: 5,
    });
    expect(created).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/),
      token: expect.stringMatching(/^sbd_[A-Za-z0-9_-]{20,}$/),
      name: "Sarah",
      avatar_url: "https://example.com/sarah.png",
      queues: ["support", "billing"],
      max_concurrent: 5,
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
    const stored = await temp.store.getDeskUser(created.id);
    expect(stored?.tokenHash).toBe(hashToken(created.token));
    expect((await temp.store.getDeskUserByTokenHash(hashToken(created.token)))?.id).toBe(
      created.id,
    );
    const tom = await createDeskUser({ id: "tom", name: "Tom", queues: [] });
    expect(tom).toMatchObject({ id: "tom", avatar_url: null, queues: [], max_concurrent: 3 });
    const listText = await (await server.call("GET", "/admin/v1/desk-users")).text();
    const list = JSON.parse(listText) as { desk_users: Json[] };
    expect(list.desk_users.map((u) => u.id)).toEqual([created.id, "tom"]);
    const one = await (await server.call("GET", `/admin/v1/desk-users/${created.id}`)).text();
    expect(JSON.parse(one)).toMatchObject({ id: created.id, name: "Sarah" });
    for (const text of [listText, one]) {
      expect(text).not.toContain(created.token);
      expect(text).not.toContain(stored?.tokenHash);
      expect(text).not.toContain("token");
    }
    const missing = await server.call("GET", "/admin/v1/desk-users/nobody");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).message).toBe('Not found: no desk user "nobody"');
  });

  it("rejects every bad field at once, naming it, and writes nothing", async () => {
    await expectInvalid(
      await server.call("POST", "/admin/v1/desk-users", {
        id: "bad id",
        name: "  ",
        avatar_url: "ftp://example.com/a.png",
        queues: ["support", "ghost", "support", 7],
        max_concurrent: 51,
        token: "sbd_mine",
      }),
      [
        "token: unknown field",
        "id: must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit",
        "name: must be a non-blank string of at most 100 characters",
        "avatar_url: must be an http(s) URL or null",
        'queues[1]: no queue "ghost"',
        'queues[2]: "support" is listed more than once',
        "queues[3]: must be a queue name",
        "max_concurrent: must be a whole number from 1 to 50",
      ],
    );
    await expectInvalid(await server.call("POST", "/admin/v1/desk-users", { max_concurrent: 0 }), [
      "name: required",
      "queues: required (a list of queue names)",
      "max_concurrent: must be a whole number from 1 to 50",
    ]);
    await expectInvalid(
      await server.call("POST", "/admin/v1/desk-users", {
        name: "x".repeat(101),
        queues: "support",
        max_concurrent: 2.5,
        avatar_url: "not a url",
      }),
      [
        "name: must be a non-blank string of at most 100 characters",
        "avatar_url: must be an http(s) URL or null",
        "queues: must be a list of queue names",
        "max_concurrent: must be a whole number from 1 to 50",
      ],
    );
    expect(await temp.store.listDeskUsers()).toEqual([]);
    await createDeskUser({ id: "sarah", name: "S", queues: ["support"] });
    const taken = await server.call("POST", "/admin/v1/desk-users", {
      id: "sarah",
      name: "Other",
      queues: [],
    });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).message).toBe(
      'Conflict: a desk user with id "sarah" already exists',
    );
  });

  it("patches given fields, validates them, tells the desk, and 404s unknown desk users", async () => {
    const sarah = await createDeskUser({
      id: "sarah",
      name: "Sarah",
      avatar_url: "http://example.com/s.png",
      queues: ["support"],
    });
    const patched = await server.call("PATCH", "/admin/v1/desk-users/sarah", {
      name: "Sarah C.",
      avatar_url: null,
      queues: ["billing", "support"],
      max_concurrent: 1,
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      id: "sarah",
      name: "Sarah C.",
      avatar_url: null,
      queues: ["billing", "support"],
      max_concurrent: 1,
      created_at: sarah.created_at,
    });
    const stored = await temp.store.getDeskUser("sarah");
    expect(stored).toMatchObject({ name: "Sarah C.", avatarUrl: null, maxConcurrent: 1 });
    expect(stored?.tokenHash).toBe(hashToken(sarah.token));
    expect(server.deskChanges).toEqual([["sarah", "updated"]]);

    await expectInvalid(
      await server.call("PATCH", "/admin/v1/desk-users/sarah", {
        name: null,
        queues: ["nope"],
        max_concurrent: null,
        id: "renamed",
      }),
      [
        "id: unknown field",
        "name: must be a non-blank string of at most 100 characters",
        'queues[0]: no queue "nope"',
        "max_concurrent: must be a whole number from 1 to 50",
      ],
    );
    expect((await temp.store.getDeskUser("sarah"))?.name).toBe("Sarah C.");
    expect(server.deskChanges).toHaveLength(1);
    const unknown = await server.call("PATCH", "/admin/v1/desk-users/ghost", { name: "G" });
    expect(unknown.status).toBe(404);
  });

  it("rotates the token: the new one is shown once and the old one stops matching", async () => {
    const sarah = await createDeskUser({ id: "sarah", name: "Sarah", queues: ["support"] });
    const response = await server.call("POST", "/admin/v1/desk-users/sarah/rotate-token");
    expect(response.status).toBe(200);
    const rotated = await json(response);
    expect(rotated).toMatchObject({ id: "sarah", name: "Sarah", queues: ["support"] });
    expect(rotated.token).toMatch(/^sbd_/);
    expect(rotated.token).not.toBe(sarah.token);
    expect(await temp.store.getDeskUserByTokenHash(hashToken(sarah.token))).toBeUndefined();
    const byNew = await temp.store.getDeskUserByTokenHash(hashToken(rotated.token as string));
    expect(byNew?.id).toBe("sarah");
    expect(server.deskChanges).toEqual([["sarah", "token_rotated"]]);
    const unknown = await server.call("POST", "/admin/v1/desk-users/ghost/rotate-token");
    expect(unknown.status).toBe(404);
  });

  it("deletes a desk user, refusing while they hold a conversation", async () => {
    await createDeskUser({ id: "sarah", name: "Sarah", queues: ["support"] });
    await addOpenHandoff(temp.store, "support", "sarah");
    const holding = await server.call("DELETE", "/admin/v1/desk-users/sarah");
    expect(holding.status).toBe(409);
    expect((await errorOf(holding)).message).toBe(
      'Conflict: desk user "sarah" holds 1 conversation(s); they must leave or transfer them first',
    );
    await createDeskUser({ id: "tom", name: "Tom", queues: ["support"] });
    expect((await server.call("DELETE", "/admin/v1/desk-users/tom")).status).toBe(204);
    expect(await temp.store.getDeskUser("tom")).toBeUndefined();
    expect(server.deskChanges).toEqual([["tom", "deleted"]]);
    expect((await server.call("GET", "/admin/v1/desk-users/tom")).status).toBe(404);
    expect((await server.call("DELETE", "/admin/v1/desk-users/tom")).status).toBe(404);
  });
});

describe("authentication and docs", () => {
  it("answers 401 on every queue and desk-user route without the admin token", async () => {
    const routes: [string, string][] = [
      ["POST", "/admin/v1/queues"],
      ["GET", "/admin/v1/queues"],
      ["GET", "/admin/v1/queues/support"],
      ["PUT", "/admin/v1/queues/support"],
      ["DELETE", "/admin/v1/queues/support"],
      ["POST", "/admin/v1/desk-users"],
      ["GET", "/admin/v1/desk-users"],
      ["GET", "/admin/v1/desk-users/x"],
      ["PATCH", "/admin/v1/desk-users/x"],
      ["DELETE", "/admin/v1/desk-users/x"],
      ["POST", "/admin/v1/desk-users/x/rotate-token"],
    ];
    const valid: Record<string, Json> = {
      "/admin/v1/queues": { name: "support" },
      "/admin/v1/desk-users": { name: "Sarah", queues: [] },
    };
    for (const [method, path] of routes) {
      const body = method === "GET" || method === "DELETE" ? undefined : (valid[path] ?? {});
      const response = await server.call(method, path, body, "not-the-admin-token-0000");
      expect(response.status, `${method} ${path}`).toBe(401);
      expect((await errorOf(response)).code).toBe("admin_unauthorized");
    }
    expect(await temp.store.listQueues()).toEqual([]);
    expect(await temp.store.listDeskUsers()).toEqual([]);
  });

  it("describes the new routes in the OpenAPI document and on the docs page", async () => {
    const spec = await json(await fetch(`${server.url}/docs/openapi.json`));
    const paths = spec.paths as Record<string, Json>;
    expect(Object.keys(paths["/admin/v1/queues/{name}"] ?? {}).sort()).toEqual([
      "delete",
      "get",
      "parameters",
      "put",
    ]);
    expect(Object.keys(paths["/admin/v1/desk-users/{id}"] ?? {}).sort()).toEqual([
      "delete",
      "get",
      "parameters",
      "patch",
    ]);
    expect(paths["/admin/v1/desk-users/{id}/rotate-token"]).toHaveProperty("post");
    const schemas = (spec.components as { schemas: Record<string, unknown> }).schemas;
    for (const name of ["Queue", "QueueInput", "DeskUser", "DeskUserInput", "DeskUserWithToken"])
      expect(schemas, name).toHaveProperty(name);
    // Every $ref points at a schema that exists.
    const refs = JSON.stringify(spec).match(/#\/components\/schemas\/\w+/g) ?? [];
    for (const ref of refs) expect(schemas).toHaveProperty(ref.split("/").pop() as string);
    const html = await (await fetch(`${server.url}/docs`)).text();
    expect(html).toContain("/admin/v1/desk-users/{id}/rotate-token");
    expect(html).toContain("Delete a queue");
  });
});
