// The live-agent console in headless Chromium against a real server: sign in, queue, chat, transfer, XSS, reconnect, axe.
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import {
  chromiumAvailable,
  isFocused,
  recordDialogs,
  screenshot,
  waitForText,
} from "../support/browser.js";
import {
  accept,
  byAuthor,
  type ConsoleRig,
  composer,
  liveMessage,
  signIn,
  startConsoleRig,
  transcript,
  UI_MS,
  useDeskToken,
} from "../support/console-page.js";
import { addDeskUser, addQueue, onlineDesk } from "../support/desk.js";
import type { TestServer } from "../support/server.js";

/** Page errors other than the browser's own log line for a refused request (401, 409), which the UI shows. */
const problems = (errors: string[]) => errors.filter((e) => !e.includes("Failed to load resource"));

// Chromium on a shared, busy machine: whole flows get a minute.
describe.skipIf(!chromiumAvailable())("live-agent console", { timeout: 60_000 }, () => {
  let c: ConsoleRig;
  let t: TestServer;

  beforeAll(async () => {
    c = await startConsoleRig();
    t = c.rig.t;
  }, 60_000);

  afterEach(() => c?.cleanUp());

  afterAll(() => c?.close());

  /** A console signed in as a new desk user serving support and billing. */
  async function signedIn(name: string, prepare?: (page: Page) => Promise<void>): Promise<Page> {
    const { page } = await c.signedIn(name, prepare && ((open) => prepare(open.page)));
    return page;
  }

  const waitingUser = (page: Page, ask: string) => c.waitingUser(page, ask);

  it("signs in, takes a waiting user from the queue and chats until the agent ends it", async () => {
    const desk = await addDeskUser(t, {
      name: "Sarah Lee",
      queues: ["support", "billing"],
      avatarUrl: null,
    });
    const { page, errors } = await c.open();
    const axe = new AxeLog();
    await screenshot(page, "console-01-sign-in");
    await axe.check(page, "sign-in");

    await useDeskToken(page);
    await page.getByLabel("Desk token").fill("sbd_not-a-real-token");
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await waitForText(page.getByRole("alert"), "not recognised");
    await screenshot(page, "console-02-bad-token");
    await axe.check(page, "sign-in refused");

    await signIn(page, desk.token);
    await waitForText(page.locator("sb-header"), "Sarah Lee");
    await screenshot(page, "console-03-empty");
    await axe.check(page, "empty workspace");

    const user = await waitingUser(page, "Please, I want to talk to a human about my order");
    await waitForText(user.entry, "talk to a human about my order");
    await waitForText(user.entry, "support");
    const wait = user.entry.locator(".wait");
    const firstWait = await wait.textContent();
    await expect.poll(() => wait.textContent(), { timeout: 3_000 }).not.toBe(firstWait);
    await expect.poll(() => page.title()).toBe("(1) Switchboard Console");
    await screenshot(page, "console-04-queue");
    await axe.check(page, "queue");

    await accept(page, user.entry, user.client);
    await waitForText(byAuthor(page, "bot"), "Bot");
    await waitForText(byAuthor(page, "user"), "about my order");
    await expect.poll(() => page.locator("li[data-session]").count()).toBe(0);
    await expect.poll(() => isFocused(composer(page))).toBe(true);

    const from = user.client.events.length;
    user.client.send("EVENT_TYPE_USER_MESSAGE", { text: "My order **#1234** is late" });
    // What the user typed is shown as typed, as the widget shows it to them: no markdown.
    await waitForText(byAuthor(page, "user"), "My order **#1234** is late");
    expect(await byAuthor(page, "user").last().locator("strong").count()).toBe(0);

    user.client.send("EVENT_TYPE_USER_TYPING", { state: "TYPING_STATE_STARTED" });
    await page.getByText("User is typing…").first().waitFor({ timeout: UI_MS });
    await screenshot(page, "console-05-user-typing");
    await axe.check(page, "chat, user typing");

    await composer(page).pressSequentially("Sorry to hear that!");
    const typing = await user.client.waitFor("EVENT_TYPE_LIVE_AGENT_TYPING", 5000, from);
    expect(typing.payload.state).toBe("TYPING_STATE_STARTED");
    await composer(page).press("Shift+Enter");
    await composer(page).pressSequentially("Let me check.");
    await composer(page).press("Enter");
    const reply = await user.client.waitFor(liveMessage("Sorry to hear that!\nLet me check."));
    expect(reply.payload.agent_name).toBe("Sarah Lee");
    await user.client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_LIVE_AGENT_TYPING" && e.payload.state === "TYPING_STATE_STOPPED",
      5000,
      from,
    );
    await waitForText(byAuthor(page, "me"), "Let me check.");
    expect(await composer(page).inputValue()).toBe("");

    await page.getByRole("button", { name: "Link", exact: true }).click();
    await page.getByLabel("Link URL").fill("https://example.com/orders/1234");
    await page.getByLabel("Link title").fill("Your order");
    await page.getByRole("button", { name: "Add link" }).click();
    await page.getByRole("button", { name: "Quick replies", exact: true }).click();
    for (const text of ["Yes please", "No thanks"]) {
      await page.getByLabel("Quick reply text").fill(text);
      await page.getByLabel("Quick reply text").press("Enter");
    }
    await composer(page).fill("Shall I reship it?");
    await screenshot(page, "console-06-composer-extras");
    await axe.check(page, "composer extras");
    await composer(page).press("Enter");
    const offer = await user.client.waitFor(liveMessage("Shall I reship it?"));
    expect(offer.payload.attachments).toEqual([
      expect.objectContaining({
        title: "Your order",
        content_url: "https://example.com/orders/1234",
      }),
    ]);
    expect(offer.payload.response_suggestions).toEqual([
      { message_text: "Yes please" },
      { message_text: "No thanks" },
    ]);
    const mine = byAuthor(page, "me").last();
    await waitForText(mine.locator("a.card"), "Your order");
    expect(await mine.locator(".chip").allTextContents()).toEqual(["Yes please", "No thanks"]);
    await screenshot(page, "console-07-chat");
    await axe.check(page, "chat");
    await page.setViewportSize({ width: 1024, height: 720 });
    await screenshot(page, "console-07-chat-1024");

    await page.getByRole("button", { name: "Transfer" }).click();
    const menu = page.getByRole("menu", { name: "Transfer to queue" });
    await waitForText(menu, "billing");
    expect(await menu.getByRole("menuitem").allTextContents()).toEqual(
      expect.arrayContaining([
        expect.stringContaining("support"),
        expect.stringContaining("billing"),
      ]),
    );
    await screenshot(page, "console-08-transfer");
    await axe.check(page, "transfer menu");
    await page.keyboard.press("Escape");
    await expect.poll(() => menu.count()).toBe(0);

    await page.getByRole("button", { name: "End conversation" }).click();
    await screenshot(page, "console-09-confirm-end");
    await axe.check(page, "confirm end");
    await page.locator("[data-confirm]").click();
    const end = await user.client.waitFor("EVENT_TYPE_SESSION_END", 5000, from);
    expect(end.payload.reason).toBe("REASON_NATURAL_END");
    expect(user.client.ofType("EVENT_TYPE_LIVE_AGENT_LEFT")).toHaveLength(1);
    await page.getByText("You ended this conversation.").waitFor({ timeout: UI_MS });
    expect(await composer(page).isDisabled()).toBe(true);
    await screenshot(page, "console-10-ended");
    await axe.check(page, "chat ended");
    await page.getByRole("button", { name: "Close tab" }).click();
    await expect.poll(() => page.getByRole("tab").count()).toBe(0);
    expect(problems(errors)).toEqual([]);
    expect(axe.problems).toEqual({});
  }, 45_000); // one long flow with an axe check per screen: slow on a busy machine

  it("keeps several chats in tabs with unread badges, and shows refusals and endings inline", async () => {
    let holdQueue = false;
    // Holds back queue frames so the console still offers a conversation another agent just took.
    const page = await signedIn("Noor", (p) =>
      p.routeWebSocket(/\/desk\/ws/, (ws) => {
        const server = ws.connectToServer();
        ws.onMessage((message) => server.send(message));
        server.onMessage((message) => {
          if (!(holdQueue && String(message).includes('"type":"queue"'))) ws.send(message);
        });
      }),
    );
    const first = await waitingUser(page, "I need a person");
    await accept(page, first.entry, first.client);
    const second = await waitingUser(page, "Human please, billing question");
    await accept(page, second.entry, second.client);

    first.client.send("EVENT_TYPE_USER_MESSAGE", { text: "Are you there?" });
    const firstTab = page.locator(`[role="tab"][data-session="${first.sessionId}"]`);
    await waitForText(firstTab.locator(".badge"), "1");
    await expect.poll(() => page.title()).toBe("(1) Switchboard Console");
    await screenshot(page, "console-11-two-chats");
    await firstTab.click();
    await expect.poll(() => firstTab.locator(".badge").count()).toBe(0);
    await waitForText(transcript(page), "Are you there?");

    first.client.send("EVENT_TYPE_USER_END_SESSION", {});
    await page.getByText("the user closed the chat").waitFor({ timeout: UI_MS });
    expect(await composer(page).isDisabled()).toBe(true);

    const rival = await onlineDesk(t, { name: "Rival", queues: ["support"] });
    const third = await waitingUser(page, "Is any human around?");
    holdQueue = true;
    expect((await rival.api.accept(third.sessionId)).status).toBe(200);
    await third.entry.getByRole("button", { name: "Accept" }).click();
    await waitForText(
      third.entry.getByRole("alert"),
      "Someone else already accepted this conversation",
    );
    await screenshot(page, "console-12-taken");
    rival.socket.close();
    expect(problems(c.rig.open?.errors ?? [])).toEqual([]);
  });

  it("transfers a chat to another queue, and keeps it when nobody could take it there", async () => {
    await addQueue(t, "vip");
    const billing = await onlineDesk(t, { name: "Bea", queues: ["billing"] });
    const page = await signedIn("Tomas");
    const user = await waitingUser(page, "human please, about an invoice");
    await accept(page, user.entry, user.client);
    const menu = page.getByRole("menu", { name: "Transfer to queue" });

    await page.getByRole("button", { name: "Transfer" }).click();
    await menu.getByRole("menuitem", { name: /vip/ }).click();
    await waitForText(page.getByRole("alert"), "Nobody can take conversations in that queue");
    expect(await composer(page).isDisabled()).toBe(false);

    const from = user.client.events.length;
    const seen = billing.socket.frames.length;
    await page.getByRole("button", { name: "Transfer" }).click();
    await menu.getByRole("menuitem", { name: /billing/ }).click();
    await page
      .getByText("You transferred this conversation to another queue.")
      .waitFor({ timeout: UI_MS });
    expect(await composer(page).isDisabled()).toBe(true);
    const left = await user.client.waitFor("EVENT_TYPE_LIVE_AGENT_LEFT", 5000, from);
    expect(left.payload.reason).toBe("TRANSFER");
    const queued = await user.client.waitFor("EVENT_TYPE_HANDOFF_ACCEPTED", 5000, from);
    expect(queued.payload.queue_name).toBe("billing");
    await billing.socket.waitForQueue(
      (entries) => entries.some((e) => e.session_id === user.sessionId && e.queue === "billing"),
      5000,
      seen,
    );
    // I serve billing too: the conversation waits in my queue again, under its new queue.
    await waitForText(page.locator(`li[data-session="${user.sessionId}"]`), "billing");
    await screenshot(page, "console-13-transferred");
    billing.socket.close();
  });

  it("shows what the user typed as plain text, script payloads and markdown alike", async () => {
    const page = await signedIn("Ines");
    const dialogs = recordDialogs(page);
    const user = await waitingUser(page, "human <img src=x onerror=alert(1)>");
    await accept(page, user.entry, user.client);
    for (const text of [
      `<img src=x onerror="window.__xss='img'">`,
      "[x](javascript:window.__xss='link')",
      "<script>window.__xss='script'</script>",
      `<a href="javascript:alert(1)">click me</a>`,
      "[ok](https://example.com) and _emphasis_",
    ]) {
      user.client.send("EVENT_TYPE_USER_MESSAGE", { text });
    }
    const log = transcript(page);
    await waitForText(log, "[ok](https://example.com) and _emphasis_");
    await waitForText(log, `<img src=x onerror="window.__xss='img'">`);
    await waitForText(log, "<script>window.__xss='script'</script>");
    await waitForText(log, "[x](javascript:window.__xss='link')");
    const users = log.locator('[data-author="user"]');
    expect(await users.locator("a, em, img, script, [onerror]").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __xss?: string }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await screenshot(page, "console-14-xss");
  });

  it("reconnects after going offline, resumes from its cursor and shows missed messages once", async () => {
    const hellos: boolean[] = [];
    const page = await signedIn("Omar", async (p) => {
      p.on("websocket", (ws) =>
        ws.on("framereceived", ({ payload }) => {
          const frame = JSON.parse(String(payload)) as { type: string; resumed?: boolean };
          if (frame.type === "hello") hellos.push(frame.resumed === true);
        }),
      );
    });
    const user = await waitingUser(page, "human please");
    await accept(page, user.entry, user.client);
    user.client.send("EVENT_TYPE_USER_MESSAGE", { text: "before the outage" });
    await waitForText(transcript(page), "before the outage");

    await c.rig.open?.context.setOffline(true);
    await page.getByText("Reconnecting…").first().waitFor({ timeout: UI_MS });
    await screenshot(page, "console-15-reconnecting");
    user.client.send("EVENT_TYPE_USER_MESSAGE", { text: "while you were away" });
    await user.client.waitFor(
      (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === "while you were away",
    );
    await c.rig.open?.context.setOffline(false);

    await page.getByRole("status", { name: "Connection: Online" }).waitFor({ timeout: 10_000 });
    await waitForText(transcript(page), "while you were away");
    expect(hellos).toEqual([false, true]);
    const users = byAuthor(page, "user");
    expect(await users.filter({ hasText: "before the outage" }).count()).toBe(1);
    expect(await users.filter({ hasText: "while you were away" }).count()).toBe(1);
    await composer(page).fill("Back again");
    await composer(page).press("Enter");
    await user.client.waitFor(liveMessage("Back again"));
    await screenshot(page, "console-16-resumed");
  });
});
