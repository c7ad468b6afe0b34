// The HTTP half of a chat: mint an access token and create a session (`protocol.md` §1).

export type HttpOutcome<T> = { ok: true; value: T } | { ok: false; message: string };

/** POST /api/v1/access-token with the connector token and host; returns the access token. */
export async function mintAccessToken(
  baseUrl: string,
  connectorToken: string,
  host: string,
): Promise<HttpOutcome<string>> {
  const response = await post(`${baseUrl}/api/v1/access-token`, {
    "X-Token": connectorToken,
    "X-Host": host,
  });
  if (!response.ok) return response;
  const token = response.value.access_token;
  return typeof token === "string"
    ? { ok: true, value: token }
    : { ok: false, message: "no access_token in the answer" };
}

/** POST /api/v1/sessions; returns the new session id. */
export async function createChatSession(
  baseUrl: string,
  accessToken: string,
  streaming: boolean,
): Promise<HttpOutcome<string>> {
  const response = await post(
    `${baseUrl}/api/v1/sessions`,
    { Authorization: `Bearer ${accessToken}` },
    { streaming_enabled: streaming, platform: "custom" },
  );
  if (!response.ok) return response;
  const id = response.value.session_id;
  return typeof id === "string"
    ? { ok: true, value: id }
    : { ok: false, message: "no session_id in the answer" };
}

async function post(
  url: string,
  headers: Record<string, string>,
  body: unknown = {},
): Promise<HttpOutcome<Record<string, unknown>>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: {
        ...headers,
        "Content-Type": "application/json",
        "User-Agent": "switchboard-cli-chat",
      },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { ok: false, message: `cannot reach ${url}: ${(error as Error).message}` };
  }
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    const message = typeof parsed.message === "string" ? parsed.message : response.statusText;
    return {
      ok: false,
      message: `${new URL(url).pathname} answered ${response.status}: ${message}`,
    };
  }
  return { ok: true, value: parsed };
}
