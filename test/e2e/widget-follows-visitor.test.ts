// Conversations that follow the visitor: one conversation across the site's pages and tabs (live
// in each), session storage on request, and a returning visitor's earlier conversations to reopen.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import { openChat, openDemoPage, typeAndSend, widget } from "../support/widget-page.js";

const sessionIdOf = (page: Page) =>
  page.evaluate(
    'document.querySelector("switchboard-chat")?.client?.conversation.sessionId ?? null',
  ) as Promise<string | null>;

async function endChat(w: ReturnType<typeof widget>): Promise<void> {
  await w.root.locator('[part="end-button"]').click();
  await w.root.locator('[data-action="end"]').click();
  await w.root.locator('[data-panel="ended"]').waitFor({ timeout: 5_000 });
}

describe.skipIf(!chromiumAvailable())("conversations that follow the visitor", () => {
  const files = useWidgetDeskRig();

  it("keeps one conversation across tabs of the site, live in both", async () => {
    const { page, context } = await files.rig.openDemo();
    const one = await openChat(page);
    await typeAndSend(one, "hello from the first tab");
    await one.userRows.filter({ hasText: "hello from the first tab" }).waitFor({ timeout: 5_000 });
    const first = await sessionIdOf(page);

    const other = await context.newPage();
    await openDemoPage(other, files.rig.host);
    const two = widget(other);
    await two.launcher.click();
    await two.userRows.filter({ hasText: "hello from the first tab" }).waitFor({ timeout: 10_000 });
    expect(await sessionIdOf(other)).toBe(first);

    await typeAndSend(two, "and this from the second");
    await one.userRows.filter({ hasText: "and this from the second" }).waitFor({ timeout: 5_000 });
    // Each tab shows the message once.
    await expect(
      one.userRows.filter({ hasText: "and this from the second" }).count(),
    ).resolves.toBe(1);
    await expect(
      two.userRows.filter({ hasText: "and this from the second" }).count(),
    ).resolves.toBe(1);
    await other.close();
  });

  it('starts a conversation per tab with storage="session"', async () => {
    const { page, context } = await files.rig.openDemo();
    await page.evaluate('document.querySelector("switchboard-chat").storage = "session"');
    await openChat(page);
    const first = await sessionIdOf(page);
    const other = await context.newPage();
    await openDemoPage(other, files.rig.host);
    await other.evaluate('document.querySelector("switchboard-chat").storage = "session"');
    await openChat(other);
    const second = await sessionIdOf(other);
    expect(second).not.toBeNull();
    expect(second).not.toBe(first);
    await other.close();
  });

  it("shows a returning visitor their earlier conversations: reopen one, or start a new one on purpose", async () => {
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    await typeAndSend(w, "my question about invoices");
    await w.userRows.filter({ hasText: "my question about invoices" }).waitFor({ timeout: 5_000 });
    const first = await sessionIdOf(page);
    await endChat(w);
    // The only conversation so far is the one on screen: nothing else to list.
    await expect(w.root.locator('[part="earlier"]').count()).resolves.toBe(0);

    await w.root.locator('[part="new-chat"]').click();
    await w.suggestions.first().waitFor({ timeout: 10_000 });
    const second = await sessionIdOf(page);
    expect(second).not.toBe(first);
    await typeAndSend(w, "a second visit");
    await w.userRows.filter({ hasText: "a second visit" }).waitFor({ timeout: 5_000 });
    await endChat(w);

    // A later visit: the page loads again, the ended conversation is shown with the earlier one.
    await page.reload();
    const back = widget(page);
    await back.launcher.click();
    const earlier = back.root.locator('[part="earlier-item"]');
    await earlier.first().waitFor({ timeout: 10_000 });
    await expect(earlier.count()).resolves.toBe(1);
    await expect(earlier.first().getAttribute("data-session")).resolves.toBe(first);
    await waitForText(back.root.locator('[part="earlier"]'), "Your earlier conversations");
    expect(await axeViolations(page, { serious: true })).toEqual([]);

    await earlier.first().click();
    await back.userRows
      .filter({ hasText: "my question about invoices" })
      .waitFor({ timeout: 10_000 });
    expect(await sessionIdOf(page)).toBe(first);
    await expect(back.userRows.filter({ hasText: "a second visit" }).count()).resolves.toBe(0);
    // From there, the other one is listed in turn.
    await back.root
      .locator(`[part="earlier-item"][data-session="${second}"]`)
      .waitFor({ timeout: 10_000 });

    // Server side: both are this browser's, linked by its visitor id.
    const visitorId = (await page.evaluate(
      'document.querySelector("switchboard-chat").client.visitorId',
    )) as string;
    expect(visitorId).toMatch(/^[0-9a-f-]{36}$/);
    const session = await files.rig.t.server.store.getSession(first as string);
    const listed = await files.rig.t.server.hub.history.list(
      session?.connectorId as string,
      visitorId,
      5,
    );
    expect(listed.map((s) => s.session_id)).toEqual([second, first]);
  });
});
