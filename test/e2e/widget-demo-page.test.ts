// GET / through registerDemoPage: the token filled in and escaped, the no-connector note, no caching.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it } from "vitest";
import { registerDemoPage } from "../../src/gateway/demo-page.js";
import { DEMO_PAGE, requireWidgetBuild } from "../support/widget-page.js";

describe("demo page route", () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-demo-page-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function get(token: () => string | null, pageFile = DEMO_PAGE) {
    const app = Fastify();
    registerDemoPage(app, { pageFile, demoConnectorToken: token });
    const response = await app.inject({ method: "GET", url: "/" });
    await app.close();
    return response;
  }

  it("fills in the demo connector's token, attribute-escaped, and is never cached", async () => {
    requireWidgetBuild();
    const response = await get(() => 'sbc_abc"><script>x</script>');
    expect(response.statusCode).toBe(200);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain(
      'data-connector-token="sbc_abc&quot;&gt;&lt;script&gt;x&lt;/script&gt;"',
    );
    expect(response.body).not.toContain("__SWITCHBOARD_DEMO_TOKEN__");
    expect(response.body).not.toContain("No demo connector");
  });

  it("explains how to create a connector when there is no demo connector", async () => {
    let token: string | null = null;
    const response = await get(() => token);
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("No demo connector on this server");
    expect(response.body).not.toContain("data-connector-token");
    token = "sbc_fromstore";
    expect((await get(() => token)).body).toContain('data-connector-token="sbc_fromstore"');
  });

  it("answers 503 when the page was not built", async () => {
    const response = await get(() => "t", join(dir, "nope.html"));
    expect(response.statusCode).toBe(503);
    expect(response.body).toContain("npm run build");
  });
});
