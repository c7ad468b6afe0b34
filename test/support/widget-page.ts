// Browser-test helpers for the chat widget: the build check, the demo page on localhost and widget locators.
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { renderDemoPage } from "../../src/gateway/demo-page.js";
import { type BrowserRig, type FreshPage, startBrowserRig } from "./browser.js";
import type { TestServer } from "./server.js";

const ROOT = process.cwd();
export const WIDGET_SCRIPT = join(ROOT, "dist", "public", "widget", "switchboard.js");
export const DEMO_PAGE = join(ROOT, "dist", "public", "demo", "index.html");

/** Throws a clear error when the widget was not built (npm test builds first; alone: npm run build:widget). */
export function requireWidgetBuild(): void {
  for (const file of [WIDGET_SCRIPT, DEMO_PAGE]) {
    if (!existsSync(file)) {
      throw new Error(
        `${file} is missing: run \`npm run build:widget\` (npm test builds it first)`,
      );
    }
  }
}

/** The server's URL on localhost: the demo connector's host, which the server checks against Origin. */
export function localhostUrl(t: TestServer): string {
  return `http://localhost:${t.server.port}`;
}

/** Where the demo page is opened from, and how to stop serving it. */
export interface DemoHost {
  url: string;
  close(): Promise<void>;
}

/**
 * The demo page's URL on localhost: the server's own `/` when it serves the demo page; otherwise
 * (until `/` is wired) a tiny server on another localhost port answers the built page through the
 * same renderer, with the script loaded from the Switchboard server — the widget embedded on "another site".
 */
export async function startDemoHost(t: TestServer): Promise<DemoHost> {
  const served = await fetch(`${t.url}/`);
  const body = await served.text();
  if (served.status === 200 && body.includes("Switchboard demo")) {
    return { url: `${localhostUrl(t)}/`, close: async () => {} };
  }
  const html = renderDemoPage(readFileSync(DEMO_PAGE, "utf8"), t.connectorToken).replace(
    'src="/widget/switchboard.js"',
    `src="${localhostUrl(t)}/widget/switchboard.js"`,
  );
  const server = createServer((request, response) => {
    if (request.url === "/" || request.url?.startsWith("/?")) {
      response.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(html);
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Opens the demo page and waits for the widget element. */
export async function openDemoPage(page: Page, host: DemoHost): Promise<void> {
  await page.goto(host.url);
  await page.locator("switchboard-chat").waitFor({ state: "attached" });
}

/** A browser rig with the demo page served on localhost, for the widget's browser tests. */
export interface WidgetRig extends BrowserRig {
  host: DemoHost;
  /** A fresh page (kept in `open`) on the demo page, the widget attached. */
  openDemo(viewport?: { width: number; height: number }): Promise<FreshPage>;
}

/** Checks the widget build, starts the server (`env`, `dataDir`) and Chromium, then the demo page's host. */
export async function startWidgetRig(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<WidgetRig> {
  requireWidgetBuild();
  const rig = await startBrowserRig(env, dataDir);
  const host = await startDemoHost(rig.t);
  const closeRig = rig.close;
  return Object.assign(rig, {
    host,
    async openDemo(viewport?: { width: number; height: number }) {
      const open = await rig.openPage(viewport);
      await openDemoPage(open.page, host);
      return open;
    },
    async close() {
      await closeRig();
      await host.close();
    },
  });
}

/** Locators inside the widget (Playwright's CSS pierces its open shadow root). */
export function widget(page: Page) {
  const root = page.locator("switchboard-chat");
  return {
    root,
    launcher: root.locator("button.launcher"),
    window: root.locator(".window"),
    title: root.locator("#sb-title"),
    input: root.locator("textarea.input"),
    send: root.locator("button.send"),
    suggestions: root.locator("button.suggestion"),
    messages: root.locator(".messages .row[data-id]"),
    agentBubbles: root.locator(
      '.row[data-from="ai"] .agent-bubble, .row[data-from="live"] .agent-bubble',
    ),
    userRows: root.locator('.row[data-from="user"]'),
    banner: root.locator('[data-banner="reconnecting"]'),
    announcer: root.locator("[data-announcer]"),
    notice: (kind: string) => root.locator(`.notice[data-kind="${kind}"]`),
    lastAgentRow: root.locator('.row[data-from="ai"], .row[data-from="live"]').last(),
  };
}

/** Opens the window and waits for the greeting's suggestions. */
export async function openChat(page: Page, ms = 10_000): Promise<ReturnType<typeof widget>> {
  const w = widget(page);
  await w.launcher.click();
  await w.suggestions.first().waitFor({ timeout: ms });
  return w;
}

/** Types `text` into the composer and presses Enter. */
export async function typeAndSend(w: ReturnType<typeof widget>, text: string): Promise<void> {
  await w.input.fill(text);
  await w.input.press("Enter");
}

/** Ids of the rendered message rows, in order. */
export function rowIds(w: ReturnType<typeof widget>): Promise<string[]> {
  return w.messages.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-id") ?? ""));
}

/** Text of a locator, trimmed. */
export async function textOf(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? "").replace(/\s+/g, " ").trim();
}

/** A server event to forge: its type and payload (id, timestamp and a null sequence are added). */
export interface ForgedEvent {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * Passes the page's `/ws` traffic through and, right after the first agent message, sends
 * `events` to the widget as if the server had (ids `forged-1`, `forged-2`, …).
 */
export async function forgeAfterFirstReply(page: Page, events: ForgedEvent[]): Promise<void> {
  let n = 0;
  const frame = ({ type, payload }: ForgedEvent) =>
    JSON.stringify({
      id: `forged-${++n}`,
      sequence: null,
      timestamp: new Date().toISOString(),
      type,
      payload,
    });
  await page.routeWebSocket(/\/ws\?/, (ws) => {
    const server = ws.connectToServer();
    let injected = false;
    server.onMessage((message) => {
      ws.send(message);
      if (injected || !String(message).includes("EVENT_TYPE_POLY_AGENT_MESSAGE")) return;
      injected = true;
      for (const event of events) ws.send(frame(event));
    });
  });
}

/** Classic payloads; each must render as inert text. */
export const XSS_CORPUS = [
  "<script>alert('xss-script')</script>",
  "<img src=x onerror=alert('xss-img')>",
  "<svg onload=alert('xss-svg')>",
  "[click me](javascript:alert('xss-link'))",
  '<a href="javascript:alert(1)">js link</a>',
  "<iframe src=\"javascript:alert('xss-iframe')\"></iframe>",
  '"><img src=x onerror=alert(2)>',
  "<details open ontoggle=alert('xss-details')>",
  "![img](x\" onerror=\"alert('xss-md-img'))",
  "<style>*{display:none}</style><b onmouseover=alert(3)>hover</b>",
];

// Runs in the page (a string, since the tests compile without DOM types): lists injected nodes.
// The composer (its form, the file picker) is the widget's own; payloads only land in messages.
const FIND_INJECTED = `(() => {
  const host = document.querySelector("switchboard-chat");
  const found = [];
  const bad = ["script", "iframe", "object", "embed", "style", "details", "form", "input"];
  const visit = (root) => {
    for (const el of root.querySelectorAll("*")) {
      const tag = el.tagName.toLowerCase();
      const ours = (tag === "style" && el.parentNode === host.shadowRoot) || el.closest(".composer") !== null;
      if (bad.includes(tag) && !ours) found.push("<" + tag + ">");
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(tag + "[" + attr.name + "]");
        if (/^\\s*(javascript|data|vbscript):/i.test(attr.value)) found.push(tag + "[" + attr.name + "=" + attr.value + "]");
      }
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  if (host && host.shadowRoot) visit(host.shadowRoot);
  return found;
})()`;

/** Elements (script, iframe, …) and attributes (on*, javascript: URLs) no payload may leave in the widget. */
export function injectedNodes(page: Page): Promise<string[]> {
  return page.evaluate(FIND_INJECTED) as Promise<string[]>;
}
