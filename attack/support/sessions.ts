// A new session on a running server, made the way a client makes one: a token, then the session.

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
