// Console sign-in: passwords set by admins, the session cookie and its CSRF guard, limits, sign-out everywhere, and the chosen status.
import { beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { askForHuman, joinedClient } from "../support/conversation.js";
import { addDeskUser, addQueue, DeskSocket, onlineDesk, queuedClient } from "../support/desk.js";
import { type HttpResult, readResult } from "../support/http.js";
import type { TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { BACKEND_NAMES, type BackendName, startTestServerOn } from "../support/test-backends.js";

const track = closeAfterEach();
/** The store the servers of the running describe block use. */
let onStore: BackendName = "sqlite";
const PASSWORD = "correct horse battery";

async function admin(t: TestServer, method: string, path: string, body?: unknown) {
  return readResult(
    await fetch(`${t.url}/admin/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
      body: body === undefined ? null : JSON.stringify(body),
    }),
  );
}

/** A browser-like caller: keeps the cookie, sends Origin, and the CSRF token when it has one. */
class Browser {
  cookie = "";
  csrf = "";
  constructor(
    readonly t: TestServer,
    readonly origin = t.url,
  ) {}

  async call(method: string, path: string, body?: unknown, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { Origin: this.origin, ...extra };
    if (this.cookie) headers.Cookie = this.cookie;
    if (this.csrf) headers["X-CSRF-Token"] = this.csrf;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${this.t.url}/desk/v1${path}`, {
      method,
      headers,
      body: body === undefined ? null : JSON.stringify(body),
    });
    const set = response.headers.get("set-cookie");
    const result = await readResult(response);
    return { ...result, setCookie: set };
  }

  async signIn(
    email: string,
    password: string,
  ): Promise<HttpResult & { setCookie: string | null }> {
    const result = await this.call("POST", "/auth/sign-in", { email, password });
    if (result.status === 200) {
      this.cookie = (result.setCookie ?? "").split(";")[0] as string;
      this.csrf = (result.json as { csrf_token: string }).csrf_token;
    }
    return result;
  }
}

async function withLogin(email = "ada@example.com") {
  const t = track(await startTestServerOn(onStore, { SWITCHBOARD_TRUSTED_PROXIES: "127.0.0.1" }));
  await addQueue(t, "support");
  const user = await addDeskUser(t, { name: "Ada" });
  const set = await admin(t, "PUT", `/desk-users/${user.id}/login`, { email, password: PASSWORD });
  expect(set.status).toBe(200);
  return { t, user };
}

describe.each(BACKEND_NAMES)("desk sign-in with email and password on %s", (name) => {
  beforeAll(() => {
    onStore = name;
  });
  it("admins set the login; the hash never shows; a short password or taken email is refused", async () => {
    const { t, user } = await withLogin();
    const shown = await admin(t, "GET", `/desk-users/${user.id}/login`);
    expect(shown.json).toEqual({
      desk_user_id: user.id,
      email: "ada@example.com",
      password_set: true,
      updated_at: expect.any(String),
    });
    expect(shown.text).not.toContain("argon2");
    const other = await addDeskUser(t);
    const short = await admin(t, "PUT", `/desk-users/${other.id}/login`, {
      email: "b@example.com",
      password: "short",
    });
    expect(short.status).toBe(400);
    expect(short.text).toContain("password: must be at least 10 characters");
    const taken = await admin(t, "PUT", `/desk-users/${other.id}/login`, {
      email: "ADA@example.com",
      password: PASSWORD,
    });
    expect(taken.status).toBe(409);
  });

  it("signs in to an HTTP-only SameSite=Strict cookie; wrong passwords and unknown emails get one answer", async () => {
    const { t } = await withLogin();
    const browser = new Browser(t);
    const wrong = await browser.signIn("ada@example.com", "not the password");
    const unknown = await browser.signIn("nobody@example.com", PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.json).toEqual(wrong.json);
    expect((wrong.json as { code: string }).code).toBe("desk_sign_in_failed");
    const ok = await browser.signIn("  Ada@Example.com ", PASSWORD);
    expect(ok.status).toBe(200);
    expect(ok.setCookie).toMatch(
      /^switchboard_desk=sbw_[\w-]+; Path=\/desk; HttpOnly; SameSite=Strict; Max-Age=\d+$/,
    );
    const me = await browser.call("GET", "/me");
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      desk_user: { name: "Ada" },
      status: "offline",
      csrf_token: browser.csrf,
    });
  });

  it("refuses cookie requests that change things without the CSRF token or from another origin", async () => {
    const { t } = await withLogin();
    const browser = new Browser(t);
    await browser.signIn("ada@example.com", PASSWORD);
    const csrf = browser.csrf;
    browser.csrf = "";
    const without = await browser.call("PUT", "/me/status", { status: "away" });
    expect(without.status).toBe(403);
    expect((without.json as { code: string }).code).toBe("desk_csrf_rejected");
    browser.csrf = "wrong";
    expect((await browser.call("PUT", "/me/status", { status: "away" })).status).toBe(403);
    const elsewhere = new Browser(t, "https://evil.example");
    elsewhere.cookie = browser.cookie;
    elsewhere.csrf = csrf;
    expect((await elsewhere.call("PUT", "/me/status", { status: "away" })).status).toBe(403);
    expect((await elsewhere.signIn("ada@example.com", PASSWORD)).status).toBe(403);
    browser.csrf = csrf;
    expect((await browser.call("PUT", "/me/status", { status: "away" })).status).toBe(200);
  });

  it("signing out everywhere ends every browser's session; signing out ends only this one", async () => {
    const { t } = await withLogin();
    const first = new Browser(t);
    const second = new Browser(t);
    await first.signIn("ada@example.com", PASSWORD);
    await second.signIn("ada@example.com", PASSWORD);
    const out = await first.call("POST", "/auth/sign-out");
    expect(out.status).toBe(204);
    expect(out.setCookie).toContain("Max-Age=0");
    expect((await first.call("GET", "/me")).status).toBe(401);
    expect((await second.call("GET", "/me")).status).toBe(200);
    const third = new Browser(t);
    await third.signIn("ada@example.com", PASSWORD);
    expect((await third.call("POST", "/auth/sign-out-everywhere")).status).toBe(204);
    expect((await second.call("GET", "/me")).status).toBe(401);
    expect((await third.call("GET", "/me")).status).toBe(401);
  });

  it("users change their own password: the current one must match, other browsers are signed out", async () => {
    const { t } = await withLogin();
    const here = new Browser(t);
    const there = new Browser(t);
    await here.signIn("ada@example.com", PASSWORD);
    await there.signIn("ada@example.com", PASSWORD);
    const bad = await here.call("PUT", "/me/password", {
      current_password: "nope nope nope",
      new_password: "a brand new passphrase",
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { code: string }).code).toBe("desk_password_rejected");
    const changed = await here.call("PUT", "/me/password", {
      current_password: PASSWORD,
      new_password: "a brand new passphrase",
    });
    expect(changed.status).toBe(200);
    here.cookie = (changed.setCookie ?? "").split(";")[0] as string;
    here.csrf = (changed.json as { csrf_token: string }).csrf_token;
    expect((await here.call("GET", "/me")).status).toBe(200);
    expect((await there.call("GET", "/me")).status).toBe(401);
    expect((await new Browser(t).signIn("ada@example.com", PASSWORD)).status).toBe(401);
    expect((await new Browser(t).signIn("ada@example.com", "a brand new passphrase")).status).toBe(
      200,
    );
  });

  it("limits attempts per account, whichever address they come from", async () => {
    const { t } = await withLogin();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const address = `10.0.0.${i + 1}`;
      const result = await new Browser(t).call(
        "POST",
        "/auth/sign-in",
        { email: "ada@example.com", password: `guess number ${i}` },
        { "X-Forwarded-For": address },
      );
      statuses.push(result.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // The right password is refused too while the account is limited: guessing gains nothing.
    expect((await new Browser(t).signIn("ada@example.com", PASSWORD)).status).toBe(429);
  });

  it("opens the desk socket with the cookie, but not from another site's page", async () => {
    const { t } = await withLogin();
    const browser = new Browser(t);
    await browser.signIn("ada@example.com", PASSWORD);
    const open = (origin: string) =>
      new Promise<number>((resolve) => {
        const ws = new WebSocket(`${t.wsUrl}/desk/ws`, {
          headers: { Cookie: browser.cookie, Origin: origin },
        });
        ws.once("open", () => {
          ws.close();
          resolve(101);
        });
        ws.once("unexpected-response", (_req, res) => resolve(res.statusCode ?? 0));
      });
    expect(await open(t.url)).toBe(101);
    expect(await open("https://evil.example")).toBe(401);
  });
});

describe.each(BACKEND_NAMES)("desk status on %s", (name) => {
  beforeAll(() => {
    onStore = name;
  });
  it("away keeps held chats, takes no new ones, and is shown to colleagues", async () => {
    const t = track(await startTestServerOn(onStore));
    await addQueue(t, "support");
    const ada = await onlineDesk(t, { name: "Ada" });
    const bob = await onlineDesk(t, { name: "Bob" });
    track(ada.socket);
    track(bob.socket);
    const first = await queuedClient(t);
    track(first.client);
    expect((await ada.api.accept(first.sessionId)).status).toBe(200);
    const away = await ada.api.request("PUT", "/me/status", { status: "away" });
    expect(away.json).toEqual({ status: "away", chosen: "away" });
    await bob.socket.waitFor((f) => f.type === "status" && f.status === "away");
    const colleagues = await bob.api.request("GET", "/colleagues");
    const list = (colleagues.json as { colleagues: { id: string; status: string }[] }).colleagues;
    expect(list.find((c) => c.id === ada.user.id)?.status).toBe("away");
    expect(list.find((c) => c.id === bob.user.id)?.status).toBe("online");
    expect((await ada.api.sessions()).json).toMatchObject({
      sessions: [{ session_id: first.sessionId }],
    });
    const second = await queuedClient(t);
    track(second.client);
    const refused = await ada.api.accept(second.sessionId);
    expect(refused.status).toBe(409);
    expect((refused.json as { code: string }).code).toBe("desk_not_available");
    // Still away after reconnecting: the choice is kept, not tied to the socket.
    ada.socket.close();
    const again = track(await DeskSocket.open(t, ada.user.token));
    expect(again.frames[0]).toMatchObject({ type: "hello", status: "away" });
  });

  it("a handoff is refused when everyone serving the queue is away", async () => {
    const t = track(await startTestServerOn(onStore));
    await addQueue(t, "support");
    const ada = await onlineDesk(t);
    track(ada.socket);
    await ada.api.request("PUT", "/me/status", { status: "offline" });
    const { client } = await joinedClient(t);
    track(client);
    const events = await askForHuman(client, "EVENT_TYPE_HANDOFF_FAILED");
    expect(events.find((e) => e.type === "EVENT_TYPE_HANDOFF_FAILED")?.payload).toMatchObject({
      reason: "NO_AGENTS_AVAILABLE",
    });
  });
});
