// Who a Chat API request is: its account (X-API-KEY) and connector (X-TOKEN), both required.
import type { FastifyRequest } from "fastify";
import { hashToken, MAX_BEARER_TOKEN_LENGTH } from "../auth/index.js";
import type { ChatApiStore, ConnectorRecord, Store } from "../core/index.js";
import type { ChatFailure } from "../protocol/index.js";

export type Authenticated =
  | { ok: true; connector: ConnectorRecord; apiKeyId: string }
  | { ok: false; failure: ChatFailure };

export interface AuthDeps {
  store: Pick<Store, "getConnectorByTokenHash">;
  chat: Pick<ChatApiStore, "getApiKeyByHash">;
  /** Account ids the Chat API serves. */
  accounts: readonly string[];
  now(): number;
}

/**
 * Checks both headers against the path: the key must be a live key of `accountId` (a configured
 * account) and the token a connector whose id or name is `projectId`. Keys and tokens are looked
 * up by their SHA-256, so no comparison of secrets depends on where they differ.
 */
export async function authenticate(
  request: FastifyRequest,
  accountId: string,
  projectId: string,
  deps: AuthDeps,
): Promise<Authenticated> {
  const apiKey = header(request, "x-api-key");
  const token = header(request, "x-token");
  if (!apiKey || !token) return refuse("MISSING_CREDENTIALS");
  if (apiKey.length > MAX_BEARER_TOKEN_LENGTH || token.length > MAX_BEARER_TOKEN_LENGTH)
    return refuse(apiKey.length > MAX_BEARER_TOKEN_LENGTH ? "INVALID_API_KEY" : "INVALID_TOKEN");
  const key = await deps.chat.getApiKeyByHash(hashToken(apiKey));
  if (!key || (key.expiresAt !== null && key.expiresAt <= deps.now()))
    return refuse("INVALID_API_KEY");
  if (key.accountId !== accountId || !deps.accounts.includes(accountId))
    return refuse("ACCOUNT_FORBIDDEN");
  const connector = await deps.store.getConnectorByTokenHash(hashToken(token));
  if (!connector) return refuse("INVALID_TOKEN");
  if (connector.id !== projectId && connector.name !== projectId)
    return refuse("PROJECT_FORBIDDEN");
  return { ok: true, connector, apiKeyId: key.id };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function refuse(code: ChatFailure["code"]): Authenticated {
  return { ok: false, failure: { code } };
}
