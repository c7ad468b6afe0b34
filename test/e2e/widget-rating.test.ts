// Rating at the end in headless Chromium: the question after the end (stars with a comment, thumbs
// in French), keyboard choice, the stored rating, thanks announced, axe clean, no question when off.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, isFocused, screenshot } from "../support/browser.js";
import { admin } from "../support/verified-context.js";
import {
  openChat,
  startWidgetRig,
  textOf,
  type WidgetRig,
  type widget,
} from "../support/widget-page.js";

describe.skipIf(!chromiumAvailable())("rating at the end", () => {
  let rig: WidgetRig;
  let demoConnector: string;

  beforeAll(async () => {
    rig = await startWidgetRig();
    const listed = await admin(rig.t, "GET", "/connectors");
    const connectors = listed.json?.connectors as { id: string }[];
    demoConnector = (connectors[0] as { id: string }).id;
  }, 60_000);

  afterEach(() => rig?.closePage());
  afterAll(() => rig?.close());

  const setQuestion = async (rating: unknown) => {
    const patched = await admin(rig.t, "PATCH", `/connectors/${demoConnector}`, { rating });
    expect(patched.status).toBe(200);
  };

  /** Opens the demo page's widget, ends the chat through its confirm, and returns the locators. */
  async function endedChat(lang?: string) {
    const { page } = await rig.openDemo();
    if (lang)
      await page.evaluate(
        `document.querySelector("switchboard-chat").setAttribute("lang", "${lang}")`,
      );
    const w = await openChat(page);
    const asked = page.waitForResponse((r) => r.url().endsWith("/rating"));
    await w.root.locator('[part="end-button"]').click();
    await w.root.locator('[data-panel="end-confirm"] [data-action="end"]').click();
    await w.root.locator('[data-panel="ended"]').waitFor({ timeout: 5_000 });
    return { page, w, asked };
  }

  const sessionIdOf = async (w: ReturnType<typeof widget>) =>
    (await w.root.evaluate(
      (el) =>
        (el as unknown as { client: { conversation: { sessionId: string } } }).client.conversation
          .sessionId,
    )) as string;

  it("asks 1 to 5 with a comment after the end, takes the keyboard, stores it and thanks", async () => {
    await setQuestion({ scale: "five", comment: true });
    const { page, w } = await endedChat();
    const form = w.root.locator('[data-panel="rating"]');
    await form.waitFor({ timeout: 5_000 });
    await expect(textOf(form.locator("legend"))).resolves.toBe("How was this conversation?");
    const stars = form.locator('input[type="radio"]');
    await expect(stars.count()).resolves.toBe(5);
    await expect(stars.nth(3).getAttribute("aria-label")).resolves.toBe("4 of 5");
    const send = form.locator('[part="rating-send"]');
    await expect(send.isDisabled()).resolves.toBe(true);
    expect(await axeViolations(page, { serious: true })).toEqual([]);

    // From the keyboard: Tab into the group, arrows move the choice, the comment, then Send.
    await stars.first().focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => isFocused(stars.nth(3))).toBe(true);
    await expect(stars.nth(3).isChecked()).resolves.toBe(true);
    await expect(form.locator(".rating-choice.on").count()).resolves.toBe(4);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Friendly and quick");
    await page.keyboard.press("Enter");
    await page.keyboard.type("Thanks!");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-40-rating");
    await send.click();

    const thanks = w.root.locator('[part="rating-thanks"]');
    await thanks.waitFor({ timeout: 5_000 });
    await expect(textOf(thanks)).resolves.toBe("Thank you for your feedback.");
    await expect.poll(() => textOf(w.announcer)).toBe("Thank you for your feedback.");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    const stored = await admin(rig.t, "GET", `/sessions/${await sessionIdOf(w)}`);
    expect(stored.json?.rating).toMatchObject({
      scale: "five",
      score: "4",
      comment: "Friendly and quick\nThanks!",
    });
  });

  it("asks thumbs in the widget's language, and says so when sending fails", async () => {
    await setQuestion({ scale: "thumbs" });
    const { page, w } = await endedChat("fr");
    const form = w.root.locator('[data-panel="rating"]');
    await form.waitFor({ timeout: 5_000 });
    await expect(textOf(form.locator("legend"))).resolves.toBe(
      "Comment s'est passée cette discussion ?",
    );
    await expect(form.locator("textarea").count()).resolves.toBe(0);
    await form.locator('input[aria-label="Pas bien"]').check();
    // The conversation is erased before the answer is sent: the server refuses it.
    await admin(rig.t, "DELETE", `/sessions/${await sessionIdOf(w)}`);
    await form.locator('[part="rating-send"]').click();
    const error = form.locator('[role="alert"]');
    await error.waitFor({ timeout: 5_000 });
    await expect(textOf(error)).resolves.toBe(
      "Votre note n'a pas pu être envoyée. Veuillez réessayer.",
    );
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-41-rating-thumbs-fr");
  });

  it("asks nothing when the connector's question is off", async () => {
    await setQuestion(null);
    const { w, asked } = await endedChat();
    // The widget asked the server, which said there is no question.
    expect(await (await asked).json()).toMatchObject({ question: null, can_rate: false });
    await w.root.evaluate(
      (el) => (el as unknown as { updateComplete: Promise<boolean> }).updateComplete,
    );
    await expect(w.root.locator('[part="new-chat"]').isVisible()).resolves.toBe(true);
    await expect(w.root.locator('[data-panel="rating"]').count()).resolves.toBe(0);
  });
});
