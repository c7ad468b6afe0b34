// A visitor attaches a file in the widget: picked or pasted, uploaded with progress, shown as an image in the transcript; a refusal says why, in the visitor's language.
import { describe, expect, it } from "vitest";
import { axeViolations } from "../support/axe.js";
import { chromiumAvailable, screenshot } from "../support/browser.js";
import { useWidgetDeskRig } from "../support/widget-desk-rig.js";
import { openChat, textOf } from "../support/widget-page.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==",
  "base64",
);

describe.skipIf(!chromiumAvailable())("chat widget files", () => {
  const files = useWidgetDeskRig();

  it("a picked image is uploaded and shown in the transcript as an image with its name", async () => {
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    const attach = w.root.locator('[part="attach-button"]');
    await expect(attach.getAttribute("aria-label")).resolves.toBe("Attach a file");
    await w.root.locator('[part="file-input"]').setInputFiles({
      name: "dot.png",
      mimeType: "image/png",
      buffer: PNG,
    });
    const image = w.userRows.last().locator('[part="attachment"] img');
    await image.waitFor({ timeout: 10_000 });
    await expect(image.getAttribute("alt")).resolves.toBe("dot.png");
    await expect
      .poll(() =>
        image.evaluate((img) => {
          const loaded = img as unknown as { complete: boolean; naturalWidth: number };
          return loaded.complete && loaded.naturalWidth;
        }),
      )
      .toBe(1);
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-50-file-sent");
  });

  it("a refused file says why, as an alert, and can be dismissed; a pasted one goes the same way", async () => {
    const { page } = await files.rig.openDemo();
    const w = await openChat(page);
    await w.root.locator('[part="file-input"]').setInputFiles({
      name: "fake.png",
      mimeType: "image/png",
      buffer: Buffer.from("<html><script>alert(1)</script></html>"),
    });
    const alert = w.root.locator('[part="upload-error"]');
    await alert.waitFor({ timeout: 10_000 });
    await expect(alert.getAttribute("role")).resolves.toBe("alert");
    await expect(textOf(alert.locator("span"))).resolves.toBe(
      "This file doesn't look like what its type says.",
    );
    expect(await axeViolations(page, { serious: true })).toEqual([]);
    await screenshot(page, "widget-51-file-refused");
    await alert.locator("button").click();
    await expect(alert.count()).resolves.toBe(0);

    // Pasted: a clipboard file goes through the same upload.
    // The page's own DataTransfer and ClipboardEvent (this file is typed without the DOM).
    await w.input.evaluate(
      new Function(
        "input",
        "bytes",
        `const data = new DataTransfer();
         data.items.add(new File([new Uint8Array(bytes)], "pasted.png", { type: "image/png" }));
         input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true }));`,
      ) as (input: unknown, bytes: number[]) => void,
      [...PNG],
    );
    await w.userRows.last().locator('[part="attachment"] img[alt="pasted.png"]').waitFor({
      timeout: 10_000,
    });
  });
});
