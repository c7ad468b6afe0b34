// A company's bot backend for webhook-agent tests: a real HTTP server on an ephemeral port that
// checks every signature, records every request and answers as each test scripts it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SIGNATURE_HEADER, verifySignature } from "../../src/agents/index.js";
import type { TestServer } from "./server.js";

/** Parsed JSON as tests read it: they look deep into events and answers they just checked. */
// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of parsed JSON
type Json = Record<string, any>;

/** One request the bot received. */
export interface BotRequest {
  headers: IncomingMessage["headers"];
  body: string;
  /** The parsed event. */
  event: Json;
  /** Whether the signature header verified with the secret (within the replay window). */
  signed: boolean;
}

/** How the bot answers one request (it may write and end `res` whenever it likes). */
export type BotHandler = (request: BotRequest, res: ServerResponse) => void | Promise<void>;

export const BOT_SECRET = "bot-signing-secret-0123456789abcdef";

/** A scripted bot; `handler` may be replaced at any time. */
export class WebhookBackend {
  readonly requests: BotRequest[] = [];
  handler: BotHandler = (_request, res) => json(res, 200, { messages: [{ text: "Hello!" }] });
  readonly #server: Server;
  readonly #secret: string;
  readonly #now: () => number;
  #waiters: (() => void)[] = [];

  private constructor(server: Server, secret: string, now: () => number) {
    this.#server = server;
    this.#secret = secret;
    this.#now = now;
  }

  /** Starts on 127.0.0.1, port 0; `now` is the time signatures are checked against. */
  static async start(secret = BOT_SECRET, now = Date.now): Promise<WebhookBackend> {
    const server = createServer();
    const backend = new WebhookBackend(server, secret, now);
    server.on("request", (req, res) => backend.#receive(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return backend;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  /** Requests whose event type is `type`. */
  ofType(type: string): BotRequest[] {
    return this.requests.filter((r) => r.event.type === type);
  }

  /** Resolves once `count` requests have arrived (rejects after `ms`). */
  async waitForRequests(count: number, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.requests.length < count) {
      if (Date.now() > deadline)
        throw new Error(`only ${this.requests.length} of ${count} requests`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #receive(req: IncomingMessage, res: ServerResponse): void {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (body += chunk));
    req.on("end", () => {
      const header = req.headers[SIGNATURE_HEADER.toLowerCase()];
      const signed = verifySignature(
        this.#secret,
        body,
        typeof header === "string" ? header : undefined,
        this.#now(),
      );
      const request: BotRequest = { headers: req.headers, body, event: JSON.parse(body), signed };
      this.requests.push(request);
      for (const wake of this.#waiters.splice(0)) wake();
      Promise.resolve(this.handler(request, res)).catch(() => res.destroy());
    });
  }
}

/** Answers with a JSON body. */
export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

/** A webhook definition for `backend` (fast retries: no real waits). */
export function webhookDefinition(
  backend: WebhookBackend,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: "webhook",
    name: "Hooky",
    url: backend.url,
    secret: BOT_SECRET,
    backoff_ms: 0,
    ...extra,
  };
}

/** What `addWebhookAgent` made: the agent's id and key, and a connector token for it. */
export interface WebhookAgentRefs {
  agentId: string;
  agentKey: string;
  connectorToken: string;
}

/** Creates a webhook agent and a connector for host localhost through the admin API. */
export async function addWebhookAgent(
  t: TestServer,
  definition: Record<string, unknown>,
  handoff: Record<string, unknown> = { mode: "server", queue: "support" },
): Promise<WebhookAgentRefs> {
  const headers = { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" };
  const agent = await fetch(`${t.url}/admin/v1/agents`, {
    method: "POST",
    headers,
    body: JSON.stringify(definition),
  });
  const created = (await agent.json()) as { id: string; agent_key: string };
  if (agent.status !== 201) throw new Error(`agent: ${agent.status} ${JSON.stringify(created)}`);
  const connector = await fetch(`${t.url}/admin/v1/connectors`, {
    method: "POST",
    headers,
    body: JSON.stringify({ host: "localhost", agent_id: created.id, handoff }),
  });
  const { token } = (await connector.json()) as { token: string };
  return { agentId: created.id, agentKey: created.agent_key, connectorToken: token };
}

/** The agent API as a bot calls it. */
export async function agentApi(
  t: TestServer,
  key: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: Json }> {
  const init: RequestInit = {
    method: "POST",
    headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json", ...headers },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(`${t.url}/agent/v1${path}`, init);
  const text = await response.text();
  return { status: response.status, json: text === "" ? {} : JSON.parse(text) };
}
