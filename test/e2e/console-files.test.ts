// Files in the console: the visitor's image shows in the transcript; the desk user attaches a file, which reaches the visitor as a protocol attachment; a refusal says why.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { AxeLog } from "../support/axe.js";
import { chromiumAvailable, waitForText } from "../support/browser.js";
import {
  accept,
  type ConsoleRig,
  composer,
  startConsoleRig,
  UI_MS,
} from "../support/console-page.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");

describe.skipIf(!chromiumAvailable())("console files", { timeout: 60_000 }, () => {
  let c: ConsoleRig;
  beforeAll(async () => {
    c = await startConsoleRig();
  }, 60_000);
  afterEach(() => c?.cleanUp());
  afterAll(() => c?.close());

  it("shows the visitor's image and sends a file the desk user picks", async () => {
    const t = c.rig.t;
    const { page } = await c.signedIn("Kim Park");
    const axe = new AxeLog();
    const user = await c.waitingUser(page, "human please, here is a screenshot");
    await accept(page, user.entry, user.client);
    // The visitor uploads an image and sends it with a message.
    const kept = await fetch(`${t.url}/api/v1/sessions/${user.sessionId}/files?name=dot.png`, {
      method: "POST",
      headers: { Authorization: `Bearer ${user.token}`, "Content-Type": "image/png" },
      body: PNG,
    });
    expect(kept.status).toBe(201);
    const file = (await kept.json()) as { id: string };
    user.client.send("EVENT_TYPE_USER_MESSAGE", {
      text: "dot.png",
      attachments: [{ file_id: file.id }],
    });
    const image = page.locator("sb-chat-pane .attachments img").first();
    await image.waitFor({ timeout: UI_MS });
    await axe.check(page, "visitor image");

    // The desk user picks a PDF: it joins the draft, then goes with the message.
    const picker = page.getByLabel("Choose a file to attach");
    await picker.setInputFiles({ name: "invoice.pdf", mimeType: "application/pdf", buffer: PDF });
    await waitForText(page.locator("sb-composer-extras"), "invoice.pdf");
    await composer(page).fill("Here is your invoice");
    await composer(page).press("Enter");
    const sent = await user.client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE" && e.payload.text === "Here is your invoice",
    );
    expect(sent.payload.attachments).toEqual([
      expect.objectContaining({
        title: "invoice.pdf",
        content_type: "ATTACHMENT_CONTENT_TYPE_URL",
      }),
    ]);

    // A refused file says why.
    await picker.setInputFiles({
      name: "fake.pdf",
      mimeType: "application/pdf",
      buffer: Buffer.from("<html></html>"),
    });
    const alert = page.locator("sb-composer-extras .file-problem");
    await waitForText(alert, "fake.pdf: The file's contents do not match its type");
    await axe.check(page, "file refused");
    expect(axe.problems).toEqual({});
  });
});
