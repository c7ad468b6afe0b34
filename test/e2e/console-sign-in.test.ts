// Signing in to the console with email and password, staying signed in across reloads, choosing away, signing out everywhere.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import { type ConsoleRig, signInCard, startConsoleRig, UI_MS } from "../support/console-page.js";
import { addDeskUser, onlineDesk, queuedClient } from "../support/desk.js";
import type { TestServer } from "../support/server.js";
import { BACKEND_NAMES, testBackend } from "../support/test-backends.js";

const PASSWORD = "lunch at one, back at two";

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable()).each(BACKEND_NAMES)(
  "console sign-in and status on %s",
  { timeout: 60_000 },
  (backendName) => {
    let c: ConsoleRig;
    let t: TestServer;
    const backend = testBackend(backendName);

    beforeAll(async () => {
      c = await startConsoleRig(backend.env);
      t = c.rig.t;
    }, 60_000);

    afterEach(() => c?.cleanUp());
    afterAll(async () => {
      await c?.close();
      await backend.drop();
    });

    async function deskUserWithPassword(name: string, email: string) {
      const desk = await addDeskUser(t, { name, queues: ["support"], avatarUrl: null });
      const response = await fetch(`${t.url}/admin/v1/desk-users/${desk.id}/login`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({ email, password: PASSWORD }),
      });
      expect(response.status).toBe(200);
      return desk;
    }

    it("signs in with email and password, goes away for lunch, stays signed in across a reload, signs out everywhere", async () => {
      const desk = await deskUserWithPassword("Maya Chen", "maya@example.com");
      const colleague = await onlineDesk(t, { name: "Omar", queues: ["support"] });
      const axe = new AxeLog();
      const first = await c.open();
      const { page } = first;
      await signInCard(page).waitFor({ timeout: UI_MS });
      await axe.check(page, "password sign-in");

      await page.getByLabel("Email").fill("maya@example.com");
      await page.getByLabel("Password").fill("not my password");
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await waitForText(page.getByRole("alert"), "do not match");
      await axe.check(page, "password refused");
      expect(await page.getByLabel("Password").inputValue()).toBe("");

      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Sign in", exact: true }).click();
      await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
      await waitForText(page.locator("sb-header"), "Maya Chen");
      // The cookie is HTTP-only: the page's script cannot read it, and nothing is left in storage.
      expect(await page.evaluate("document.cookie")).toBe("");
      expect(await page.evaluate("JSON.stringify(sessionStorage)")).not.toContain("sbw_");

      await page.getByLabel("My status").selectOption("away");
      await colleague.socket.waitFor(
        (f) => f.type === "status" && f.desk_user_id === desk.id && f.status === "away",
      );
      await axe.check(page, "away");

      const waiting = await queuedClient(t, { ask: "Is anyone there? I want a human" });
      const entry = page.locator(`li[data-session="${waiting.sessionId}"]`);
      await entry.waitFor({ timeout: UI_MS });
      await entry.getByRole("button", { name: "Accept" }).click();
      await waitForText(entry, "set yourself online");
      waiting.client.close();

      await page.reload();
      await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
      expect(await page.getByLabel("My status").inputValue()).toBe("away");
      await page.getByLabel("My status").selectOption("online");
      await colleague.socket.waitFor(
        (f) => f.type === "status" && f.desk_user_id === desk.id && f.status === "online",
      );

      // A second browser signed in as the same person is signed out too.
      const other = await c.rig.openPage();
      await other.page.goto(`${t.url}/console/`);
      await other.page.getByLabel("Email").fill("MAYA@example.com");
      await other.page.getByLabel("Password").fill(PASSWORD);
      await other.page.getByRole("button", { name: "Sign in", exact: true }).click();
      await other.page
        .getByRole("status", { name: "Connection: Online" })
        .waitFor({ timeout: UI_MS });

      await page.getByRole("button", { name: "Sign out everywhere" }).click();
      await signInCard(page).waitFor({ timeout: UI_MS });
      await signInCard(other.page).waitFor({ timeout: UI_MS });
      await page.reload();
      await signInCard(page).waitFor({ timeout: UI_MS });
      expect(axe.problems).toEqual({});
      colleague.socket.close();
      await first.close();
    });
  },
);
