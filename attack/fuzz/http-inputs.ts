// Structure-aware HTTP inputs for every API surface: known routes, mutated headers, queries and bodies.
import { jsonObject, jsonValue, nested, plainString } from "./json-values.js";
import type { Random } from "./random.js";

/** The credentials a run has, so inputs can mix good ones in with bad. */
export interface HttpCredentials {
  connectorToken: string;
  accessToken: string;
  sessionId: string;
  adminToken: string;
  deskToken: string;
}

/** Which documented body shape a route answers errors with. */
export type Surface = "public" | "admin" | "desk" | "other";

/** One request, and the surface whose documentation its answer is checked against. */
export interface HttpInput {
  name: string;
  surface: Surface;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const HOSTS = [
  "localhost",
  "LOCALHOST",
  "http://localhost/",
  "https://localhost:8443/x",
  "",
  " ",
  "evil.example",
  "localhost.evil.example",
  "com.example.app",
  "[::1]",
  "%00",
];
const ORIGINS = [
  "http://localhost:3000",
  "https://evil.example",
  "null",
  "file://",
  "http://localhost.evil.example",
];
const CONTENT_TYPES = [
  "application/json",
  "application/json; charset=utf-8",
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/vnd.api+json",
  "",
  "*/*",
];
const ADMIN_COLLECTIONS = ["agents", "connectors", "queues", "desk-users", "sessions"];

/** A random request to one of the surfaces. */
export function httpInput(random: Random, credentials: HttpCredentials): HttpInput {
  const make = random.weighted<(r: Random, c: HttpCredentials) => HttpInput>([
    [4, accessToken],
    [4, createSession],
    [3, admin],
    [3, desk],
    [1, preflight],
    [2, otherPath],
  ]);
  return make(random, credentials);
}

function accessToken(random: Random, c: HttpCredentials): HttpInput {
  const headers: Record<string, string> = {};
  if (random.chance(0.85))
    headers["X-Token"] = random.chance(0.6) ? c.connectorToken : token(random);
  if (random.chance(0.85))
    headers["X-Host"] = random.chance(0.6) ? "localhost" : random.pick(HOSTS);
  if (random.chance(0.3)) headers.Origin = random.pick(ORIGINS);
  if (random.chance(0.3)) headers.Authorization = bearer(random, c);
  return {
    name: "POST /api/v1/access-token",
    surface: "public",
    method: "POST",
    path: "/api/v1/access-token",
    headers: mutateHeaders(random, headers),
    ...body(random),
  };
}

function createSession(random: Random, c: HttpCredentials): HttpInput {
  const headers: Record<string, string> = {};
  if (random.chance(0.9)) headers.Authorization = bearer(random, c);
  if (random.chance(0.7)) headers["Content-Type"] = random.pick(CONTENT_TYPES);
  const sessionBody = random.chance(0.5)
    ? { body: Buffer.from(jsonObject(random, 2, ["streaming_enabled", "platform", "device_type"])) }
    : body(random);
  return {
    name: "POST /api/v1/sessions",
    surface: "public",
    method: "POST",
    path: "/api/v1/sessions",
    headers: mutateHeaders(random, headers),
    ...sessionBody,
  };
}

function admin(random: Random, c: HttpCredentials): HttpInput {
  const collection = random.pick(ADMIN_COLLECTIONS);
  // Never the demo's own objects: the run needs its connector and desk user to stay as they are.
  const id = random.chance(0.5) ? `fuzz-${random.int(1000)}` : uri(plainString(random, 30)) || "x";
  const path = random.weighted([
    [2, `/admin/v1/${collection}`],
    [2, `/admin/v1/${collection}/${id}`],
    [1, `/admin/v1/connectors/${id}/rotate-token`],
    [1, `/admin/v1/${collection}?${query(random)}`],
  ]);
  const method = random.pick(["GET", "POST", "PUT", "PATCH", "DELETE"]);
  const headers: Record<string, string> = {};
  if (random.chance(0.8))
    headers.Authorization = random.chance(0.8) ? `Bearer ${c.adminToken}` : bearer(random, c);
  headers["Content-Type"] = random.chance(0.8) ? "application/json" : random.pick(CONTENT_TYPES);
  const adminBody = random.chance(0.6)
    ? {
        body: Buffer.from(
          jsonObject(random, 3, [
            "id",
            "name",
            "host",
            "agent_id",
            "handoff",
            "rules",
            "greeting",
            "queues",
            "max_concurrent",
            "max_wait_seconds",
            "opening_hours",
          ]),
        ),
      }
    : body(random);
  return {
    name: `${method} admin ${collection}`,
    surface: "admin",
    method,
    path,
    headers: mutateHeaders(random, headers),
    ...(method === "GET" || method === "DELETE" ? {} : adminBody),
  };
}

function desk(random: Random, c: HttpCredentials): HttpInput {
  const id = random.chance(0.3) ? c.sessionId : `fuzz-${random.int(1000)}`;
  const [method, path] = random.pick<[string, string]>([
    ["GET", "/desk/v1/me"],
    ["GET", "/desk/v1/queues"],
    ["GET", "/desk/v1/queue"],
    ["GET", "/desk/v1/sessions"],
    ["POST", `/desk/v1/handoffs/${id}/accept`],
    ["GET", `/desk/v1/sessions/${id}/events`],
    ["POST", `/desk/v1/sessions/${id}/messages`],
    ["POST", `/desk/v1/sessions/${id}/typing`],
    ["POST", `/desk/v1/sessions/${id}/leave`],
    ["POST", `/desk/v1/sessions/${id}/transfer`],
    ["DELETE", `/desk/v1/${plainString(random, 10)}`],
  ]);
  const headers: Record<string, string> = {};
  if (random.chance(0.85))
    headers.Authorization = random.chance(0.8) ? `Bearer ${c.deskToken}` : bearer(random, c);
  if (random.chance(0.8))
    headers["Content-Type"] = random.chance(0.8) ? "application/json" : random.pick(CONTENT_TYPES);
  const deskBody = random.chance(0.6)
    ? {
        body: Buffer.from(
          jsonObject(random, 3, [
            "text",
            "attachments",
            "response_suggestions",
            "state",
            "end_session",
            "queue",
          ]),
        ),
      }
    : body(random);
  return {
    name: `${method} desk ${path.split("/")[3] ?? ""}`,
    surface: "desk",
    method,
    path: encodePath(path),
    headers: mutateHeaders(random, headers),
    ...(method === "GET" ? {} : deskBody),
  };
}

function preflight(random: Random): HttpInput {
  const path = random.pick([
    "/api/v1/access-token",
    "/api/v1/sessions",
    "/admin/v1/agents",
    "/desk/v1/me",
    "/ws",
    "/",
  ]);
  const headers = {
    Origin: random.pick(ORIGINS),
    "Access-Control-Request-Method": random.pick(["GET", "POST", "DELETE", "X"]),
    "Access-Control-Request-Headers": random.pick([
      "authorization",
      "x-token, x-host",
      plainString(random, 30).replace(/[^\x21-\x7e]/g, ""),
    ]),
  };
  const surface: Surface = path.startsWith("/admin")
    ? "admin"
    : path.startsWith("/desk")
      ? "desk"
      : path.startsWith("/api")
        ? "public"
        : "other";
  return { name: "OPTIONS preflight", surface, method: "OPTIONS", path, headers };
}

function otherPath(random: Random): HttpInput {
  const path = random.pick([
    "/",
    "/demo.js",
    "/healthz",
    "/readyz",
    "/metrics",
    "/docs",
    "/docs/openapi.json",
    "/console/",
    "/console/../../etc/passwd",
    "/widget/switchboard.js",
    "/widget/%2e%2e/",
    "/api/v1/nope",
    "/ws",
    `/${uri(plainString(random, 40))}`,
    "/%E0%A4%A",
    "/api/v1/sessions/%",
  ]);
  const method = random.pick(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE"]);
  return {
    name: `${method} other`,
    surface: path.startsWith("/api") ? "public" : "other",
    method,
    path: random.chance(0.3) ? `${path}?${query(random)}` : path,
    headers: mutateHeaders(random, {}),
    ...(method === "GET" || method === "HEAD" ? {} : body(random)),
  };
}

// Tokens of every kind: valid, expired-looking, forged, garbage, huge.
function bearer(random: Random, c: HttpCredentials): string {
  return random.weighted([
    [4, `Bearer ${c.accessToken}`],
    [2, `Bearer ${token(random)}`],
    [1, `Bearer ${c.accessToken.slice(0, -1)}${c.accessToken.endsWith("A") ? "B" : "A"}`],
    [1, `Basic ${Buffer.from("a:b").toString("base64")}`],
    [1, "Bearer"],
    [1, `Bearer ${"a".repeat(random.size(100, 9000))}.${"b".repeat(10)}.c`],
  ]);
}

function token(random: Random): string {
  return random.weighted([
    [2, `sbc_${plainString(random, 43).replace(/[^\x21-\x7e]/g, "")}`],
    [1, "x.y.z"],
    [1, "a".repeat(random.size(1, 5000))],
    [1, plainString(random, 60).replace(/[^\x20-\x7e]/g, "")],
  ]);
}

function body(random: Random): { body?: Buffer } {
  return random.weighted<{ body?: Buffer }>([
    [2, {}],
    [3, { body: Buffer.from(jsonValue(random, 2)) }],
    [1, { body: Buffer.from(nested(random.size(33, 50_000), random.chance(0.5))) }],
    [1, { body: Buffer.from(plainString(random, 500)) }],
    [1, { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }],
    [1, { body: Buffer.alloc(random.size(200_000, 400_000), 0x61) }],
  ]);
}

function query(random: Random): string {
  const pairs = Array.from(
    { length: random.size(1, 5) },
    () => `${uri(plainString(random, 10))}=${uri(plainString(random, 40))}`,
  );
  return random.chance(0.1) ? "a=%zz&b" : pairs.join("&");
}

// Extra headers a client may send: long ones, repeated ones, odd X-Forwarded-For values.
function mutateHeaders(random: Random, headers: Record<string, string>): Record<string, string> {
  const out = { ...headers };
  if (random.chance(0.2))
    out["X-Forwarded-For"] = random.pick([
      "203.0.113.1",
      "not-an-ip",
      "1.1.1.1, 2.2.2.2",
      "::1",
      "",
    ]);
  if (random.chance(0.1))
    out["X-Polyai-Correlation-Id"] = plainString(random, 100).replace(/[^\x20-\x7e]/g, "");
  if (random.chance(0.05)) out["X-Long"] = "h".repeat(random.size(1000, 12_000));
  if (random.chance(0.1))
    out["User-Agent"] = plainString(random, 2000).replace(/[^\x20-\x7e]/g, "");
  return out;
}

function encodePath(path: string): string {
  return path
    .split("/")
    .map((part) => (/^[\w.~-]*$/.test(part) ? part : uri(part)))
    .join("/");
}

// encodeURIComponent throws on a lone surrogate; the fuzzer's strings have plenty.
function uri(text: string): string {
  return encodeURIComponent(text.replace(/[\ud800-\udfff]/g, "\ufffd"));
}
