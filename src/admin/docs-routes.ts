// Public, secret-free docs of the admin API: the OpenAPI document and a page listing the routes.
import type { FastifyInstance } from "fastify";
import { ADMIN_OPENAPI } from "./openapi.js";

const METHODS = ["get", "post", "put", "patch", "delete"] as const;

/** Registers `GET /docs/openapi.json` and `GET /docs` (no auth). */
export function registerDocsRoutes(app: FastifyInstance): void {
  app.get("/docs/openapi.json", async () => ADMIN_OPENAPI);
  app.get("/docs", async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(docsPage()),
  );
}

function docsPage(): string {
  const rows: string[] = [];
  for (const [path, item] of Object.entries(ADMIN_OPENAPI.paths)) {
    for (const method of METHODS) {
      const operation = (item as Record<string, { summary?: string } | undefined>)[method];
      if (!operation) continue;
      rows.push(
        `<tr><td><code>${method.toUpperCase()}</code></td><td><code>${escapeHtml(path)}</code></td><td>${escapeHtml(operation.summary ?? "")}</td></tr>`,
      );
    }
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchboard admin API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td{padding:.25rem .75rem;border-bottom:1px solid #ddd}</style>
</head><body><h1>Switchboard admin API</h1>
<p>Every route takes <code>Authorization: Bearer &lt;SWITCHBOARD_ADMIN_TOKEN&gt;</code>.
The machine-readable description is at <a href="/docs/openapi.json">/docs/openapi.json</a>.</p>
<table><thead><tr><th>Method</th><th>Path</th><th>What</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table></body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
}
