// Visitor presence in the console: the queue card and the chat header say online or offline since
// when, live, and a chat whose visitor left closes with one click.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import { accept, type ConsoleRig, startConsoleRig, UI_MS } from "../support/console-page.js";
import type { TestServer } from "../support/server.js";

const clockTime = (ms: number) =>
  new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable())("console visitor presence", { timeout: 60_000 }, () => {
  let c: ConsoleRig;
  let t: TestServer;

  beforeAll(async () => {
    c = await startConsoleRig();
    t = c.rig.t;
  }, 60_000);

  afterEach(() => c?.cleanUp());
  afterAll(() => c?.close());

  it("shows a waiting visitor going offline on their queue card", async () => {
    const { page } = await c.signedIn("Ada Lane");
    const axe = new AxeLog();
    const user = await c.waitingUser(page, "human please");
    const presence = user.entry.locator("[data-presence]");
    await waitForText(presence, "Online");
    const closedAt = Date.now();
    user.client.close();
    await waitForText(presence, "Offline since");
    const text = (await presence.textContent()) ?? "";
    expect([clockTime(closedAt), clockTime(Date.now())].some((hhmm) => text.includes(hhmm))).toBe(
      true,
    );
    await axe.check(page, "queue card with an offline visitor");
    expect(axe.problems).toEqual({});
  });

  it("shows the chat's visitor leaving in the header, live, and closes that chat in one click", async () => {
    const { page } = await c.signedIn("Ada Lane");
    const axe = new AxeLog();
    const user = await c.waitingUser(page, "human please, quick question");
    await accept(page, user.entry, user.client);
    const header = page.locator("sb-chat-pane [data-presence]");
    await waitForText(header, "Online");
    await expect(page.getByRole("button", { name: "End conversation" }).count()).resolves.toBe(1);
    user.client.close();
    await waitForText(header, "Offline since");
    const close = page.getByRole("button", { name: /Close chat/ });
    await close.waitFor({ timeout: UI_MS });
    await axe.check(page, "chat with an offline visitor");
    await close.click();
    await waitForText(page.getByRole("status").filter({ hasText: "Closed." }), "Closed.");
    const stored = await t.server.store.getSession(user.sessionId);
    expect(stored?.state).toBe("ended");
    expect(stored?.endReason).toBe("REASON_NATURAL_END");
    expect(axe.problems).toEqual({});
  });
});
