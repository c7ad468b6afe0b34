// Headless Chromium for browser tests: one browser and server per file, a fresh context per test, screenshots to test-output/.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import {
  type Browser,
  type BrowserContext,
  chromium,
  type Locator,
  type Page,
} from "playwright-core";
import { startTestServer, type TestServer } from "./server.js";

/** Debian's Chromium (CI installs the same package); override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const SCREENSHOT_DIR = join(process.cwd(), "test-output", "screenshots");

const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * Whether the Chromium binary is installed: browser tests skip without it on a developer's
 * machine, but in CI a missing browser is an error, so a broken install cannot pass as green.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI)
    throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; .ci/run installs it`);
  return false;
}

/** Launches headless Chromium. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A page in a fresh context (no shared storage), with what the page logged as errors. */
export interface FreshPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page, for asserting a clean run. */
  errors: string[];
  close(): Promise<void>;
}

/** Opens a page in a new context; the default viewport is a laptop screen. */
export async function freshPage(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<FreshPage> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`pageerror: ${error.message}`));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors, close: () => context.close() };
}

/** Writes a PNG of the page to test-output/screenshots/<name>.png; returns the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Resolves once an element matched by `locator` contains `text` (Playwright's `hasText`), else throws after `ms`. */
export async function waitForText(locator: Locator, text: string, ms = 5_000): Promise<void> {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: ms });
}

/** Whether the element has focus, also inside a shadow root. */
export function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element.matches(":focus"));
}

/** Dismisses every dialog (alert, confirm, prompt) the page opens; returns their messages as they come. */
export function recordDialogs(page: Page): string[] {
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return dialogs;
}

/** What one browser test file runs on: a server, Chromium, and the page of the running test. */
export interface BrowserRig {
  /** The server; a test that restarts it puts the new one here, so `close` stops that one. */
  t: TestServer;
  browser: Browser;
  /** The page `openPage` opened last, until `closePage`. */
  open: FreshPage | undefined;
  /** A page in a fresh context (see `freshPage`), kept in `open`. */
  openPage(viewport?: { width: number; height: number }): Promise<FreshPage>;
  /** Closes `open`, if any (for `afterEach`). */
  closePage(): Promise<void>;
  /** Closes the page, Chromium and the server (for `afterAll`). */
  close(): Promise<void>;
}

/** Starts a test server (settings `env`, on `dataDir` when given) and Chromium side by side. */
export async function startBrowserRig(
  env: Record<string, string> = {},
  dataDir?: string,
): Promise<BrowserRig> {
  const [t, browser] = await Promise.all([startTestServer(env, dataDir), launchBrowser()]);
  const rig: BrowserRig = {
    t,
    browser,
    open: undefined,
    async openPage(viewport) {
      rig.open = await freshPage(browser, viewport);
      return rig.open;
    },
    async closePage() {
      await rig.open?.close();
      rig.open = undefined;
    },
    async close() {
      await rig.closePage();
      await browser.close();
      await rig.t.close();
    },
  };
  return rig;
}

/** Computed CSS properties of the element (camelCase names), and whether it matches `:focus-visible`. */
export function computedStyle(locator: Locator, props: string[]): Promise<Record<string, string>> {
  return locator.evaluate((el, names) => {
    // Typed by hand: the tests compile without DOM types.
    const page = globalThis as unknown as { getComputedStyle(e: unknown): Record<string, string> };
    const style = page.getComputedStyle(el);
    const found = Object.fromEntries(names.map((name) => [name, String(style[name])]));
    found.focusVisible = String((el as { matches(s: string): boolean }).matches(":focus-visible"));
    return found;
  }, props);
}
