// The widget's onContextRequired in headless Chromium: a signed token accepted before the join, a decline, a throw, the 4 s cap.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type BrowserRig, chromiumAvailable, startBrowserRig } from "../support/browser.js";
import { addContextKey, contextConnector, signContext } from "../support/verified-context.js";
import { localhostUrl, requireWidgetBuild, widget } from "../support/widget-page.js";

/** How the page's callback behaves: sign, decline, throw, or never answer. */
type Behaviour = "sign" | "decline" | "throw" | "hang";

describe.skipIf(!chromiumAvailable())("widget verified context", () => {
  let rig: BrowserRig;
  let connector: { id: string; token: string };
  let key: { kid: string; secret: string };
  let pages: Server;
  let pagesUrl: string;
  let behaviour: Behaviour = "sign";

  beforeAll(async () => {
    requireWidgetBuild();
    rig = await startBrowserRig();
    connector = await contextConnector(rig.t);
    key = await addContextKey(rig.t, connector.id, "page-test");
    // The company's page: another localhost origin embedding the widget from the server.
    pages = createServer((_request, response) => {
      const html = pageHtml(localhostUrl(rig.t), connector.token, behaviour);
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    });
    await new Promise<void>((resolve) => pages.listen(0, "127.0.0.1", resolve));
    pagesUrl = `http://localhost:${(pages.address() as AddressInfo).port}/`;
  }, 60_000);
  afterEach(() => rig?.closePage());
  afterAll(async () => {
    await new Promise<void>((resolve) => pages?.close(() => resolve()));
    await rig?.close();
  });

  /** Opens a page on localhost whose widget calls `signVisitor` (behaving as told) before the join. */
  async function open(as: Behaviour, fakeClock = false) {
    behaviour = as;
    const { page } = await rig.openPage();
    const calls: { sessionId: string; contextId: string }[] = [];
    await page.exposeFunction(
      "signForTest",
      async (request: { sessionId: string; contextId: string }) => {
        calls.push(request);
        const ctx = { name: "Ada", account_tier: "premium", customer_id: "c-7" };
        return signContext({ ...key, sub: request.contextId, ctx });
      },
    );
    if (fakeClock) {
      // Paused: page time moves only when the test runs it forward.
      await page.clock.install();
      await page.clock.pauseAt(Date.now() + 1_000);
    }
    await page.goto(pagesUrl);
    return { page, calls, w: widget(page) };
  }

  const greeting = (page: Page) => widget(page).agentBubbles.first();

  it("submits the signed token before the join, so the greeting already uses it", async () => {
    const { page, calls, w } = await open("sign");
    await expect
      .poll(async () => (await greeting(page).textContent()) ?? "", { timeout: 10_000 })
      .toContain("Hello Ada!");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.contextId).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls[0]?.sessionId).not.toBe(calls[0]?.contextId);
    await w.input.fill("which plan?");
    await w.input.press("Enter");
    await expect
      .poll(async () => (await w.agentBubbles.last().textContent()) ?? "", { timeout: 10_000 })
      .toContain("Premium desk for Ada (c-7).");
  });

  it("joins without context when the page declines", async () => {
    const { page } = await open("decline");
    await expect
      .poll(async () => (await greeting(page).textContent()) ?? "", { timeout: 10_000 })
      .toContain("Hello !");
  });

  it("joins without context when the callback throws", async () => {
    const { page } = await open("throw");
    await expect
      .poll(async () => (await greeting(page).textContent()) ?? "", { timeout: 10_000 })
      .toContain("Hello !");
  });

  it("waits 4 s at most for a callback that never answers, then joins", async () => {
    const { page } = await open("hang", true);
    const sent: string[] = [];
    page.on("websocket", (socket) =>
      socket.on("framesent", (frame) => sent.push(String(frame.payload))),
    );
    const joins = () => sent.filter((f) => f.includes("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).length;
    // The paused page clock moves only here: until the callback was asked, then up to the cap.
    await expect
      .poll(
        async () => {
          await page.clock.runFor(10);
          return page.evaluate(() => (globalThis as { askedAt?: number }).askedAt ?? null);
        },
        { timeout: 10_000 },
      )
      .not.toBeNull();
    const askedAt = (await page.evaluate(
      () => (globalThis as { askedAt?: number }).askedAt,
    )) as number;
    const now = () => page.evaluate(() => Date.now());
    await page.clock.runFor(Math.max(0, askedAt + 3_900 - (await now())));
    expect(joins()).toBe(0);
    await page.clock.runFor(200);
    await expect.poll(joins, { timeout: 10_000 }).toBe(1);
    await expect
      .poll(async () => (await greeting(page).textContent()) ?? "", { timeout: 10_000 })
      .toContain("Hello !");
  });
});

/** A page with the one-tag widget whose `data-on-context-required` names the page's `signVisitor`. */
function pageHtml(base: string, connectorToken: string, behaviour: Behaviour): string {
  const callbacks: Record<Behaviour, string> = {
    sign: "return window.signForTest(request);",
    decline: "return null;",
    throw: 'throw new Error("signer is down");',
    hang: "return new Promise(() => {});",
  };
  return `<!doctype html><html lang="en"><head><title>context test</title></head><body>
<script>
  window.asked = 0;
  window.signVisitor = function (request) { window.asked += 1; window.askedAt = Date.now(); ${callbacks[behaviour]} };
</script>
<script src="${base}/widget/switchboard.js" data-connector-token="${connectorToken}" data-host="localhost"
  data-open="true" data-storage="none" data-on-context-required="signVisitor"></script>
</body></html>`;
}
