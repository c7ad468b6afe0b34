// What the widget shows of the past: history replayed on a reload is not news (no unread count,
// no announcement, no sb-message), a message delayed by an outage takes its place by sequence, and
// the transcript reads right (dir=auto, keyboard-focusable, times on hover, dark theme, emoji,
// download) with axe clean.
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, computedStyle, isFocused, screenshot } from "../support/browser.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import { openChat, rowIds, textOf, typeAndSend, widget } from "../support/widget-page.js";

// Page code as strings (the tests compile without DOM types).
const RECORD_SB_MESSAGES = `document.addEventListener("sb-message", (e) => {
  (window.__sbMessages ||= []).push(e.detail.message.id);
});`;
const sbMessages = (page: Page) => page.evaluate("window.__sbMessages || []") as Promise<string[]>;
const modelSize = (page: Page, n: number) =>
  page.waitForFunction(
    `document.querySelector("switchboard-chat")?.client?.conversation.messages.length === ${n}`,
  );

describe.skipIf(!chromiumAvailable())("chat widget history", () => {
  const files = useWidgetDeskRig();

  it("replays history on a reload without unread messages, announcements or sb-message events", async () => {
    const { page, context } = await files.rig.openDemo();
    await context.addInitScript(RECORD_SB_MESSAGES);
    await page.reload();
    const w = await openChat(page);
    await w.suggestions.filter({ hasText: "Opening hours" }).click();
    await w.root.locator("a.attachment.card").waitFor({ timeout: 5_000 });
    await expect.poll(() => sbMessages(page)).toHaveLength(2);
    await w.root.locator('[part="close-button"]').click();

    await page.reload();
    await modelSize(page, 3);
    const after = widget(page);
    await expect(after.root.locator(".badge").count()).resolves.toBe(0);
    await expect(after.launcher.getAttribute("aria-label")).resolves.toBe("Open chat");
    await expect(textOf(after.announcer)).resolves.toBe("");
    await expect(sbMessages(page)).resolves.toEqual([]);

    // What arrives after the history still counts, is announced and is reported once.
    await page.evaluate('document.querySelector("switchboard-chat").send("opening hours")');
    await after.root.locator(".badge").filter({ hasText: "1" }).waitFor({ timeout: 5_000 });
    await expect(textOf(after.announcer)).resolves.toContain("Ada: ");
    await expect(sbMessages(page)).resolves.toHaveLength(1);
  });

  it("puts a message sent during an outage after what the agent said meanwhile, as the server and a reload do", async () => {
    const grace = await files.desk({ name: "Grace", queues: ["support"], avatarUrl: null });
    const { page, context } = await files.rig.openDemo();
    const w = await openChat(page);
    const from = grace.socket.frames.length;
    await w.suggestions.filter({ hasText: "Talk to a human" }).click();
    const queued = await grace.socket.waitForQueue((entries) => entries.length > 0, 5_000, from);
    const sessionId = (queued.entries as Array<{ session_id: string }>)[0]?.session_id as string;
    expect((await grace.api.accept(sessionId)).status).toBe(200);
    await w.title.filter({ hasText: "Grace" }).waitFor({ timeout: 5_000 });

    await context.setOffline(true);
    await w.root.locator('[data-banner="offline"]').waitFor({ timeout: 5_000 });
    await typeAndSend(w, "sorry, my train went into a tunnel");
    expect((await grace.api.message(sessionId, { text: "Are you still there?" })).status).toBe(201);
    await context.setOffline(false);
    const mine = w.userRows.last();
    await mine.locator('.delivery:text("Sent")').waitFor({ timeout: 10_000 });
    await w.root
      .locator('.row[data-from="live"]')
      .filter({ hasText: "Are you still there?" })
      .waitFor({ timeout: 5_000 });
    const texts = () =>
      w.messages.evaluateAll((rows) =>
        rows.map((r) =>
          (r.querySelector(".bubble")?.textContent ?? "").replace(/\s+/g, " ").trim(),
        ),
      );
    const shown = await texts();
    const agentAt = shown.findIndex((t) => t.includes("Are you still there?"));
    const mineAt = shown.findIndex((t) => t.includes("my train went into a tunnel"));
    expect(agentAt).toBeGreaterThanOrEqual(0);
    expect(mineAt).toBeGreaterThan(agentAt);
    await screenshot(page, "widget-50-order-after-outage");

    const ids = await rowIds(w);
    await page.reload();
    await widget(page).launcher.click();
    await expect.poll(() => rowIds(widget(page))).toEqual(ids);
  });

  it("reads right: dir=auto bubbles, a focusable transcript, times on hover, emoji, a download, and a clean dark theme", async () => {
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    await typeAndSend(w, "مرحبا hello 123");
    await w.root.locator('.row[data-from="ai"]').nth(1).waitFor({ timeout: 5_000 });
    await expect(w.userRows.last().locator(".user-bubble").getAttribute("dir")).resolves.toBe(
      "auto",
    );
    await expect(w.agentBubbles.first().getAttribute("dir")).resolves.toBe("auto");

    const list = w.root.locator(".messages");
    await expect(list.getAttribute("tabindex")).resolves.toBe("0");
    await list.focus();
    await expect(isFocused(list)).resolves.toBe(true);
    const problems = await axeViolations(page);
    expect(problems.filter((p) => p.startsWith("scrollable-region-focusable"))).toEqual([]);
    expect(await axeViolations(page, { serious: true })).toEqual([]);

    const first = w.root.locator(".row[data-id]").first();
    const stamp = first.locator("time.stamp");
    await expect(stamp.getAttribute("datetime")).resolves.toMatch(/^\d{4}-\d\d-\d\dT/);
    await w.input.focus();
    await expect.poll(async () => (await computedStyle(stamp, ["opacity"])).opacity).toBe("0");
    await first.hover();
    await expect.poll(async () => (await computedStyle(stamp, ["opacity"])).opacity).toBe("1");
    await expect(textOf(stamp)).resolves.toMatch(/\d{1,2}:\d\d/);

    await w.input.fill("thanks ");
    await w.root.locator('[part="emoji-button"]').click();
    const picker = w.root.locator('[data-panel="emoji"]');
    await picker.waitFor();
    // The pointer left the row: let its time finish fading out (axe would judge it mid-fade).
    await expect.poll(async () => (await computedStyle(stamp, ["opacity"])).opacity).toBe("0");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await picker.locator("button", { hasText: "👍" }).click();
    await expect(w.input.inputValue()).resolves.toBe("thanks 👍");
    await expect(picker.count()).resolves.toBe(0);
    await expect(isFocused(w.input)).resolves.toBe(true);

    const [download] = await Promise.all([
      page.waitForEvent("download"),
      w.root.locator('[part="download-button"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^chat-transcript-\d{4}-\d\d-\d\d\.txt$/);
    const file = readFileSync(await download.path(), "utf8");
    expect(file).toMatch(/Ada: Hi, I'm Ada, the Switchboard demo agent\./);
    expect(file).toContain("You: مرحبا hello 123");

    await page.emulateMedia({ colorScheme: "dark" });
    await expect
      .poll(async () => (await computedStyle(w.window, ["backgroundColor"])).backgroundColor)
      .toBe("rgb(23, 25, 34)");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-51-dark");
  });
});
