// GET / : the demo page (built from src/widget/demo) with the demo connector's token filled in.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { pageSecurityHeaders } from "./page-security.js";

/** Where the built page is and how to read the demo connector's token (null when there is none). */
export interface DemoPageOptions {
  pageFile: string;
  demoConnectorToken: () => string | null | Promise<string | null>;
  /** CSP `frame-ancestors` sources allowed to frame the page (`'none'` by default). */
  frameAncestors?: string;
}

/** The placeholder the page carries where the token goes (inside a double-quoted attribute). */
export const DEMO_TOKEN_PLACEHOLDER = "__SWITCHBOARD_DEMO_TOKEN__";

/** Escapes a value for a double-quoted HTML attribute. */
export function escapeAttribute(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}

/** Drops the `<!-- switchboard:<name>:start -->…<!-- switchboard:<name>:end -->` block. */
function dropBlock(page: string, name: string): string {
  const pattern = new RegExp(
    `<!-- switchboard:${name}:start -->[\\s\\S]*?<!-- switchboard:${name}:end -->`,
    "g",
  );
  return page.replace(pattern, "");
}

/** The page for a token: the widget with the token, or (no token) a note on creating a connector. */
export function renderDemoPage(template: string, token: string | null): string {
  if (token === null || token.trim() === "") return dropBlock(template, "widget");
  return dropBlock(template, "no-connector")
    .split(DEMO_TOKEN_PLACEHOLDER)
    .join(escapeAttribute(token.trim()));
}

/**
 * Serves GET / (read on every request, never cached: the token may change with the data dir)
 * and its script, GET /demo.js (a file: the page's CSP allows no inline script).
 */
export function registerDemoPage(app: FastifyInstance, options: DemoPageOptions): void {
  const security = pageSecurityHeaders(options.frameAncestors ?? "'none'");
  const scriptFile = join(dirname(options.pageFile), "demo.js");
  app.get("/demo.js", async (_request, reply) => {
    let script: string;
    try {
      script = readFileSync(scriptFile, "utf8");
    } catch {
      return reply.status(404).type("text/plain; charset=utf-8").send("not built");
    }
    return reply.type("text/javascript; charset=utf-8").send(script);
  });
  app.get("/", async (_request, reply) => {
    let template: string;
    try {
      template = readFileSync(options.pageFile, "utf8");
    } catch {
      return reply
        .status(503)
        .header("Cache-Control", "no-store")
        .type("text/plain; charset=utf-8")
        .send("The demo page is not built: run npm run build");
    }
    return reply
      .header("Cache-Control", "no-store")
      .headers(security)
      .type("text/html; charset=utf-8")
      .send(renderDemoPage(template, await options.demoConnectorToken()));
  });
}
