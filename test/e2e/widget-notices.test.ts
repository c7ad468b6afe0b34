// The widget's notices as a visitor meets them: asked before ending, one queue notice updated in
// place and announced only when it changes, the team waited for in the header, one language
// (French) for queue status and a failed handoff, and transfers that say who and where.
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, freshPage, isFocused, screenshot } from "../support/browser.js";
import { ensureConsoleBuilt } from "../support/console-build.js";
import { signIn } from "../support/console-page.js";
import { addQueue, type OnlineDesk, queuedClient } from "../support/desk.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import {
  forgeAfterFirstReply,
  openChat,
  textOf,
  typeAndSend,
  widget,
} from "../support/widget-page.js";
import type { TestClient } from "../support/ws-client.js";

// Page code as strings (the tests compile without DOM types): every text the live region speaks.
const RECORD_ANNOUNCEMENTS = `(() => {
  const region = document.querySelector("switchboard-chat").shadowRoot.querySelector("[data-announcer]");
  window.__spoken = [];
  new MutationObserver(() => window.__spoken.push(region.textContent.trim()))
    .observe(region, { childList: true, characterData: true, subtree: true });
})()`;
const spoken = (page: Page) => page.evaluate("window.__spoken") as Promise<string[]>;

/** Counts the queue statuses that reached the page, to wait for repeats without a timer. */
function countQueueStatuses(page: Page): () => number {
  let n = 0;
  page.on("websocket", (ws) =>
    ws.on("framereceived", ({ payload }) => {
      if (String(payload).includes('"EVENT_TYPE_HANDOFF_QUEUE_STATUS"')) n += 1;
    }),
  );
  return () => n;
}

describe.skipIf(!chromiumAvailable())("chat widget notices", () => {
  const files = useWidgetDeskRig();
  const clients: TestClient[] = [];
  const desk = (name: string, queues: string[]) => files.desk({ name, queues, avatarUrl: null });

  beforeAll(() => addQueue(files.rig.t, "billing"));
  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
  });

  /** Runs `ask` and returns the session that joined `d`'s queue because of it (the widget's). */
  async function askedForHuman(d: OnlineDesk, ask: () => Promise<void>): Promise<string> {
    const waiting = (await d.api.queue()).json as { entries: Array<{ session_id: string }> };
    const before = new Set(waiting.entries.map((e) => e.session_id));
    const from = d.socket.frames.length;
    await ask();
    const isNew = (e: { session_id: string }) => !before.has(e.session_id);
    const queued = await d.socket.waitForQueue((entries) => entries.some(isNew), 5_000, from);
    return (queued.entries as Array<{ session_id: string }>).find(isNew)?.session_id as string;
  }

  it("asks before ending a chat, says what ending means, and keeps chatting by default", async () => {
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    const end = w.root.locator('[part="end-button"]');
    await end.click();
    const question = w.root.locator('[data-panel="end-confirm"]');
    await question.waitFor({ timeout: 5_000 });
    await expect(question.getAttribute("role")).resolves.toBe("alertdialog");
    await expect(textOf(question.locator("h3"))).resolves.toBe("End this chat?");
    await expect(textOf(question.locator("p"))).resolves.toContain("nobody can reply");
    const keep = question.locator('[data-action="keep"]');
    await expect.poll(() => isFocused(keep)).toBe(true);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-30-end-confirm");

    await page.keyboard.press("Escape");
    await question.waitFor({ state: "detached" });
    await expect(w.window.isVisible()).resolves.toBe(true);
    await expect.poll(() => isFocused(end)).toBe(true);
    await expect(w.root.locator('[data-panel="ended"]').count()).resolves.toBe(0);

    await end.click();
    await question.locator('[data-action="end"]').click();
    await w.root.locator('[data-panel="ended"]').waitFor({ timeout: 5_000 });
  });

  it("keeps one queue notice, updated in place and announced only when it changes; the header names the team waited for", async () => {
    await addQueue(files.rig.t, "support", { statusIntervalSeconds: 1 });
    const kim = await desk("Kim", ["support"]);
    const ahead = await queuedClient(files.rig.t);
    clients.push(ahead.client);
    const { page } = await files.rig.openDemo();
    const statuses = countQueueStatuses(page);
    const w = await openChat(page);
    await page.evaluate(RECORD_ANNOUNCEMENTS);
    const sessionId = await askedForHuman(kim, () =>
      w.suggestions.filter({ hasText: "Talk to a human" }).click(),
    );
    const queued = w.notice("queued");
    await queued.first().waitFor({ timeout: 5_000 });
    await expect(textOf(queued)).resolves.toBe("You are number 2 in line.");
    await expect(textOf(w.title)).resolves.toBe("Support team");
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("Waiting for support");

    // The same status comes again (every second here): nothing new is shown or said.
    const seen = statuses();
    await expect.poll(statuses, { timeout: 10_000 }).toBeGreaterThanOrEqual(seen + 2);
    await expect(queued.count()).resolves.toBe(1);

    expect((await kim.api.accept(ahead.sessionId)).status).toBe(200);
    await w
      .notice("queued")
      .filter({ hasText: "You are next in line." })
      .waitFor({ timeout: 5_000 });
    await expect(queued.count()).resolves.toBe(1);
    await expect
      .poll(async () => (await spoken(page)).filter((s) => /in line/.test(s)))
      .toEqual([
        "You are number 2 in line.",
        "You are next in line. Estimated wait: less than a minute.",
      ]);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-31-queue-in-place");
    expect((await kim.api.accept(sessionId)).status).toBe(200);
    await w.title.filter({ hasText: "Kim" }).waitFor({ timeout: 5_000 });
    await addQueue(files.rig.t, "support");
  });

  it("says who transfers the visitor and to which team", async () => {
    const sam = await desk("Sam", ["support"]);
    await desk("Lee", ["billing"]);
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    const sessionId = await askedForHuman(sam, () =>
      w.suggestions.filter({ hasText: "Talk to a human" }).click(),
    );
    expect((await sam.api.accept(sessionId)).status).toBe(200);
    await w.title.filter({ hasText: "Sam" }).waitFor({ timeout: 5_000 });
    expect((await sam.api.transfer(sessionId, "billing")).status).toBe(204);
    const transfer = w.notice("transfer");
    await transfer.waitFor({ timeout: 5_000 });
    await expect(textOf(transfer)).resolves.toBe("Sam is transferring you to billing");
    await expect(w.notice("left").count()).resolves.toBe(0);
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("Waiting for billing");
    await screenshot(page, "widget-32-transfer");
  });

  it("speaks one language: a French visitor's queue status and transfer are in French", async () => {
    const sam = await desk("Sam", ["support"]);
    await desk("Lee", ["billing"]);
    const { page } = await files.rig.openDemo();
    await page.evaluate('document.querySelector("switchboard-chat").setAttribute("lang", "fr")');
    const w = widget(page);
    await w.launcher.click();
    await w.suggestions.first().waitFor({ timeout: 10_000 });
    const sessionId = await askedForHuman(sam, () =>
      w.suggestions.filter({ hasText: "Talk to a human" }).click(),
    );
    await expect(textOf(w.notice("queued"))).resolves.toMatch(
      /^Vous êtes (le prochain|n° \d+) dans la file\./,
    );
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("En attente : support");
    expect((await sam.api.accept(sessionId)).status).toBe(200);
    await w.title.filter({ hasText: "Sam" }).waitFor({ timeout: 5_000 });
    expect((await sam.api.transfer(sessionId, "billing")).status).toBe(204);
    await expect(textOf(w.notice("transfer"))).resolves.toBe("Sam vous transfère vers billing");
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("En attente : billing");
    const english = await w.root
      .locator(".notice")
      .evaluateAll((notices) =>
        notices.map((n) => n.textContent ?? "").filter((t) => /\b(line|agent|left)\b/.test(t)),
      );
    expect(english).toEqual([]);
    await screenshot(page, "widget-33-french-notices");
  });

  it("words a failed handoff in the interface's language, whatever language the server's text is in", async () => {
    const { page } = await files.rig.openDemo();
    await page.evaluate('document.querySelector("switchboard-chat").setAttribute("lang", "fr")');
    // After the greeting: the server's failure, as a session it believes English would get it.
    await forgeAfterFirstReply(page, [
      {
        type: "EVENT_TYPE_HANDOFF_FAILED",
        payload: { reason: "NO_AGENTS_AVAILABLE", queue_name: "support" },
      },
      {
        type: "EVENT_TYPE_SYSTEM_MESSAGE",
        payload: {
          level: "SYSTEM_MESSAGE_LEVEL_ERROR",
          message: "Sorry, we could not connect you to an agent. Please try again.",
        },
      },
    ]);
    const w = widget(page);
    await w.launcher.click();
    const failed = w.notice("handoff_failed");
    await failed.waitFor({ timeout: 10_000 });
    await expect(textOf(failed)).resolves.toBe(
      "Désolé, nous n'avons pas pu vous mettre en relation avec un conseiller. Veuillez réessayer.",
    );
    await expect(w.root.locator(".notice", { hasText: "Sorry" }).count()).resolves.toBe(0);
  });

  it("shows Seen under the visitor's message once the live agent has the chat on screen in the console", async () => {
    ensureConsoleBuilt();
    const rosa = await desk("Rosa", ["support"]);
    const desktop = await freshPage(files.rig.browser);
    try {
      await desktop.page.goto(`${files.rig.t.url}/console/`);
      await signIn(desktop.page, rosa.user.token);
      const { page } = await files.rig.openDemo();
      const w = await openChat(page);
      const sessionId = await askedForHuman(rosa, () =>
        w.suggestions.filter({ hasText: "Talk to a human" }).click(),
      );
      await typeAndSend(w, "my order never came");
      const mine = w.userRows.nth((await w.userRows.count()) - 1);
      await mine.locator('.delivery:text("Sent")').waitFor({ timeout: 5_000 });
      await expect(mine.locator("[data-seen]").count()).resolves.toBe(0);

      const entry = desktop.page.locator(`li[data-session="${sessionId}"]`);
      await entry.getByRole("button", { name: "Accept" }).click();
      const seen = mine.locator("[data-seen]");
      await seen.waitFor({ timeout: 5_000 });
      await expect(textOf(seen)).resolves.toBe("Seen");

      await typeAndSend(w, "it was due on Monday");
      const next = w.userRows.last();
      await next.locator("[data-seen]").waitFor({ timeout: 5_000 });
      await expect(mine.locator(".delivery").count()).resolves.toBe(0);
      expect(await axeViolations(page, { serious: true })).toEqual([]);
      await screenshot(page, "widget-34-seen");

      // History: a reload shows it seen too.
      await page.reload();
      await widget(page).launcher.click();
      await widget(page).userRows.last().locator("[data-seen]").waitFor({ timeout: 5_000 });
    } finally {
      await desktop.close();
    }
  }, 45_000); // two browsers (the console and the widget) on one machine
});
