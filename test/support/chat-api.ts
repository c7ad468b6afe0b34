// Helpers for Chat API tests: an account key, a connector on a chat agent, and calls with the headers.
import type { TestServer } from "./server.js";
import { admin, contextConnector } from "./verified-context.js";

/** A rules agent for Chat API conversations: attributes in its greeting, a handoff and an end. */
export function chatAgentDefinition(): Record<string, unknown> {
  return {
    kind: "rules",
    name: "Switch",
    greeting: { text: "Hi {{attr.first_name}}, how can I help?" },
    fallback: { text: "You said something I cannot answer." },
    rules: [
      {
        match: { keywords: ["plan"], attributes: { tier: "gold" } },
        reply: { text: "Gold plan, {{attr.first_name}}." },
      },
      { match: { keywords: ["echo"] }, reply: { text: "Echo one." } },
      { match: { keywords: ["double"] }, reply: { text: "First part." } },
      {
        match: { keywords: ["human"] },
        reply: { text: "Connecting you to a person." },
        action: { type: "handoff" },
      },
      { match: { keywords: ["bye"] }, reply: { text: "Goodbye!" }, action: { type: "end" } },
    ],
  };
}

export interface ChatFixture {
  accountId: string;
  apiKey: string;
  connector: { id: string; token: string };
}

/** An API key of the default account and a connector on the chat agent. */
export async function chatFixture(
  t: TestServer,
  definition = chatAgentDefinition(),
): Promise<ChatFixture> {
  const key = await admin(t, "POST", "/accounts/default/api-keys");
  if (key.status !== 201) throw new Error(`api key: ${JSON.stringify(key.json)}`);
  const connector = await contextConnector(t, definition);
  return { accountId: "default", apiKey: String(key.json?.key), connector };
}

/** One Chat API call; `headers` override the fixture's. */
export async function chat(
  t: TestServer,
  f: ChatFixture,
  action: "create" | "respond" | "close",
  body?: unknown,
  headers: Record<string, string | undefined> = {},
  path = `/v1/${f.accountId}/${f.connector.id}/chat/${action}`,
) {
  const all: Record<string, string | undefined> = {
    "X-API-KEY": f.apiKey,
    "X-TOKEN": f.connector.token,
    "Content-Type": "application/json",
    ...headers,
  };
  const sent = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
  const response = await fetch(`${t.url}${path}`, {
    method: action === "close" ? "PUT" : "POST",
    headers: sent,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: (text ? JSON.parse(text) : null) as Record<string, unknown> | null,
  };
}
