// The console's visitor panel: name and email from verified context (marked verified), language,
// page and referrer, browser and device, presence, and the same browser's earlier conversations,
// each opened read-only; the email from an offline form when nothing better is known.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import { type ConsoleRig, startConsoleRig, UI_MS } from "../support/console-page.js";
import { connect, newSession } from "../support/conversation.js";
import type { TestServer } from "../support/server.js";
import {
  addContextKey,
  contextAgentDefinition,
  contextConnector,
  signContext,
  submitContext,
} from "../support/verified-context.js";
import type { TestClient } from "../support/ws-client.js";

const VISITOR = "3e1f6c0a-9b2d-4f7e-8a1c-5d4b3a291807";

describe.skipIf(!chromiumAvailable())("console visitor context", { timeout: 60_000 }, () => {
  let c: ConsoleRig;
  let t: TestServer;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    c = await startConsoleRig();
    t = c.rig.t;
  }, 60_000);

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await c?.cleanUp();
  });
  afterAll(() => c?.close());

  it("shows who the visitor is, where they came from, and what they asked before, read-only", async () => {
    const connector = await contextConnector(t, {
      ...contextAgentDefinition(),
      context: { desk_fields: ["name", "email"] },
    });
    const key = await addContextKey(t, connector.id, "panel");
    const body = {
      visitor_id: VISITOR,
      page_url: "http://localhost/pricing?coupon=secret",
      referrer: "https://search.example/results?q=plans",
    };
    // Last week's conversation from the same browser.
    const before = await newSession(t, { body, connectorToken: connector.token });
    const old = await connect(t, before);
    clients.push(old);
    await old.waitFor("EVENT_TYPE_SESSION_START");
    old.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await old.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    old.send("EVENT_TYPE_USER_MESSAGE", { text: "which plan has invoices by email?" });
    await old.waitFor((e) => e.payload.text === "Our plans are on the pricing page.");
    await t.server.hub.endByUser(before.sessionId);

    const { page } = await c.signedIn("Ada Lane");
    const axe = new AxeLog();
    const ref = await newSession(t, { body, connectorToken: connector.token });
    const client = await connect(t, ref);
    clients.push(client);
    const start = await client.waitFor("EVENT_TYPE_SESSION_START");
    const token = await signContext({
      ...key,
      sub: String(start.payload.context_id),
      ctx: { name: "Grace Hopper", email: "grace@example.com" },
    });
    expect((await submitContext(t, ref, { token })).status).toBe(202);
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "a human please" });
    const entry = page.locator(`li[data-session="${ref.sessionId}"]`);
    await entry.waitFor({ timeout: UI_MS });
    await entry.getByRole("button", { name: "Accept" }).click();
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");

    await page.getByText("Visitor", { exact: true }).click();
    const details = page.locator('sb-chat-pane dl[aria-label="Visitor details"]');
    await waitForText(details, "Grace Hopper");
    await waitForText(details, "grace@example.com");
    await waitForText(details, "verified");
    await waitForText(details, "http://localhost/pricing");
    await waitForText(details, "https://search.example/results");
    await waitForText(details, "Online");
    await waitForText(details, "Browser and system");
    const text = (await details.textContent()) ?? "";
    expect(text).not.toContain("coupon");
    expect(text).not.toContain("q=plans");

    const earlier = page.locator(`sb-chat-pane [data-earlier="${before.sessionId}"]`);
    await earlier.waitFor({ timeout: UI_MS });
    await axe.check(page, "visitor panel with earlier conversations");
    await earlier.click();
    const view = page.getByRole("region", { name: /Earlier conversation .* \(read-only\)/ });
    await waitForText(view, "which plan has invoices by email?");
    await waitForText(view, "Our plans are on the pricing page.");
    await axe.check(page, "earlier conversation, read-only");
    await view.getByRole("button", { name: "Back to the chat" }).click();
    await view.waitFor({ state: "detached", timeout: UI_MS });
    expect(axe.problems).toEqual({});
  });
  it("shows the email the visitor left in the offline form, marked as such", async () => {
    const connector = await contextConnector(t, {
      ...contextAgentDefinition(),
      context: { desk_fields: ["name", "email"] },
    });
    const { page } = await c.signedIn("Ada Lane");
    const axe = new AxeLog();
    const ref = await newSession(t, { connectorToken: connector.token });
    const client = await connect(t, ref);
    clients.push(client);
    await client.waitFor("EVENT_TYPE_SESSION_START");
    // Earlier in this conversation nobody could take the chat, and the visitor left the form.
    const stored = await t.server.store.addOfflineMessage({
      id: "offline-1",
      sessionId: ref.sessionId,
      connectorId: connector.id,
      queue: "support",
      reason: "NO_AGENTS_AVAILABLE",
      email: "left.in.form@example.com",
      name: "Grace",
      message: "please call me back",
      language: null,
      createdAt: Date.now(),
      delivery: "none",
      attempts: 0,
      lastError: null,
      deliveredAt: null,
    });
    expect(stored).toBe(true);
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "a human please" });
    const entry = page.locator(`li[data-session="${ref.sessionId}"]`);
    await entry.waitFor({ timeout: UI_MS });
    await entry.getByRole("button", { name: "Accept" }).click();
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");

    await page.getByText("Visitor", { exact: true }).click();
    const details = page.locator('sb-chat-pane dl[aria-label="Visitor details"]');
    await waitForText(details, "left.in.form@example.com");
    await waitForText(details, "offline form");
    await waitForText(details, "Grace");
    const text = (await details.textContent()) ?? "";
    expect(text).not.toContain("not verified");
    await axe.check(page, "visitor panel with an offline-form email");
    expect(axe.problems).toEqual({});
  });
});
