// The console getting an agent's attention (chimes, desktop notifications, remembered switches) and keeping drafts, in Chromium.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, computedStyle, screenshot, waitForText } from "../support/browser.js";
import {
  accept,
  attention,
  byAuthor,
  type ConsoleRig,
  chatTab,
  clickNotification,
  composer,
  liveMessage,
  MESSAGE_TONE,
  setHidden,
  signInCard,
  spyOnAttention,
  startConsoleRig,
  transcript,
  UI_MS,
  WAITING_TONE,
} from "../support/console-page.js";

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable())("console attention and drafts", { timeout: 60_000 }, () => {
  let c: ConsoleRig;

  beforeAll(async () => {
    c = await startConsoleRig();
  }, 60_000);

  afterEach(() => c?.cleanUp());

  afterAll(() => c?.close());

  it("chimes for waiting chats and for messages I am not looking at, notifies the desktop while hidden, and remembers each switch", async () => {
    const { page } = await c.signedIn("Ana", (open) => spyOnAttention(open.context));
    const tones = async () => (await attention(page)).tones;
    const count = (list: number[], tone: number) => list.filter((t) => t === tone).length;

    const first = await c.waitingUser(page, "human please, one");
    await expect.poll(async () => count(await tones(), WAITING_TONE)).toBe(1);
    await accept(page, first.entry, first.client);
    first.client.send("EVENT_TYPE_USER_MESSAGE", { text: "you are looking at me" });
    await waitForText(transcript(page), "you are looking at me");
    // The chime is decided as the frame arrives, before it is drawn: none for the chat on screen.
    expect(count(await tones(), MESSAGE_TONE)).toBe(0);

    const second = await c.waitingUser(page, "human please, two");
    await expect.poll(async () => count(await tones(), WAITING_TONE)).toBe(2);
    await accept(page, second.entry, second.client);
    first.client.send("EVENT_TYPE_USER_MESSAGE", { text: "**Are** you _there_?" });
    await expect.poll(async () => count(await tones(), MESSAGE_TONE)).toBe(1);
    // The tab of the chat shows the message as the user typed it (user text is never markdown).
    await waitForText(chatTab(page, first.sessionId), "**Are** you _there_?");

    const axe = new AxeLog();
    await page.getByRole("button", { name: "Notifications" }).click();
    const desktop = page.getByLabel("Desktop notifications while this tab is hidden");
    await desktop.check();
    await page.getByLabel("Sound for new messages in my chats").uncheck();
    await screenshot(page, "console-attention-settings");
    await axe.check(page, "notification settings");
    await page.keyboard.press("Escape");
    await expect.poll(() => desktop.count()).toBe(0);

    await setHidden(page, true);
    const tonesBefore = (await tones()).length;
    first.client.send("EVENT_TYPE_USER_MESSAGE", {
      text: "Hello? [still](https://example.com) here",
    });
    await expect.poll(async () => (await attention(page)).notifications.length).toBe(1);
    await c.waitingUser(page, "human please, three");
    await expect.poll(async () => (await attention(page)).notifications.length).toBe(2);
    const seen = await attention(page);
    expect(seen.notifications.map(({ title, body }) => ({ title, body }))).toEqual([
      // The user's text as typed: it is never markdown.
      {
        title: expect.stringMatching(/^New message in #/),
        body: "Hello? [still](https://example.com) here",
      },
      { title: expect.stringMatching(/is waiting in support$/), body: "human please, three" },
    ]);
    expect(seen.tones.slice(tonesBefore)).toEqual([WAITING_TONE, expect.any(Number)]);

    await clickNotification(page, 0);
    await expect
      .poll(() => page.getByRole("tab", { selected: true }).getAttribute("data-session"))
      .toBe(first.sessionId);
    await setHidden(page, false);
    await expect
      .poll(async () => (await attention(page)).notifications.map((n) => n.closed))
      .toEqual([true, true]);

    await page.reload();
    await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
    await page.getByRole("button", { name: "Notifications" }).click();
    expect(await desktop.isChecked()).toBe(true);
    expect(await page.getByLabel("Sound for new messages in my chats").isChecked()).toBe(false);
    expect(await page.getByLabel("Sound when a conversation starts waiting").isChecked()).toBe(
      true,
    );
    expect(axe.problems).toEqual({});
  });

  it("keeps unsent drafts through a reload, forgets them once sent or signed out, and shows typing once", async () => {
    const { page } = await c.signedIn("Ravi");
    const first = await c.waitingUser(page, "human please, drafts one");
    await accept(page, first.entry, first.client);
    await composer(page).fill("half a thought");
    await page.getByRole("button", { name: "Quick replies", exact: true }).click();
    await page.getByLabel("Quick reply text").fill("Yes please");
    await page.getByLabel("Quick reply text").press("Enter");
    const second = await c.waitingUser(page, "human please, drafts two");
    await accept(page, second.entry, second.client);
    await composer(page).fill("second draft");

    await page.reload();
    await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
    await chatTab(page, first.sessionId).click();
    await expect.poll(() => composer(page).inputValue()).toBe("half a thought");
    await waitForText(page.getByLabel("Sent with the next message"), "Yes please");
    await chatTab(page, second.sessionId).click();
    await expect.poll(() => composer(page).inputValue()).toBe("second draft");

    await chatTab(page, first.sessionId).click();
    await composer(page).press("Enter");
    const sent = await first.client.waitFor(liveMessage("half a thought"));
    expect(sent.payload.response_suggestions).toEqual([{ message_text: "Yes please" }]);
    await waitForText(byAuthor(page, "me"), "half a thought");
    await page.reload();
    await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: UI_MS });
    await chatTab(page, first.sessionId).click();
    await waitForText(byAuthor(page, "me"), "half a thought");
    expect(await composer(page).inputValue()).toBe("");
    await chatTab(page, second.sessionId).click();
    await expect.poll(() => composer(page).inputValue()).toBe("second draft");

    await chatTab(page, first.sessionId).click();
    second.client.send("EVENT_TYPE_USER_TYPING", { state: "TYPING_STATE_STARTED" });
    await waitForText(chatTab(page, second.sessionId), "User is typing…");
    expect(await page.getByText("User is typing…").count()).toBe(1);
    await chatTab(page, second.sessionId).click();
    await waitForText(page.locator("sb-transcript .typing"), "User is typing…");
    expect(await page.getByText("User is typing…").count()).toBe(1);

    second.client.send("EVENT_TYPE_USER_MESSAGE", { text: "مرحبا، أحتاج مساعدة" });
    const arabic = byAuthor(page, "user").filter({ hasText: "مرحبا" }).locator(".md");
    await arabic.waitFor({ timeout: UI_MS });
    expect((await computedStyle(arabic, ["direction"])).direction).toBe("rtl");
    const line = chatTab(page, second.sessionId).locator(".line");
    expect((await computedStyle(line, ["direction"])).direction).toBe("rtl");

    await page.getByRole("button", { name: "Sign out" }).click();
    await signInCard(page).waitFor({ timeout: UI_MS });
    expect(await page.evaluate<string[]>("Object.keys(sessionStorage)")).toEqual([]);
  });
});
