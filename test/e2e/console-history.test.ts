// History in the console: an agent finds an old conversation by a word in it, from the keyboard, opens
// it read-only and sees its rating and internal notes; axe clean on the screen.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, isFocused, screenshot, waitForText } from "../support/browser.js";
import { type ConsoleRig, signIn, startConsoleRig, UI_MS } from "../support/console-page.js";
import { addDeskUser, DeskClient, DeskSocket, queuedClient } from "../support/desk.js";
import { admin } from "../support/verified-context.js";

describe.skipIf(!chromiumAvailable())("console history", { timeout: 60_000 }, () => {
  let c: ConsoleRig;

  beforeAll(async () => {
    c = await startConsoleRig();
  }, 60_000);
  afterEach(() => c?.cleanUp());
  afterAll(() => c?.close());

  /** A conversation the desk user held and noted; the visitor ended it (and rated it). */
  async function oldConversation(api: DeskClient, text: string, note: string, score?: number) {
    const { client, sessionId, token } = await queuedClient(c.rig.t);
    expect((await api.accept(sessionId)).status).toBe(200);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    client.send("EVENT_TYPE_USER_MESSAGE", { text });
    await client.waitFor((e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === text);
    expect((await api.message(sessionId, { text: "Thanks, sorting it now." })).status).toBe(201);
    expect((await api.request("POST", `/sessions/${sessionId}/notes`, { text: note })).status).toBe(
      201,
    );
    client.send("EVENT_TYPE_USER_END_SESSION", {});
    await client.waitFor("EVENT_TYPE_SESSION_END");
    client.close();
    if (score !== undefined) {
      const rated = await fetch(`${c.rig.t.url}/api/v1/sessions/${sessionId}/rating`, {
        method: "POST",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
        body: JSON.stringify({ score, comment: "Quick, thank you" }),
      });
      expect(rated.status).toBe(201);
    }
    return sessionId;
  }

  it("finds an old conversation by a word in it, opens it read-only, and shows its rating and notes", async () => {
    const listed = await admin(c.rig.t, "GET", "/connectors");
    const demo = ((listed.json?.connectors ?? []) as { id: string }[])[0] as { id: string };
    await admin(c.rig.t, "PATCH", `/connectors/${demo.id}`, {
      rating: { scale: "five", comment: true },
    });
    const ada = await addDeskUser(c.rig.t, {
      name: "Ada Lane",
      queues: ["support"],
      avatarUrl: null,
    });
    const api = new DeskClient(c.rig.t.url, ada.token);
    // Online while the old conversations happen, so the handoffs reach her.
    const online = await DeskSocket.open(c.rig.t, ada.token);
    const wanted = await oldConversation(
      api,
      "My espresso machine arrived with a cracked tank",
      "Replacement tank shipped, order 7731",
      4,
    );
    await oldConversation(api, "How do I change my delivery address?", "Told them where to click");
    online.close();

    const { page } = await c.open();
    await signIn(page, ada.token);
    const axe = new AxeLog();
    await page.keyboard.press("Alt+KeyI");
    const search = page.getByRole("searchbox", { name: "Search messages" });
    await expect.poll(() => isFocused(search)).toBe(true);
    const results = page.getByRole("list", { name: "Conversations" });
    await expect.poll(() => results.getByRole("button").count(), { timeout: UI_MS }).toBe(2);
    await axe.check(page, "history, all closed conversations");

    const agent = page.getByLabel("Agent");
    await expect.poll(() => agent.locator("option").allTextContents()).toContain("Ada Lane");
    await page.keyboard.type("espresso");
    await page.keyboard.press("Enter");
    await expect.poll(() => results.getByRole("button").count(), { timeout: UI_MS }).toBe(1);
    const found = results.locator(`button[data-session="${wanted}"]`);
    await waitForText(found, "cracked tank");
    await waitForText(found, "4 of 5");
    await waitForText(
      page.getByRole("status").filter({ hasText: "conversation" }),
      "1 conversation",
    );
    await axe.check(page, "history, one match");

    await found.focus();
    await page.keyboard.press("Enter");
    const reader = page.getByRole("region", { name: /read-only/ });
    await reader.waitFor({ timeout: UI_MS });
    await expect.poll(() => isFocused(reader)).toBe(true);
    await waitForText(reader, "My espresso machine arrived with a cracked tank");
    await waitForText(reader, "Thanks, sorting it now.");
    await waitForText(reader.locator("[data-rating]"), "4 of 5");
    await waitForText(reader, "Quick, thank you");
    await waitForText(reader.locator("[data-notes]"), "Replacement tank shipped, order 7731");
    // Read-only: no message box and no actions on the conversation.
    await expect(reader.getByRole("textbox").count()).resolves.toBe(0);
    await axe.check(page, "history, a conversation open");
    await screenshot(page, "console-60-history");

    await page.keyboard.press("Alt+KeyI");
    await page.getByRole("searchbox", { name: "Search messages" }).waitFor({ state: "detached" });
    expect(axe.problems).toEqual({});
  });
});
