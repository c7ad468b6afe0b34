// The widget through a handoff to a desk user, and XSS payloads from live agents and forged server frames.
import { describe, expect, it } from "vitest";
import { chromiumAvailable, recordDialogs, screenshot } from "../support/browser.js";
import type { OnlineDesk } from "../support/desk.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import {
  forgeAfterFirstReply,
  injectedNodes,
  openChat,
  openDemoPage,
  textOf,
  widget,
  XSS_CORPUS,
} from "../support/widget-page.js";

describe.skipIf(!chromiumAvailable())("chat widget handoff", () => {
  const files = useWidgetDeskRig();

  /** Opens the demo chat, asks for a human and returns the session id the desk sees waiting. */
  async function handedOff(desk: OnlineDesk) {
    const { page } = await files.rig.openPage();
    const dialogs = recordDialogs(page);
    await openDemoPage(page, files.rig.host);
    const w = await openChat(page);
    const from = desk.socket.frames.length;
    await w.suggestions.filter({ hasText: "Talk to a human" }).click();
    const queued = await desk.socket.waitForQueue((entries) => entries.length > 0, 5_000, from);
    const entries = queued.entries as Array<{ session_id: string }>;
    return { page, w, dialogs, sessionId: entries[0]?.session_id as string };
  }

  it("shows the queue, then the live agent's name, avatar, typing and messages", async () => {
    const desk = await files.desk({
      name: "Grace Hopper",
      avatarUrl: null,
      queues: ["support"],
    });
    const { page, w, sessionId } = await handedOff(desk);
    const queued = w.notice("queued").last();
    await queued.waitFor({ timeout: 5_000 });
    await expect(textOf(queued)).resolves.toMatch(/You are next in line\.|You are #\d+ in line/);
    await screenshot(page, "widget-10-queued");

    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await w.title.filter({ hasText: "Grace Hopper" }).waitFor({ timeout: 5_000 });
    await expect(textOf(w.notice("joined").locator("span").last())).resolves.toBe(
      "Grace Hopper joined the conversation",
    );
    await expect(textOf(w.root.locator(".header .avatar"))).resolves.toBe("GH");
    await expect(textOf(w.root.locator("#sb-status"))).resolves.toBe("Support team");

    expect((await desk.api.typing(sessionId, "TYPING_STATE_STARTED")).status).toBe(204);
    await w.root.locator('[data-indicator="typing"]').waitFor({ timeout: 5_000 });
    await screenshot(page, "widget-11-live-typing");
    const sent = await desk.api.message(sessionId, {
      text: "Hi, I'm Grace. See [our status page](https://status.example.com) for updates.",
      attachments: [
        {
          title: "Network diagram",
          content_url: "https://example.com/diagram.png",
          content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
        },
      ],
      response_suggestions: [{ message_text: "Thanks Grace" }],
    });
    expect(sent.status).toBe(201);
    const row = w.root.locator('.row[data-from="live"]').last();
    await row.waitFor({ timeout: 5_000 });
    await expect(textOf(row.locator(".speaker"))).resolves.toBe("Grace Hopper");
    const link = row.locator(".md a");
    await expect(link.getAttribute("href")).resolves.toBe("https://status.example.com");
    await expect(link.getAttribute("target")).resolves.toBe("_blank");
    await expect(link.getAttribute("rel")).resolves.toBe("noopener noreferrer");
    await expect(row.locator("a.attachment.image img").getAttribute("alt")).resolves.toBe(
      "Network diagram",
    );
    await expect(w.root.locator('[data-indicator="typing"]').count()).resolves.toBe(0);
    await w.suggestions.filter({ hasText: "Thanks Grace" }).click();
    await desk.socket.waitForEvent(sessionId, "EVENT_TYPE_USER_MESSAGE");
    await screenshot(page, "widget-12-live-agent");

    expect((await desk.api.leave(sessionId, true)).status).toBe(204);
    await w.root.locator('[data-panel="ended"]').waitFor({ timeout: 5_000 });
    await screenshot(page, "widget-13-ended");
    await w.root.locator('button[part="new-chat"]').click();
    await w.suggestions.first().waitFor({ timeout: 5_000 });
    await expect(w.title.textContent()).resolves.toBe("Ada");
    await expect(w.messages.count()).resolves.toBe(1);
  });

  it("keeps live agents' XSS payloads inert: names, texts, attachment titles and suggestions", async () => {
    const evilName = `<img src=x onerror=alert('xss-name')>Eve`;
    const desk = await files.desk({
      name: evilName,
      avatarUrl: "javascript:alert('xss-avatar')",
    });
    const { page, w, dialogs, sessionId } = await handedOff(desk);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await w.notice("joined").waitFor({ timeout: 5_000 });
    await expect(w.title.textContent()).resolves.toBe(evilName);
    for (const [i, payload] of XSS_CORPUS.entries()) {
      const answer = await desk.api.message(sessionId, {
        text: payload,
        attachments: [
          {
            title: payload,
            content_url: "https://example.com/x.png",
            content_type:
              i % 2 === 0 ? "ATTACHMENT_CONTENT_TYPE_IMAGE" : "ATTACHMENT_CONTENT_TYPE_URL",
          },
        ],
        response_suggestions: [{ message_text: payload }],
      });
      expect(answer.status).toBe(201);
    }
    await expect
      .poll(() => w.root.locator('.row[data-from="live"]').count(), { timeout: 10_000 })
      .toBe(XSS_CORPUS.length);
    await expect(w.suggestions.allTextContents()).resolves.toEqual([XSS_CORPUS.at(-1)]);
    await w.root.locator('.row[data-from="live"] b').last().hover();
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await injectedNodes(page)).toEqual([]);
    await screenshot(page, "widget-14-xss-live");
  });

  it("keeps forged server frames inert: agent names, display_message, javascript: and data: URLs", async () => {
    const { page } = await files.rig.openPage();
    const dialogs = recordDialogs(page);
    const evil = "<img src=x onerror=alert('forged')>";
    await forgeAfterFirstReply(page, [
      {
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE",
        payload: {
          message_id: "forged-message",
          text: `${evil} <a href="data:text/html,<script>alert(1)</script>">data</a>`,
          agent_name: evil,
          avatar_url: "javascript:alert('avatar')",
          attachments: [
            {
              title: evil,
              content_url: "javascript:alert('card')",
              content_type: "ATTACHMENT_CONTENT_TYPE_URL",
            },
            {
              title: evil,
              content_url: "data:image/svg+xml,<svg onload=alert(1)>",
              content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
            },
            {
              title: "ok",
              content_url: "https://example.com/",
              preview_image_url: "javascript:alert(2)",
              call_to_action_text: evil,
            },
          ],
          response_suggestions: [{ message_text: evil }],
        },
      },
      { type: "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", payload: {} },
      // No position: the widget can only show the server's words, which must stay text.
      { type: "EVENT_TYPE_HANDOFF_QUEUE_STATUS", payload: { display_message: evil } },
      {
        type: "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
        payload: { reason: "POLICY", route: "javascript:alert('route')" },
      },
    ]);
    await openDemoPage(page, files.rig.host);
    const w = widget(page);
    await w.launcher.click();
    await w.notice("client_required").waitFor({ timeout: 10_000 });
    await expect(textOf(w.notice("queued"))).resolves.toBe(evil);
    await expect(w.notice("client_required").locator("a").count()).resolves.toBe(0);
    const row = w.root.locator('.row[data-id="forged-message"]');
    await expect(textOf(row.locator(".speaker"))).resolves.toBe(evil);
    await expect(row.locator("a.attachment").count()).resolves.toBe(1);
    await expect(row.locator(".attachment.inert").count()).resolves.toBe(2);
    await page.waitForTimeout(300);
    expect(dialogs).toEqual([]);
    expect(await injectedNodes(page)).toEqual([]);
    await screenshot(page, "widget-15-xss-forged");
  });
});
