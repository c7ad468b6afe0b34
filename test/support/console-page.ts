// Browser-test helpers for the live-agent console: one server and Chromium per file, sign-in, queued users, locators, spies.
import type { BrowserContext, Locator, Page } from "playwright-core";
import { type BrowserRig, type FreshPage, startBrowserRig } from "./browser.js";
import { ensureConsoleBuilt } from "./console-build.js";
import { addDeskUser, addQueue, queuedClient, type TestDeskUser } from "./desk.js";
import type { TestClient, WireEvent } from "./ws-client.js";

export const UI_MS = 5_000;

/** The console rig of one test file: its server has the queues "support" and "billing". */
export interface ConsoleRig {
  rig: BrowserRig;
  /** A fresh page on the console; `prepare` runs before it loads (routes, spies). */
  open(prepare?: (open: FreshPage) => Promise<void>): Promise<FreshPage>;
  /** A new desk user (support and billing) signed in on a fresh page. */
  signedIn(
    name: string,
    prepare?: (open: FreshPage) => Promise<void>,
  ): Promise<{ page: Page; desk: TestDeskUser }>;
  /** A user who asked for a human, once the console lists them. */
  waitingUser(
    page: Page,
    ask: string,
  ): Promise<{ client: TestClient; sessionId: string; token: string; entry: Locator }>;
  /** For `afterEach`: closes the test's users and page. */
  cleanUp(): Promise<void>;
  close(): Promise<void>;
}

/** Builds the console if needed, starts a server (`env`: its settings) and Chromium, and adds the queues. */
export async function startConsoleRig(env: Record<string, string> = {}): Promise<ConsoleRig> {
  ensureConsoleBuilt();
  const rig = await startBrowserRig(env);
  await addQueue(rig.t, "support");
  await addQueue(rig.t, "billing");
  const clients: TestClient[] = [];
  const consoleRig: ConsoleRig = {
    rig,
    async open(prepare) {
      const open = await rig.openPage();
      await prepare?.(open);
      await open.page.goto(`${rig.t.url}/console/`);
      return open;
    },
    async signedIn(name, prepare) {
      const desk = await addDeskUser(rig.t, {
        name,
        queues: ["support", "billing"],
        avatarUrl: null,
      });
      const { page } = await consoleRig.open(prepare);
      await signIn(page, desk.token);
      return { page, desk };
    },
    async waitingUser(page, ask) {
      const queued = await queuedClient(rig.t, { ask });
      clients.push(queued.client);
      const entry = page.locator(`li[data-session="${queued.sessionId}"]`);
      await entry.waitFor({ timeout: UI_MS });
      return { client: queued.client, sessionId: queued.sessionId, token: queued.token, entry };
    },
    async cleanUp() {
      for (const client of clients.splice(0)) client.close();
      await rig.closePage();
    },
    close: () => rig.close(),
  };
  return consoleRig;
}

/** Switches the sign-in card to its desk token form (email and password is the default). */
export async function useDeskToken(page: Page): Promise<void> {
  const toggle = page.getByRole("button", { name: "Use a desk token instead" });
  const field = page.getByLabel("Desk token");
  await toggle.or(field).first().waitFor({ timeout: UI_MS });
  if (await field.isVisible()) return;
  await toggle.click();
}

/** The sign-in card is on screen. */
export function signInCard(page: Page) {
  return page.getByRole("heading", { name: "Sign in to the console" });
}

/** Signs in with a desk token and waits until the desk socket is online. */
export async function signIn(page: Page, token: string): Promise<void> {
  await useDeskToken(page);
  await page.getByLabel("Desk token").fill(token);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
}

/** Clicks Accept on a waiting entry and waits until the user was told and the tab is open. */
export async function accept(page: Page, entry: Locator, client: TestClient): Promise<void> {
  await entry.getByRole("button", { name: "Accept" }).click();
  await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
  await page.getByRole("tab", { selected: true }).waitFor({ timeout: UI_MS });
}

export const transcript = (page: Page) =>
  page.getByRole("log", { name: "Conversation transcript" });
export const composer = (page: Page) => page.getByLabel("Message to the user");
export const chatTab = (page: Page, sessionId: string) =>
  page.locator(`[role="tab"][data-session="${sessionId}"]`);
export const byAuthor = (page: Page, author: string) =>
  transcript(page).locator(`[data-author="${author}"]`);
export const liveMessage = (text: string) => (e: WireEvent) =>
  e.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE" && e.payload.text === text;

/** What the page-side spies saw: chime tones (Hz) and desktop notifications, in order. */
export interface Attention {
  tones: number[];
  notifications: Array<{ title: string; body: string; tag: string; closed: boolean }>;
}

// Runs in the page before the console (a string, since the tests compile without DOM types).
const ATTENTION_SPIES = `(() => {
  const spy = { tones: [], notifications: [], shown: [] };
  globalThis.__attention = spy;
  const start = OscillatorNode.prototype.start;
  OscillatorNode.prototype.start = function (...args) {
    spy.tones.push(this.frequency.value);
    return start.apply(this, args);
  };
  const Real = Notification;
  class Recorder {
    static get permission() { return Real.permission; }
    static requestPermission() { return Real.requestPermission(); }
    constructor(title, options = {}) {
      this.onclick = null;
      this.onclose = null;
      this.record = { title, body: options.body ?? "", tag: options.tag ?? "", closed: false };
      spy.notifications.push(this.record);
      spy.shown.push(this);
    }
    close() {
      this.record.closed = true;
      this.onclose?.();
    }
  }
  globalThis.Notification = Recorder;
  let hidden = false;
  Object.defineProperty(Document.prototype, "hidden", { get: () => hidden, configurable: true });
  Object.defineProperty(Document.prototype, "visibilityState", {
    get: () => (hidden ? "hidden" : "visible"),
    configurable: true,
  });
  globalThis.__setHidden = (value) => {
    hidden = value;
    document.dispatchEvent(new Event("visibilitychange"));
  };
  globalThis.__clickNotification = (index) => spy.shown[index]?.onclick?.();
})();`;

/**
 * Grants the notification permission and installs page-side spies before the console loads:
 * oscillator starts are recorded with their frequency; `Notification` is replaced by a recorder
 * that reads the real permission; `document.hidden` follows `setHidden` (headless tabs never hide).
 */
export async function spyOnAttention(context: BrowserContext): Promise<void> {
  await context.grantPermissions(["notifications"]);
  await context.addInitScript({ content: ATTENTION_SPIES });
}

/** What the spies recorded so far. */
export function attention(page: Page): Promise<Attention> {
  return page.evaluate<Attention>(
    "({ tones: [...__attention.tones], notifications: __attention.notifications.map((n) => ({ ...n })) })",
  );
}

/** The tab seems hidden (true) or visible again (false) to the console. */
export function setHidden(page: Page, hidden: boolean): Promise<void> {
  return page.evaluate(`__setHidden(${hidden})`);
}

/** Clicks the `index`th desktop notification the console showed. */
export function clickNotification(page: Page, index: number): Promise<void> {
  return page.evaluate(`__clickNotification(${index})`);
}

/** The chime tones: 880 Hz opens the waiting chime, 660 Hz is the message chime. */
export const WAITING_TONE = 880;
export const MESSAGE_TONE = 660;
