// The widget tells the truth about its connection: a half-open socket (a frozen proxy) and a browser
// gone offline both show "No connection" and a banner at once, messages wait as "Sending…", and the
// chat comes back by itself — at once when the browser says the network is back.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, screenshot } from "../support/browser.js";
import { type FreezableProxy, startFreezableProxy } from "../support/freezable-proxy.js";
import {
  openChat,
  openDemoPage,
  startWidgetRig,
  textOf,
  typeAndSend,
  type WidgetRig,
  type widget,
} from "../support/widget-page.js";

// Runs in the page before the chat starts: points the widget at `server`, sets SDK options and
// records the element's sb-offline / sb-online events (page code as a string: no DOM types here).
const PREPARE = `(({ server, options }) => {
  const el = document.querySelector("switchboard-chat");
  if (server) el.server = server;
  el.clientOptions = options;
  window.__network = [];
  el.addEventListener("sb-offline", (e) => window.__network.push("offline: " + e.detail.reason));
  el.addEventListener("sb-online", () => window.__network.push("online"));
})`;

describe.skipIf(!chromiumAvailable())("chat widget connection truth", () => {
  let rig: WidgetRig;
  let proxy: FreezableProxy;

  beforeAll(async () => {
    rig = await startWidgetRig();
    proxy = await startFreezableProxy(rig.t.server.port);
  }, 60_000);

  afterEach(() => rig?.closePage());
  afterAll(async () => {
    await proxy?.close();
    await rig?.close();
  });

  const status = (w: ReturnType<typeof widget>) => textOf(w.root.locator("#sb-status"));

  it("notices a half-open socket within the liveness bound, keeps the message sending and recovers", async () => {
    // The whole page comes through the proxy (its CSP allows connections to its own origin only).
    const { page, errors } = await rig.openPage();
    await openDemoPage(page, { url: `http://localhost:${proxy.port}/`, close: async () => {} });
    await page.evaluate(
      `${PREPARE}(${JSON.stringify({
        server: "",
        options: {
          liveness: { heartbeatIntervalMs: 500, echoTimeoutMs: 1000, connectTimeoutMs: 1000 },
          reconnect: { baseDelayMs: 100, maxDelayMs: 400, maxAttempts: 1000 },
        },
      })})`,
    );
    const w = await openChat(page);
    await expect(status(w)).resolves.toBe("Online");

    proxy.freeze();
    const banner = w.root.locator('[data-banner="offline"]');
    await banner.waitFor({ timeout: 10_000 });
    await expect(textOf(banner)).resolves.toBe(
      "You are offline. Messages will be sent when the connection is back.",
    );
    await expect(status(w)).resolves.toBe("No connection");
    await expect(textOf(w.announcer)).resolves.toContain("You are offline.");
    await typeAndSend(w, "are you still there?");
    const pending = w.userRows.last();
    await expect(pending.getAttribute("data-status")).resolves.toBe("sending");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-40-offline-half-open");

    proxy.thaw();
    await banner.waitFor({ state: "detached", timeout: 15_000 });
    await pending.locator('.delivery:text("Sent")').waitFor({ timeout: 10_000 });
    await w.root.locator('.row[data-from="ai"]').nth(1).waitFor({ timeout: 10_000 });
    await expect(status(w)).resolves.toBe("Online");
    await expect(page.evaluate("window.__network")).resolves.toEqual([
      "offline: no heartbeat echo",
      "online",
    ]);
    await expect(w.userRows.count()).resolves.toBe(1);
    expect(errors.filter((e) => !/WebSocket|Failed to load resource|ERR_/.test(e))).toEqual([]);
  }, 60_000);

  it("goes offline with the browser and reconnects as soon as the network is back, not after the backoff", async () => {
    const { page, context } = await rig.openDemo();
    // An hour of backoff: only the browser's `online` event can bring the chat back in time.
    await page.evaluate(
      `${PREPARE}(${JSON.stringify({
        server: "",
        options: { reconnect: { baseDelayMs: 3_600_000, maxDelayMs: 3_600_000 } },
      })})`,
    );
    const w = await openChat(page);
    await context.setOffline(true);
    const banner = w.root.locator('[data-banner="offline"]');
    await banner.waitFor({ timeout: 5_000 });
    await expect(status(w)).resolves.toBe("No connection");
    await typeAndSend(w, "opening hours");
    const pending = w.userRows.last();
    await expect(pending.getAttribute("data-status")).resolves.toBe("sending");
    await screenshot(page, "widget-41-offline-browser");

    await context.setOffline(false);
    await banner.waitFor({ state: "detached", timeout: 10_000 });
    await pending.locator('.delivery:text("Sent")').waitFor({ timeout: 10_000 });
    await w.root.locator("a.attachment.card").waitFor({ timeout: 10_000 });
    await expect(status(w)).resolves.toBe("Online");
    await expect(page.evaluate("window.__network")).resolves.toEqual([
      "offline: network offline",
      "online",
    ]);
  }, 60_000);
});
