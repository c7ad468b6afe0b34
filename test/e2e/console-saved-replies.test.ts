// Saved replies in the console: `/` and a few letters find the team's and my own, placeholders filled, sent from the keyboard.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import {
  accept,
  type ConsoleRig,
  composer,
  liveMessage,
  startConsoleRig,
  UI_MS,
} from "../support/console-page.js";
import { DeskClient } from "../support/desk.js";
import type { TestServer } from "../support/server.js";
import { BACKEND_NAMES, testBackend } from "../support/test-backends.js";

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable()).each(BACKEND_NAMES)(
  "console saved replies on %s",
  { timeout: 60_000 },
  (backendName) => {
    const backend = testBackend(backendName);
    let c: ConsoleRig;
    let t: TestServer;

    beforeAll(async () => {
      c = await startConsoleRig(backend.env);
      t = c.rig.t;
    }, 60_000);

    afterEach(() => c?.cleanUp());
    afterAll(async () => {
      await c?.close();
      await backend.drop();
    });

    it("finds a saved reply with / and a fuzzy word, fills the names, and sends it after review", async () => {
      const created = await fetch(`${t.url}/admin/v1/saved-replies`, {
        method: "POST",
        headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
        body: JSON.stringify({
          queue: "support",
          shortcut: "refund-status",
          text: "Hi {{visitor.name}}, {{agent.name}} here: your refund left us today.",
        }),
      });
      expect(created.status).toBe(201);
      const { page, desk } = await c.signedIn("Kim Park");
      await new DeskClient(t.url, desk.token).request("POST", "/saved-replies", {
        shortcut: "thanks",
        text: "Thanks for your patience!",
      });
      const axe = new AxeLog();
      const user = await c.waitingUser(page, "human please, where is my refund");
      await accept(page, user.entry, user.client);
      // The visitor panel: what the session tells about who this is.
      await page.getByText("Visitor", { exact: true }).click();
      const visitor = page.getByRole("definition").first();
      await visitor.waitFor({ timeout: UI_MS });
      await waitForText(page.locator("sb-chat-pane dl"), "Browser and system");
      await axe.check(page, "visitor details");

      const box = composer(page);
      await box.click();
      await page.keyboard.type("/rfs");
      const list = page.getByRole("listbox", { name: "Saved replies" });
      await waitForText(list, "/refund-status");
      await axe.check(page, "saved replies list");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await page.keyboard.press("Backspace");
      await waitForText(list, "/thanks");
      expect(await list.getByRole("option").count()).toBe(2);
      await page.keyboard.type("tnk");
      await expect.poll(() => list.getByRole("option").count()).toBe(1);
      await page.keyboard.press("Escape");
      expect(await box.inputValue()).toBe("");

      await page.keyboard.type("/refund");
      await list.getByRole("option", { selected: true }).waitFor({ timeout: UI_MS });
      await page.keyboard.press("Enter");
      expect(await box.inputValue()).toBe("Hi there, Kim Park here: your refund left us today.");
      expect(await list.count()).toBe(0);
      await page.keyboard.type(" Anything else?");
      await page.keyboard.press("Enter");
      await user.client.waitFor(
        liveMessage("Hi there, Kim Park here: your refund left us today. Anything else?"),
      );
      expect(axe.problems).toEqual({});
    });
  },
);
