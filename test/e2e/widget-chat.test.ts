// The chat widget on the demo page in headless Chromium: greeting, suggestions, streaming, cards, French, XSS, phone.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, isFocused, recordDialogs, screenshot } from "../support/browser.js";
import {
  injectedNodes,
  openChat,
  rowIds,
  startWidgetRig,
  textOf,
  typeAndSend,
  type WidgetRig,
  XSS_CORPUS,
} from "../support/widget-page.js";

describe.skipIf(!chromiumAvailable())("chat widget on the demo page", () => {
  let rig: WidgetRig;

  beforeAll(async () => {
    rig = await startWidgetRig({
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "150",
      SWITCHBOARD_STREAM_WORDS_PER_CHUNK: "2",
    });
  }, 60_000);

  afterEach(() => rig?.closePage());
  afterAll(() => rig?.close());

  const demo = (viewport?: { width: number; height: number }) => rig.openDemo(viewport);

  it("greets with suggestions, streams a reply with a link card, and answers the keyboard", async () => {
    const { page, errors } = await demo();
    await expect(page.title()).resolves.toBe("Switchboard demo");
    await screenshot(page, "widget-01-landing");
    const w = await openChat(page);
    await expect(w.title.textContent()).resolves.toBe("Ada");
    await expect(w.suggestions.allTextContents()).resolves.toEqual([
      "Opening hours",
      "Talk to a human",
      "Bonjour",
    ]);
    await expect(textOf(w.agentBubbles.first())).resolves.toContain("the Switchboard demo agent");
    await expect(w.agentBubbles.first().locator("strong").textContent()).resolves.toBe("Ada");
    await expect(isFocused(w.input)).resolves.toBe(true);
    await expect.poll(() => textOf(w.announcer)).toContain("Ada:");
    await screenshot(page, "widget-02-greeting");

    await w.suggestions.filter({ hasText: "Opening hours" }).click();
    const mine = w.userRows.last();
    await expect(textOf(mine.locator(".user-bubble"))).resolves.toContain("Opening hours");
    const reply = page.locator('switchboard-chat .row[data-from="ai"]').nth(1);
    const bubble = reply.locator('.agent-bubble[aria-busy="true"]');
    await bubble.waitFor({ timeout: 5_000 });
    const early = await textOf(reply.locator(".md"));
    await screenshot(page, "widget-03-streaming");
    await expect
      .poll(async () => (await textOf(reply.locator(".md"))).length, { timeout: 5_000 })
      .toBeGreaterThan(early.length);
    const later = await textOf(reply.locator(".md"));
    expect(later.length).toBeGreaterThan(early.length);
    expect(later.startsWith(early.slice(0, Math.max(0, early.length - 1)))).toBe(true);
    await reply.locator('.agent-bubble[aria-busy="false"]').waitFor({ timeout: 5_000 });
    await expect(textOf(reply.locator(".md"))).resolves.toBe(
      "We are open 9 to 5, Monday to Friday. Here is where to find us.",
    );
    const card = reply.locator("a.attachment.card");
    await expect(card.getAttribute("href")).resolves.toBe("https://www.openstreetmap.org/");
    await expect(card.getAttribute("target")).resolves.toBe("_blank");
    await expect(card.getAttribute("rel")).resolves.toBe("noopener noreferrer");
    await expect(textOf(card)).resolves.toContain("Our office");
    await expect(textOf(card)).resolves.toContain("Open map");
    await expect(mine.locator(".delivery").textContent()).resolves.toBe("Sent");
    await screenshot(page, "widget-04-attachment");

    // Esc minimises and gives focus back to the launcher; the launcher reopens with the history.
    await w.input.press("Escape");
    await w.window.waitFor({ state: "detached" });
    await expect(isFocused(w.launcher)).resolves.toBe(true);
    await page.keyboard.press("Enter");
    await w.window.waitFor();
    await expect(w.messages.count()).resolves.toBe(3);
    expect(errors.filter((e) => !e.includes("favicon"))).toEqual([]);
  });

  it("renders a session laid out for the space join (connector chunk_join) exactly", async () => {
    const patch = (chunkJoin: string) =>
      fetch(`${rig.t.url}/admin/v1/connectors/demo`, {
        method: "PATCH",
        headers: {
          Authorization: `Bearer ${rig.t.adminToken}`,
          "Content-Type": "application/json",
        },
        body: JSON.stringify({ chunk_join: chunkJoin }),
      });
    expect((await patch("space")).status).toBe(200);
    try {
      const { page, errors } = await demo();
      const w = await openChat(page);
      await expect(textOf(w.agentBubbles.first().locator(".md"))).resolves.toBe(
        "Hi, I'm Ada, the Switchboard demo agent. Ask me about opening hours, say bonjour, ask for a human, or say bye.",
      );
      expect(errors.filter((e) => !e.includes("favicon"))).toEqual([]);
    } finally {
      await patch("auto");
    }
  });

  it("switches the interface to French on LANGUAGE_CHANGED", async () => {
    const { page } = await demo();
    const w = await openChat(page);
    await expect(w.input.getAttribute("placeholder")).resolves.toBe("Write a message…");
    await typeAndSend(w, "bonjour");
    await page
      .locator('switchboard-chat textarea[placeholder="Écrivez un message…"]')
      .waitFor({ timeout: 5_000 });
    await expect(w.send.getAttribute("aria-label")).resolves.toBe("Envoyer");
    await expect(w.launcher.getAttribute("aria-label")).resolves.toBe("Fermer la discussion");
    await expect(w.root.locator(".window").getAttribute("lang")).resolves.toBe("fr");
    await w.root
      .locator(".row[data-from=ai] .md", { hasText: "Je continue en français" })
      .waitFor();
    await screenshot(page, "widget-05-french");
  });

  it("renders every XSS payload sent by the user as inert text", async () => {
    const { page } = await demo();
    const dialogs = recordDialogs(page);
    const w = await openChat(page);
    for (const payload of XSS_CORPUS) await typeAndSend(w, payload);
    await expect
      .poll(() => w.root.locator('.row[data-from="user"][data-status="sent"]').count(), {
        timeout: 10_000,
      })
      .toBe(XSS_CORPUS.length);
    const shown = await w.userRows
      .locator(".user-bubble")
      .evaluateAll((bubbles) => bubbles.map((b) => (b.textContent ?? "").replace(/^You: /, "")));
    expect(shown).toEqual(XSS_CORPUS);
    await w.userRows.last().hover();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await injectedNodes(page)).toEqual([]);
    const ids = await rowIds(w);
    expect(new Set(ids).size).toBe(ids.length);
    await screenshot(page, "widget-06-xss-user");
  });

  it("fills a phone screen", async () => {
    const { page } = await demo({ width: 390, height: 780 });
    await screenshot(page, "widget-07-phone-landing");
    const w = await openChat(page);
    const box = await w.window.boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 390, height: 780 });
    await expect(w.launcher.isVisible()).resolves.toBe(false);
    await screenshot(page, "widget-08-phone-chat");
    await w.root.locator('button[aria-label="Minimise chat"]').click();
    await w.launcher.waitFor();
  });
});
