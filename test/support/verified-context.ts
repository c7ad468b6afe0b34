// Helpers for verified-context tests: a context-aware agent and connector, signing keys, signed tokens.
import { SignJWT } from "jose";
import type { TestServer } from "./server.js";

/** A rules agent whose greeting and one rule read the verified context. */
export function contextAgentDefinition(): Record<string, unknown> {
  return {
    kind: "rules",
    name: "Concierge",
    greeting: { text: "Hello {{ctx.name}}!" },
    fallback: { text: "Standard answer." },
    rules: [
      {
        match: { keywords: ["plan"], context: { account_tier: "premium" } },
        reply: { text: "Premium desk for {{ctx.name}} ({{ctx.customer_id}})." },
      },
      { match: { keywords: ["plan"] }, reply: { text: "Our plans are on the pricing page." } },
      {
        match: { keywords: ["human"] },
        reply: { text: "Connecting you." },
        action: { type: "handoff" },
      },
    ],
  };
}

/** fetch against the admin API with the test admin token. */
export async function admin(t: TestServer, method: string, path: string, body?: unknown) {
  const response = await fetch(`${t.url}/admin/v1${path}`, {
    method,
    headers: {
      Authorization: `Bearer ${t.adminToken}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/** An agent with `definition` and a connector (host localhost) for it; returns the connector. */
export async function contextConnector(
  t: TestServer,
  definition = contextAgentDefinition(),
): Promise<{ id: string; token: string }> {
  const agent = await admin(t, "POST", "/agents", definition);
  if (agent.status !== 201) throw new Error(`agent: ${JSON.stringify(agent.json)}`);
  const connector = await admin(t, "POST", "/connectors", {
    host: "localhost",
    agent_id: agent.json?.id,
    handoff: { mode: "server", queue: "support" },
  });
  if (connector.status !== 201) throw new Error(`connector: ${JSON.stringify(connector.json)}`);
  return { id: String(connector.json?.id), token: String(connector.json?.token) };
}

/** Adds a signing key to a connector; returns its kid and (shown once) secret. */
export async function addContextKey(t: TestServer, connectorId: string, kid?: string) {
  const result = await admin(
    t,
    "POST",
    `/connectors/${connectorId}/context-keys`,
    kid ? { kid } : {},
  );
  if (result.status !== 201) throw new Error(`context key: ${JSON.stringify(result.json)}`);
  return { kid: String(result.json?.kid), secret: String(result.json?.secret) };
}

export interface TokenOptions {
  kid: string;
  secret: string;
  sub: string;
  ctx?: unknown;
  /** Seconds since the epoch; default now. */
  iat?: number;
  lifetime?: number;
  alg?: string;
}

/** A context token as a company's backend signs it (secret used as UTF-8). */
export function signContext(options: TokenOptions): Promise<string> {
  const iat = options.iat ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ ctx: options.ctx ?? {} } as Record<string, unknown>)
    .setProtectedHeader({ alg: options.alg ?? "HS256", kid: options.kid })
    .setSubject(options.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.lifetime ?? 30))
    .sign(new TextEncoder().encode(options.secret));
}

/** POST /api/v1/sessions/{id}/context with the session's access token; returns status and body. */
export async function submitContext(
  t: TestServer,
  ref: { sessionId: string; token: string },
  body: unknown,
  authorization = `Bearer ${ref.token}`,
) {
  const response = await fetch(`${t.url}/api/v1/sessions/${ref.sessionId}/context`, {
    method: "POST",
    headers: { Authorization: authorization, "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

/** The value of `switchboard_context_tokens_total{result}` on /metrics (0 when absent). */
export async function contextCount(t: TestServer, result: string): Promise<number> {
  const text = await (await fetch(`${t.url}/metrics`)).text();
  const line = text
    .split("\n")
    .find((l) => l.startsWith(`switchboard_context_tokens_total{result="${result}"}`));
  return line ? Number(line.split(" ").at(-1)) : 0;
}
