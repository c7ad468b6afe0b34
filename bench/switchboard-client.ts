// A minimal Switchboard client for the bench: tokens, sessions, sockets and the agent join.
import WebSocket from "ws";
import { mapBounded } from "./bounded.js";

/** Where a Switchboard child listens and its demo connector token. */
export interface SwitchboardTarget {
  url: string;
  wsUrl: string;
  connectorToken: string;
}

/** A created session and the token it belongs to. */
export interface BenchSession {
  sessionId: string;
  token: string;
}

/** How many sessions share one access token (each session belongs to the token that made it). */
const SESSIONS_PER_TOKEN = 100;

/** Creates `count` sessions (`body` as in POST /api/v1/sessions), `concurrency` requests at a time, one token per 100 sessions. */
export async function createSessions(
  target: SwitchboardTarget,
  count: number,
  concurrency: number,
  body: Record<string, unknown> = {},
): Promise<BenchSession[]> {
  const tokenCount = Math.ceil(count / SESSIONS_PER_TOKEN);
  const tokens = await mapBounded(tokenCount, concurrency, () => mintToken(target));
  return mapBounded(count, concurrency, async (index) => {
    const token = tokens[Math.floor(index / SESSIONS_PER_TOKEN)] as string;
    return { sessionId: await createSession(target, token, body), token };
  });
}

/** Opens `/ws` for a session and resolves once the socket is open. */
export function connectSession(
  target: SwitchboardTarget,
  session: BenchSession,
): Promise<WebSocket> {
  const query = new URLSearchParams({ session_id: session.sessionId, access_token: session.token });
  return openSocket(`${target.wsUrl}/ws?${query}`);
}

/** Opens a WebSocket (no compression, like browsers talking to Switchboard) and waits for `open`. */
export function openSocket(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  return new Promise((resolve, reject) => {
    ws.once("open", () => {
      ws.off("error", reject);
      ws.on("error", () => ws.terminate());
      resolve(ws);
    });
    ws.once("unexpected-response", (_request, response) => {
      reject(new Error(`upgrade refused: ${response.statusCode}`));
      ws.terminate();
    });
    ws.once("error", reject);
  });
}

/** Asks the AI agent to join and waits for its greeting, so later messages get replies. */
export function joinAgent(ws: WebSocket, timeoutMs = 15_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off("message", listen);
      reject(new Error("no greeting after join"));
    }, timeoutMs);
    const listen = (data: WebSocket.RawData) => {
      if (!data.toString().includes("EVENT_TYPE_POLY_AGENT_MESSAGE")) return;
      clearTimeout(timer);
      ws.off("message", listen);
      resolve();
    };
    ws.on("message", listen);
    ws.send(JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} }));
  });
}

async function mintToken(target: SwitchboardTarget): Promise<string> {
  const response = await fetch(`${target.url}/api/v1/access-token`, {
    method: "POST",
    headers: {
      "X-Token": target.connectorToken,
      "X-Host": "localhost",
      "Content-Type": "application/json",
    },
    body: "{}",
  });
  if (response.status !== 200)
    throw new Error(`access-token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function createSession(
  target: SwitchboardTarget,
  token: string,
  body: Record<string, unknown>,
): Promise<string> {
  const response = await fetch(`${target.url}/api/v1/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200)
    throw new Error(`sessions: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { session_id: string }).session_id;
}
