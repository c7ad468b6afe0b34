// Offline messages in the console: what visitors left while nobody was available, listed with who, what, when and a reply link.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeOfflineSettings } from "../../src/core/index.js";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, screenshot, waitForText } from "../support/browser.js";
import { type ConsoleRig, startConsoleRig, UI_MS } from "../support/console-page.js";
import { askForHuman, joinedClient } from "../support/conversation.js";
import { addQueue } from "../support/desk.js";
import type { TestClient } from "../support/ws-client.js";

describe.skipIf(!chromiumAvailable())("console offline messages", { timeout: 60_000 }, () => {
  let c: ConsoleRig;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    c = await startConsoleRig();
    const settings = { enabled: true, webhookUrl: null, webhookSecret: null };
    await writeOfflineSettings(c.rig.t.server.store, "demo", settings, Date.now());
  }, 60_000);
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await c?.cleanUp();
  });
  afterAll(() => c?.close());

  /** A visitor who found nobody and left a message (no desk user is online yet). */
  async function leftMessage(email: string, name: string | null, message: string): Promise<string> {
    const t = c.rig.t;
    const joined = await joinedClient(t);
    clients.push(joined.client);
    await askForHuman(joined.client, "EVENT_TYPE_HANDOFF_FAILED", "human please");
    const answer = await fetch(`${t.url}/api/v1/sessions/${joined.sessionId}/offline-message`, {
      method: "POST",
      headers: { Authorization: `Bearer ${joined.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ email, ...(name ? { name } : {}), message }),
    });
    expect(answer.status).toBe(201);
    return joined.sessionId;
  }

  it("lists offline messages of my queues, newest first, with a reply link, and refreshes on demand", async () => {
    const first = await leftMessage(
      "ada@example.com",
      "Ada Lovelace",
      "Please call me back about order 42.",
    );
    const { page } = await c.signedIn("Kim Park");
    const axe = new AxeLog();
    const inbox = page.locator("sb-offline-inbox");
    const item = inbox.locator(`li[data-session="${first}"]`);
    await item.waitFor({ timeout: UI_MS });
    await expect(item.locator(".who").textContent()).resolves.toBe(
      "Ada Lovelace <ada@example.com>",
    );
    await expect(item.locator(".text").textContent()).resolves.toBe(
      "Please call me back about order 42.",
    );
    await expect(item.locator(".meta").first().textContent()).resolves.toContain(
      "support · nobody available",
    );
    await expect(
      item.getByRole("link", { name: "Reply by email" }).getAttribute("href"),
    ).resolves.toBe("mailto:ada%40example.com");
    await expect(item.locator("[data-delivery]").textContent()).resolves.toBe("Kept here");
    await axe.check(page, "offline inbox");
    await screenshot(page, "console-40-offline-inbox");

    // Kim is online now: the queue is closed for the second visitor.
    await addQueue(c.rig.t, "support", { openingHours: { timezone: "UTC", weekly: {} } });
    const second = await leftMessage("bo@example.com", null, "Second one");
    await addQueue(c.rig.t, "support");
    await inbox.getByRole("button", { name: "Refresh" }).click();
    await waitForText(inbox.locator("li").first(), "bo@example.com");
    await expect(inbox.locator("li").nth(1).getAttribute("data-session")).resolves.toBe(first);
    await expect(inbox.locator(`li[data-session="${second}"] .who`).textContent()).resolves.toBe(
      "bo@example.com",
    );
    await axe.check(page, "offline inbox, two");
    expect(axe.problems).toEqual({});
  });
});
