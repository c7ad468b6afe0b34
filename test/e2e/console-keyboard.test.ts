// The console from the keyboard (every shortcut, the "?" list) and its dark theme, in headless Chromium, with axe.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import {
  chromiumAvailable,
  computedStyle,
  isFocused,
  screenshot,
  waitForText,
} from "../support/browser.js";
import {
  byAuthor,
  type ConsoleRig,
  chatTab,
  composer,
  liveMessage,
  signInCard,
  startConsoleRig,
  transcript,
  UI_MS,
} from "../support/console-page.js";

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable())("console keyboard and themes", { timeout: 60_000 }, () => {
  let c: ConsoleRig;

  beforeAll(async () => {
    c = await startConsoleRig();
  }, 60_000);

  afterEach(() => c?.cleanUp());

  afterAll(() => c?.close());

  it("accepts, switches chats, replies, transfers and ends from the keyboard; ? lists the shortcuts", async () => {
    const { page } = await c.signedIn("Kim");
    const axe = new AxeLog();
    const first = await c.waitingUser(page, "human please, first");
    const second = await c.waitingUser(page, "human please, second");
    const selected = page.getByRole("tab", { selected: true });

    await page.keyboard.press("Alt+A");
    await first.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(first.sessionId);
    await expect.poll(() => isFocused(composer(page))).toBe(true);
    await page.keyboard.type("Hello from the keyboard");
    await page.keyboard.press("Enter");
    await first.client.waitFor(liveMessage("Hello from the keyboard"));

    await page.keyboard.press("Alt+A");
    await second.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(second.sessionId);
    await page.keyboard.press("Alt+ArrowUp");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(first.sessionId);
    await page.keyboard.press("Alt+J");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(second.sessionId);
    await page.keyboard.press("Alt+ArrowDown");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(first.sessionId);

    // The chat tabs show the focus ring: a solid outline in the accent colour (5.7:1 on white).
    await chatTab(page, first.sessionId).click();
    await page.keyboard.press("ArrowDown");
    const ring = await computedStyle(chatTab(page, second.sessionId), [
      "outlineStyle",
      "outlineWidth",
      "outlineColor",
    ]);
    expect(ring).toEqual({
      focusVisible: "true",
      outlineStyle: "solid",
      outlineWidth: "2px",
      outlineColor: "rgb(74, 85, 224)",
    });
    await screenshot(page, "console-keyboard-tab-focus");
    await page.keyboard.press("ArrowUp");
    await expect.poll(() => selected.getAttribute("data-session")).toBe(first.sessionId);

    await transcript(page).click();
    await page.keyboard.press("Alt+C");
    await expect.poll(() => isFocused(composer(page))).toBe(true);
    await page.keyboard.type("Why?");
    expect(await composer(page).inputValue()).toBe("Why?");
    expect(await page.getByRole("dialog").count()).toBe(0);

    await page.keyboard.press("Alt+R");
    await expect.poll(() => isFocused(page.getByLabel("Quick reply text"))).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByLabel("Quick reply text").count()).toBe(0);
    await expect.poll(() => isFocused(composer(page))).toBe(true);
    await page.keyboard.press("Alt+R");
    await expect.poll(() => isFocused(page.getByLabel("Quick reply text"))).toBe(true);

    await page.keyboard.press("Alt+T");
    const menu = page.getByRole("menu", { name: "Transfer to queue" });
    const items = menu.getByRole("menuitem");
    await expect.poll(() => isFocused(items.first())).toBe(true);
    await page.keyboard.press("ArrowDown");
    await expect.poll(() => isFocused(items.nth(1))).toBe(true);
    await page.keyboard.press("End");
    await expect.poll(() => isFocused(items.last())).toBe(true);
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.count()).toBe(0);
    await expect.poll(() => isFocused(page.getByRole("button", { name: "Transfer" }))).toBe(true);

    await page.keyboard.press("Alt+X");
    const confirm = page.getByRole("button", { name: "End conversation" }).last();
    await expect.poll(() => isFocused(confirm)).toBe(true);
    await axe.check(page, "confirm end");
    await page.keyboard.press("Enter");
    await first.client.waitFor("EVENT_TYPE_SESSION_END");
    await page.getByText("You ended this conversation.").waitFor({ timeout: UI_MS });

    await page.getByRole("button", { name: "Close tab" }).focus();
    await page.keyboard.press("?");
    const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await dialog.waitFor({ timeout: UI_MS });
    for (const label of ["Next chat", "Previous chat", "Accept", "Replies", "Transfer", "End the"])
      await waitForText(dialog, label);
    await screenshot(page, "console-keyboard-help");
    await axe.check(page, "shortcuts dialog");
    await page.keyboard.press("Escape");
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await chatTab(page, first.sessionId).click();
    expect(axe.problems).toEqual({});
  });

  it("switches to a dark theme that axe finds clean, follows the system, and remembers the choice", async () => {
    const { page } = await c.signedIn("Dana");
    const axe = new AxeLog();
    const user = await c.waitingUser(page, "human please, in the dark");
    await page.keyboard.press("Alt+A");
    await user.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    user.client.send("EVENT_TYPE_USER_MESSAGE", {
      text: "It is **late** here, [see](https://example.com)",
    });
    await waitForText(byAuthor(page, "user"), "It is **late** here, [see](https://example.com)");
    await composer(page).fill("Good evening");
    await composer(page).press("Enter");
    await waitForText(byAuthor(page, "me"), "Good evening");
    await c.waitingUser(page, "human please, also waiting");
    const theme = () => page.evaluate<string | undefined>("document.documentElement.dataset.theme");

    expect(await theme()).toBe("light");
    await page.emulateMedia({ colorScheme: "dark" });
    await expect.poll(theme).toBe("dark");
    await page.emulateMedia({ colorScheme: "light" });
    await expect.poll(theme).toBe("light");

    await page.getByLabel("Theme").selectOption("dark");
    await expect.poll(theme).toBe("dark");
    await axe.check(page, "dark chat and queue");
    await screenshot(page, "console-dark-chat");
    await page.getByRole("button", { name: "Transfer" }).click();
    await page.getByRole("menuitem").first().waitFor({ timeout: UI_MS });
    await axe.check(page, "dark transfer menu");
    await page.keyboard.press("Escape");

    await page.reload();
    await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
    expect(await theme()).toBe("dark");
    expect(await page.getByLabel("Theme").inputValue()).toBe("dark");
    await page.getByRole("button", { name: "Sign out" }).click();
    await signInCard(page).waitFor({ timeout: UI_MS });
    await axe.check(page, "dark sign-in");
    expect(axe.problems).toEqual({});
  });
});
