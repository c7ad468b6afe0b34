// Security headers, CORS that agrees between preflight and response, protected metrics, private data files.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rawUpgrade } from "../../attack/support/raw-websocket.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { freePort } from "../support/server-process.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
const EVIL = "https://evil.example";

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  return track(await startTestServer(env));
}

function csp(response: Response): Map<string, string> {
  const policy = response.headers.get("content-security-policy") ?? "";
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...values] = directive.trim().split(/\s+/);
      return [name, values.join(" ")];
    }),
  );
}

describe("security headers", () => {
  it("serves the demo page with a CSP that allows no inline script, and its script as a file", async () => {
    const t = await server();
    const page = await fetch(`${t.url}/`);
    const policy = csp(page);
    expect(policy.get("script-src")).toBe("'self'");
    expect(policy.get("default-src")).toBe("'self'");
    expect(policy.get("frame-ancestors")).toBe("'none'");
    expect(page.headers.get("x-frame-options")).toBe("DENY");
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).toContain('<script src="/demo.js">');
    const script = await fetch(`${t.url}/demo.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
  });

  it("lets the demo page be framed by the origins SWITCHBOARD_DEMO_FRAME_ANCESTORS names", async () => {
    const t = await server({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "https://www.example.com" });
    const page = await fetch(`${t.url}/`);
    expect(csp(page).get("frame-ancestors")).toBe("https://www.example.com");
    expect(page.headers.get("x-frame-options")).toBeNull();
  });

  it("never lets the console be framed, whatever the demo page allows", async () => {
    const t = await server({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "'self'" });
    for (const path of ["/console/", "/console/index.html"]) {
      const response = await fetch(`${t.url}${path}`);
      expect(response.status).toBe(200);
      expect(csp(response).get("frame-ancestors")).toBe("'none'");
      expect(csp(response).get("script-src")).toBe("'self'");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
    }
  });

  it("sends X-Content-Type-Options: nosniff on every kind of answer", async () => {
    const t = await server();
    const answers = await Promise.all([
      fetch(`${t.url}/`),
      fetch(`${t.url}/healthz`),
      fetch(`${t.url}/nope`),
      fetch(`${t.url}/widget/switchboard.js`),
      fetch(`${t.url}/console/`),
      fetch(`${t.url}/api/v1/access-token`, { method: "POST" }),
      fetch(`${t.url}/admin/v1/agents`),
      fetch(`${t.url}/desk/v1/me`),
      fetch(`${t.url}/metrics`),
    ]);
    for (const response of answers) {
      expect(response.headers.get("x-content-type-options"), response.url).toBe("nosniff");
      await response.arrayBuffer();
    }
    const url = new URL(t.url);
    const refused = await rawUpgrade({ host: url.hostname, port: Number(url.port), path: "/ws" });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.head).toMatch(/^X-Content-Type-Options: nosniff$/im);
  });
});

describe("requests refused before any API", () => {
  async function raw(t: TestServer, request: string): Promise<string> {
    const url = new URL(t.url);
    const socket = connect({ host: url.hostname, port: Number(url.port) });
    let answer = "";
    socket.on("data", (chunk: Buffer) => {
      answer += chunk.toString("latin1");
    });
    socket.write(request);
    await new Promise((resolve) => socket.once("close", resolve));
    return answer;
  }

  it.each([
    [
      "a header line without a colon",
      400,
      "GET / HTTP/1.1\r\nHost: x\r\nNo Colon Here\r\n\r\n",
      "malformed_request",
    ],
    [
      "headers over 16 KiB",
      431,
      `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`,
      "headers_too_large",
    ],
    [
      "a URL that does not decode",
      400,
      "GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "malformed_request",
    ],
    [
      "a path parameter over 512 characters",
      414,
      `GET /admin/v1/agents/${"a".repeat(600)} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
      "uri_too_long",
    ],
    [
      "a path out of the static folder",
      403,
      "GET /console/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
      "forbidden",
    ],
  ])("answers %s with the documented %i", async (_what, status, request, code) => {
    const t = await server();
    const answer = await raw(t, request);
    expect(answer).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(answer).toMatch(/^X-Content-Type-Options: nosniff$/im);
    expect(JSON.parse(answer.slice(answer.indexOf("\r\n\r\n") + 4))).toMatchObject({ code });
  });
});

describe("CORS on the admin and desk APIs", () => {
  function preflight(t: TestServer, path: string, origin: string): Promise<Response> {
    return fetch(`${t.url}${path}`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
  }

  it.each(["/admin/v1/agents", "/desk/v1/me"])(
    "allows no origin by default, on the preflight to %s as on the request",
    async (path) => {
      const t = await server();
      const answered = await preflight(t, path, EVIL);
      expect(answered.headers.get("access-control-allow-origin")).toBeNull();
      const request = await fetch(`${t.url}${path}`, { headers: { Origin: EVIL } });
      expect(request.headers.get("access-control-allow-origin")).toBeNull();
    },
  );

  it.each(["/admin/v1/agents", "/desk/v1/me"])(
    "allows exactly the origins of SWITCHBOARD_CORS_ORIGINS on %s",
    async (path) => {
      const ops = "https://ops.example.com";
      const t = await server({ SWITCHBOARD_CORS_ORIGINS: ops });
      const allowed = await preflight(t, path, ops);
      expect(allowed.status).toBe(204);
      expect(allowed.headers.get("access-control-allow-origin")).toBe(ops);
      const request = await fetch(`${t.url}${path}`, { headers: { Origin: ops } });
      expect(request.headers.get("access-control-allow-origin")).toBe(ops);
      expect(
        (await preflight(t, path, EVIL)).headers.get("access-control-allow-origin"),
      ).toBeNull();
    },
  );

  it("still answers public API preflights for any origin (the connector's host decides)", async () => {
    const t = await server();
    const answered = await preflight(t, "/api/v1/access-token", EVIL);
    expect(answered.status).toBe(204);
    expect(answered.headers.get("access-control-allow-origin")).toBe(EVIL);
  });
});

describe("/metrics protection", () => {
  it("asks for the bearer token of SWITCHBOARD_METRICS_TOKEN", async () => {
    const t = await server({ SWITCHBOARD_METRICS_TOKEN: "metrics-token-0123456789" });
    const anonymous = await fetch(`${t.url}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({
      message: "Missing or invalid metrics token",
      code: "metrics_unauthorized",
    });
    const wrong = await fetch(`${t.url}/metrics`, {
      headers: { Authorization: "Bearer metrics-token-0123456788" },
    });
    expect(wrong.status).toBe(401);
    const scraped = await fetch(`${t.url}/metrics`, {
      headers: { Authorization: "Bearer metrics-token-0123456789" },
    });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^switchboard_connections /m);
  });

  it("serves metrics only on SWITCHBOARD_METRICS_ADDRESS when it is set", async () => {
    const port = await freePort();
    const t = await server({ SWITCHBOARD_METRICS_ADDRESS: `127.0.0.1:${port}` });
    expect((await fetch(`${t.url}/metrics`)).status).toBe(404);
    const scraped = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^switchboard_connections /m);
    expect((await fetch(`http://127.0.0.1:${port}/other`)).status).toBe(404);
  });
});

describe("data files", () => {
  it("creates the data dir 0700 and every file in it 0600", async () => {
    const parent = mkdtempSync(join(tmpdir(), "switchboard-modes-"));
    const dataDir = join(parent, "data");
    try {
      const t = await startTestServer({ SWITCHBOARD_ADMIN_TOKEN: "" }, dataDir);
      await t.close();
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      const files = readdirSync(dataDir);
      expect(files).toEqual(
        expect.arrayContaining(["switchboard.sqlite", "admin-token", "demo-connector-token"]),
      );
      for (const file of files)
        expect([file, statSync(join(dataDir, file)).mode & 0o777]).toEqual([file, 0o600]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it("tightens a database file an older version left readable by others", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-modes-"));
    try {
      writeFileSync(join(dataDir, "switchboard.sqlite"), "", { mode: 0o644 });
      const t = await startTestServer({}, dataDir);
      await t.close();
      expect(statSync(join(dataDir, "switchboard.sqlite")).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
