// Builds the SDK client from the element's settings: auth (token endpoint, provider or connector token), storage.
import {
  type ClientAuth,
  type ClientOptions,
  type ContextRequest,
  type StorageLike,
  SwitchboardClient,
} from "../sdk/index.js";

/** The settings a widget starts its client with. */
export interface WidgetClientSettings {
  server: string;
  connectorToken?: string | null;
  host?: string | null;
  tokenEndpoint?: string | null;
  tokenProvider?: ((previous?: string) => Promise<string>) | null;
  onContextRequired?: ((request: ContextRequest) => unknown) | null;
  streaming: boolean;
  storage: "session" | "local" | "none";
  storageKey: string;
  /** More SDK options from the element's `clientOptions` property. */
  extra?: Partial<ClientOptions> | null;
}

/** The auth the settings describe, or null when they name none. */
export function authOf(settings: WidgetClientSettings): ClientAuth | null {
  if (settings.tokenProvider) return { tokenProvider: settings.tokenProvider };
  const endpoint = settings.tokenEndpoint?.trim();
  if (endpoint) return { tokenProvider: (previous) => fetchToken(endpoint, previous) };
  const token = settings.connectorToken?.trim();
  if (token) return { connectorToken: token, host: settings.host?.trim() || location.hostname };
  return null;
}

/**
 * Asks the company's backend for an access token: POST `endpoint` (same-origin cookies go along)
 * with `{previous_token}` when renewing; expects `{access_token}`.
 */
export async function fetchToken(endpoint: string, previous?: string): Promise<string> {
  const response = await fetch(endpoint, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(previous ? { previous_token: previous } : {}),
  });
  if (!response.ok) throw new Error(`token endpoint answered ${response.status}`);
  const body = (await response.json()) as { access_token?: unknown };
  if (typeof body.access_token !== "string" || body.access_token === "") {
    throw new Error("token endpoint answered without access_token");
  }
  return body.access_token;
}

/** The storage for the chosen kind; null when the browser refuses it (e.g. blocked cookies). */
export function storageOf(kind: WidgetClientSettings["storage"]): StorageLike | null {
  if (kind === "none") return null;
  try {
    const storage = kind === "local" ? window.localStorage : window.sessionStorage;
    storage.getItem("switchboard:probe");
    return storage;
  } catch {
    return null;
  }
}

/** A client for the settings, or null when they name no way to authenticate. */
export function createClient(settings: WidgetClientSettings): SwitchboardClient | null {
  const auth = authOf(settings);
  if (!auth) return null;
  const storage = storageOf(settings.storage);
  const visitorStorage = storageOf("local");
  const narrow = window.matchMedia?.("(max-width: 480px)").matches ?? false;
  return new SwitchboardClient({
    ...settings.extra,
    baseUrl: settings.server.replace(/\/+$/, ""),
    auth,
    streaming: settings.streaming,
    platform: "web",
    deviceType: narrow ? "mobile" : "desktop",
    storageKey: settings.storageKey,
    ...(storage ? { storage } : {}),
    // The visitor id outlives a session-storage conversation: it is how later visits find it.
    ...(settings.storage !== "none" && visitorStorage ? { visitorStorage } : {}),
    ...(settings.onContextRequired ? { onContextRequired: settings.onContextRequired } : {}),
  });
}

/** Whether a session is stored for this key (then the widget resumes it at once, to show new replies). */
export function hasStoredSession(settings: WidgetClientSettings): boolean {
  try {
    return storageOf(settings.storage)?.getItem(settings.storageKey) != null;
  } catch {
    return false;
  }
}
