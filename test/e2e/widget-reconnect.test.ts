// The widget across a server restart: the reconnecting banner, a message queued while down, no duplicates or gaps.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromiumAvailable, freshPage, screenshot } from "../support/browser.js";
import { startTestServer } from "../support/server.js";
import {
  openChat,
  openDemoPage,
  rowIds,
  startWidgetRig,
  textOf,
  typeAndSend,
  type WidgetRig,
} from "../support/widget-page.js";

describe.skipIf(!chromiumAvailable())("chat widget reconnecting", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-widget-"));
  let rig: WidgetRig;

  beforeAll(async () => {
    rig = await startWidgetRig({}, dataDir);
  }, 60_000);

  afterAll(async () => {
    await rig?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("shows the banner while the server is down and resumes without duplicates or gaps", async () => {
    const { page, errors, close } = await freshPage(rig.browser);
    try {
      await openDemoPage(page, rig.host);
      const w = await openChat(page);
      await w.suggestions.filter({ hasText: "Opening hours" }).click();
      await w.root.locator("a.attachment.card").waitFor({ timeout: 5_000 });
      const before = await rowIds(w);
      expect(before).toHaveLength(3);

      // A restart on the same port and data dir: every socket is closed with 1001.
      const port = rig.t.server.port;
      await rig.t.server.close();
      await w.banner.waitFor({ timeout: 5_000 });
      await expect(textOf(w.banner)).resolves.toBe("Connection lost. Reconnecting…");
      await typeAndSend(w, "are you still there?");
      const pending = w.userRows.last();
      await expect(pending.getAttribute("data-status")).resolves.toBe("sending");
      await screenshot(page, "widget-20-reconnecting");

      rig.t = await startTestServer({ PORT: String(port) }, dataDir);
      await w.banner.waitFor({ state: "detached", timeout: 20_000 });
      await pending.locator('.delivery:text("Sent")').waitFor({ timeout: 10_000 });
      const reply = w.root.locator('.row[data-from="ai"]').nth(2);
      await reply.locator('.agent-bubble[aria-busy="false"]').waitFor({ timeout: 10_000 });
      await expect(textOf(reply.locator(".md"))).resolves.toContain("Sorry, I did not get that");

      const after = await rowIds(w);
      expect(new Set(after).size).toBe(after.length);
      expect(after.slice(0, 3)).toEqual(before);
      expect(after).toHaveLength(5);
      const from = await w.messages.evaluateAll((rows) =>
        rows.map((r) => r.getAttribute("data-from")),
      );
      expect(from).toEqual(["ai", "user", "ai", "user", "ai"]);
      await screenshot(page, "widget-21-resumed");
      expect(
        errors.filter((e) => !/WebSocket|Failed to load resource|ERR_CONNECTION/.test(e)),
      ).toEqual([]);
    } finally {
      await close();
    }
  }, 45_000);
});
