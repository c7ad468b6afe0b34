// Internal notes and a transfer to a colleague by name, across two consoles; the visitor never sees a note.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import {
  accept,
  type ConsoleRig,
  composer,
  signIn,
  startConsoleRig,
  UI_MS,
} from "../support/console-page.js";
import { addDeskUser } from "../support/desk.js";
import type { TestServer } from "../support/server.js";
import { BACKEND_NAMES, testBackend } from "../support/test-backends.js";

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable()).each(BACKEND_NAMES)(
  "console notes and named transfers on %s",
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

    it("leaves a note for a colleague, transfers to them by name, and they read it first", async () => {
      const bob = await addDeskUser(t, { name: "Bob Stone", queues: ["billing"], avatarUrl: null });
      const second = await c.open();
      await signIn(second.page, bob.token);
      const { page } = await c.signedIn("Ada Lane");
      const axe = new AxeLog();
      const user = await c.waitingUser(page, "human please, my invoice is wrong");
      await accept(page, user.entry, user.client);

      await composer(page).fill("Customer since 2019, invoice #4411 double-charged");
      await page.getByRole("button", { name: "Add as note" }).click();
      const notes = page.getByRole("region", { name: /Internal notes/ });
      await waitForText(notes, "invoice #4411");
      expect(await composer(page).inputValue()).toBe("");

      await page.getByRole("button", { name: "Transfer" }).click();
      const colleagues = page.getByRole("menu", { name: "Transfer to a colleague" });
      await waitForText(colleagues, "Bob Stone");
      await page
        .getByLabel("Note for whoever takes it (optional)")
        .fill("Bob: refund the second charge");
      await axe.check(page, "transfer menu with colleagues");
      await colleagues.getByRole("menuitem", { name: /Bob Stone/ }).click();
      await user.client.waitFor(
        (e) => e.type === "EVENT_TYPE_LIVE_AGENT_JOINED" && e.payload.agent_name === "Bob Stone",
      );

      const bobNotes = second.page.getByRole("region", { name: /Internal notes/ });
      await bobNotes.waitFor({ timeout: UI_MS });
      await waitForText(bobNotes, "Ada Lane handed this conversation to you");
      await waitForText(bobNotes, "refund the second charge");
      await waitForText(bobNotes, "invoice #4411");
      await axe.check(second.page, "notes after a transfer");
      await composer(second.page).fill("Hi, Bob here. I am refunding the second charge now.");
      await composer(second.page).press("Enter");
      await user.client.waitFor(
        (e) => e.payload.text === "Hi, Bob here. I am refunding the second charge now.",
      );
      const seen = JSON.stringify(user.client.events);
      expect(seen).not.toContain("4411");
      expect(seen).not.toContain("refund the second charge");
      expect(axe.problems).toEqual({});
      await second.close();
    });
  },
);
