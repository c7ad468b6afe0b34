// A new session on a running server, made the way a client makes one: a token, then the session.
import type { Socket } from "node:net";
import { rawUpgrade } from "./raw-websocket.js";

/** A session and the access token it belongs to. */
export interface OpenedSession {
  sessionId: string;
  token: string;
}

/** Mints an access token with `connectorToken` (host localhost) and creates a session with it. */
export async function openSession(url: string, connectorToken: string): Promise<OpenedSession> {
  const minted = await fetch(`${url}/api/v1/access-token`, {
    method: "POST",
    headers: { "X-Token": connectorToken, "X-Host": "localhost" },
  });
  if (minted.status !== 200) throw new Error(`access-token: ${minted.status}`);
  const { access_token: token } = (await minted.json()) as { access_token: string };
  const created = await fetch(`${url}/api/v1/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
  });
  if (created.status !== 200) throw new Error(`sessions: ${created.status}`);
  const { session_id: sessionId } = (await created.json()) as { session_id: string };
  return { sessionId, token };
}

/**
 * A socket on `session` that completed the upgrade and will never read or answer anything
 * (not even the close frame): the client a shutdown must not wait for.
 */
export async function silentSocket(port: number, session: OpenedSession): Promise<Socket> {
  const query = new URLSearchParams({ session_id: session.sessionId, access_token: session.token });
  const outcome = await rawUpgrade({ host: "127.0.0.1", port, path: `/ws?${query}` });
  if (!outcome.ok) throw new Error(`upgrade refused: ${outcome.status}`);
  outcome.socket.on("error", () => undefined);
  return outcome.socket;
}
