// Nobody there: the widget asks for an email and a message instead of "Sorry, we could not connect you", checks them, and thanks the visitor.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeOfflineSettings } from "../../src/core/index.js";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, isFocused, screenshot } from "../support/browser.js";
import { addQueue } from "../support/desk.js";
import { WebhookBackend } from "../support/webhook-backend.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import { openChat, textOf, typeAndSend, widget } from "../support/widget-page.js";

const SECRET = "offline-webhook-secret-0123456789";

describe.skipIf(!chromiumAvailable())("chat widget offline message", () => {
  const files = useWidgetDeskRig();
  let hook: WebhookBackend;

  beforeAll(async () => {
    hook = await WebhookBackend.start(SECRET);
    const { store } = files.rig.t.server;
    const settings = { enabled: true, webhookUrl: hook.url, webhookSecret: SECRET };
    await writeOfflineSettings(store, "demo", settings, Date.now());
  });
  afterAll(() => hook.close());

  async function askForPerson(viewport?: { width: number; height: number }) {
    const { page } = await files.rig.openDemo(viewport);
    const w = await openChat(page);
    await w.suggestions.filter({ hasText: "Talk to a human" }).click();
    const form = w.root.locator('[data-panel="offline"]');
    await form.waitFor({ timeout: 10_000 });
    return { page, w, form };
  }

  it("nobody online: the form replaces the composer, no failure text, no bot; checked, sent, thanked", async () => {
    const { page, w, form } = await askForPerson();
    await expect(textOf(form.locator("h3"))).resolves.toBe("No one is available right now");
    await expect(w.input.count()).resolves.toBe(0);
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("Leave a message");
    await expect(w.root.locator(".notice", { hasText: "could not connect" }).count()).resolves.toBe(
      0,
    );
    await expect(w.root.locator('[data-kind="handoff_failed"]').count()).resolves.toBe(0);
    await expect.poll(() => textOf(w.announcer)).toContain("No one is available right now");
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-40-offline-form");

    // Sent empty: each problem under its field, the first one focused.
    await form.locator('[part="offline-send"]').click();
    const email = form.locator("#sb-offline-email");
    await expect(textOf(form.locator("#sb-offline-email-error"))).resolves.toBe(
      "Enter your email address.",
    );
    await expect(textOf(form.locator("#sb-offline-message-error"))).resolves.toBe(
      "Write a message.",
    );
    await expect(email.getAttribute("aria-invalid")).resolves.toBe("true");
    await expect(email.getAttribute("aria-describedby")).resolves.toBe("sb-offline-email-error");
    await expect.poll(() => isFocused(email)).toBe(true);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-41-offline-form-errors");

    await email.fill("ada@example");
    await form.locator("#sb-offline-message").fill("Please call me back about order 42.");
    await form.locator('[part="offline-send"]').click();
    await expect(textOf(form.locator("#sb-offline-email-error"))).resolves.toBe(
      "Enter an email address like name@example.com.",
    );
    expect(hook.requests).toHaveLength(0);

    await email.fill("ada@example.com");
    await form.locator("#sb-offline-name").fill("Ada");
    await form.locator('[part="offline-send"]').click();
    const ended = w.root.locator('[data-panel="ended"]');
    await ended.waitFor({ timeout: 10_000 });
    // The form had the focus; it goes to "Start a new chat", not to the page.
    await expect.poll(() => isFocused(ended.locator('[part="new-chat"]'))).toBe(true);
    await expect(w.root.locator(".messages").textContent()).resolves.toContain(
      "Thanks! We got your message and will reply to ada@example.com as soon as we can.",
    );
    await expect(textOf(w.userRows.last())).resolves.toContain(
      "Please call me back about order 42.",
    );
    await expect(form.count()).resolves.toBe(0);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-42-offline-thanks");
    await hook.waitForRequests(1);
    expect(hook.requests[0]?.signed).toBe(true);
    expect(hook.requests[0]?.event).toMatchObject({ email: "ada@example.com", name: "Ada" });
  });

  it("on a phone the whole form fits the full-screen window and its button is reachable", async () => {
    const { page, form } = await askForPerson({ width: 390, height: 844 });
    const send = form.locator('[part="offline-send"]');
    await send.scrollIntoViewIfNeeded();
    await expect(send.isVisible()).resolves.toBe(true);
    const box = await form.boundingBox();
    expect(box?.width).toBeGreaterThan(350);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-44-offline-form-phone");
  });

  it("a closed queue says so, in the interface's language (French)", async () => {
    await addQueue(files.rig.t, "support", {
      openingHours: { timezone: "Europe/Paris", weekly: {} },
    });
    try {
      await files.desk({ name: "Rosa", queues: ["support"], avatarUrl: null });
      const { page } = await files.rig.openDemo();
      await page.evaluate('document.querySelector("switchboard-chat").setAttribute("lang", "fr")');
      // In French the greeting has no suggestions: the visitor types (the keyword works in any language).
      const w = widget(page);
      await w.launcher.click();
      await w.agentBubbles.first().waitFor({ timeout: 10_000 });
      await typeAndSend(w, "un agent humain, svp");
      const form = w.root.locator('[data-panel="offline"]');
      await form.waitFor({ timeout: 10_000 });
      await expect(textOf(form.locator("h3"))).resolves.toBe("Nous sommes fermés pour le moment");
      await expect(textOf(form.locator('label[for="sb-offline-name"]'))).resolves.toBe(
        "Nom (facultatif)",
      );
      await form.locator('[part="offline-send"]').click();
      await expect(textOf(form.locator("#sb-offline-email-error"))).resolves.toBe(
        "Saisissez votre adresse e-mail.",
      );
      expect(await axeViolations(page, { serious: true })).toEqual([]);
      await screenshot(page, "widget-43-offline-form-fr-closed");
    } finally {
      await addQueue(files.rig.t, "support");
    }
  });
});
