// The official SDKs' two REST calls as they make them: headers, bodies, retries and error reading.
import { randomUUID } from "node:crypto";

export type SdkPlatform = "ios" | "android";

/** What the SDK keeps from `POST /access-token`. */
export interface SdkToken {
  token: string;
  /** now + expires_in, by the SDK's own clock (both SDKs compute it so). */
  expiresAt: number;
}

/** A refusal as the SDKs classify it: 401/403 are "bad credentials", without reading the body. */
export class SdkHttpError extends Error {
  constructor(
    readonly status: number,
    readonly kind: "unauthorized" | "rejected" | "exhausted",
    /** `message` (else `error`) of the JSON body, which the SDKs match exactly. */
    readonly serverMessage: string | undefined,
  ) {
    super(`HTTP ${status} (${kind}) ${serverMessage ?? ""}`);
  }
}

/** Both SDKs: 3 retries; 429 waits Retry-After (5 s when absent), at most 30 s; 5xx waits 1 s. */
const MAX_RETRIES = 3;
const MAX_RETRY_AFTER_S = 30;
const DEFAULT_RETRY_AFTER_S = 5;

const USER_AGENT: Record<SdkPlatform, string> = {
  ios: "PolyMessaging-iOS/0.9.2 (iOS; Version 17.5 (Build 21F79))",
  android: "PolyMessaging-Android/0.9.0 (Android; 14)",
};

// OkHttp adds the charset to a String body's JSON media type; URLSession sends what it is given.
const JSON_TYPE: Record<SdkPlatform, string> = {
  ios: "application/json",
  android: "application/json; charset=utf-8",
};

/** The REST half of one SDK instance. */
export class SdkRest {
  /** Every wait the retry ladder asked for, in ms (waits are recorded, not slept). */
  readonly retryWaits: number[] = [];

  constructor(
    readonly platform: SdkPlatform,
    /** `restBaseURL` of `.custom(...)`: the server's `/api/v1`. */
    readonly restBase: string,
    readonly connectorToken: string,
    readonly hostIdentifier: string,
    readonly now: () => number,
  ) {}

  /** POST /access-token with X-Token and X-Host; a fresh token means a fresh subject. */
  async obtainAccessToken(): Promise<SdkToken> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Content-Type": JSON_TYPE[this.platform],
      "X-Token": this.connectorToken,
      "X-Host": this.hostIdentifier,
      "X-Polyai-Correlation-Id": this.#correlationId(),
    };
    const json = await this.#post("access-token", headers, "{}");
    const token = typeof json.access_token === "string" ? json.access_token : "";
    if (token === "") throw new SdkHttpError(200, "rejected", "no access_token");
    const expiresIn = typeof json.expires_in === "number" ? json.expires_in : 3600;
    return { token, expiresAt: this.now() + expiresIn * 1000 };
  }

  /** POST /sessions with the bearer token and the SDK's User-Agent; no X-Host. */
  async createSession(token: string, deviceType: "mobile" | "tablet"): Promise<string> {
    const headers: Record<string, string> = {
      Accept: "application/json",
      "Content-Type": JSON_TYPE[this.platform],
      Authorization: `Bearer ${token}`,
      "User-Agent": USER_AGENT[this.platform],
      "X-Polyai-Correlation-Id": this.#correlationId(),
    };
    const body = JSON.stringify({
      streaming_enabled: true,
      platform: this.platform,
      device_type: deviceType,
    });
    const json = await this.#post("sessions", headers, body);
    const id = json.session_id;
    if (typeof id !== "string" || id === "") throw new SdkHttpError(200, "rejected", "no id");
    return id;
  }

  async #post(
    endpoint: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<Record<string, unknown>> {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${this.restBase}/${endpoint}`, {
        method: "POST",
        headers,
        body,
      });
      const text = await response.text();
      if (response.ok) return JSON.parse(text) as Record<string, unknown>;
      const retryable = response.status === 429 || response.status >= 500;
      if (retryable && attempt < MAX_RETRIES) {
        this.retryWaits.push(retryWait(response));
        continue;
      }
      if (retryable) throw new SdkHttpError(response.status, "exhausted", undefined);
      if (response.status === 401 || response.status === 403)
        throw new SdkHttpError(response.status, "unauthorized", undefined);
      throw new SdkHttpError(response.status, "rejected", errorMessage(text));
    }
  }

  #correlationId(): string {
    const id = randomUUID();
    return this.platform === "ios" ? id.toUpperCase() : id;
  }
}

function retryWait(response: Response): number {
  if (response.status !== 429) return 1000;
  const header = Number(response.headers.get("retry-after"));
  const seconds =
    Number.isFinite(header) && response.headers.has("retry-after") ? header : DEFAULT_RETRY_AFTER_S;
  return Math.min(seconds, MAX_RETRY_AFTER_S) * 1000;
}

function errorMessage(text: string): string | undefined {
  try {
    const json = JSON.parse(text) as { message?: unknown; error?: unknown };
    const message = json.message ?? json.error;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}
