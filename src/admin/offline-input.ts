// Checks of a connector's offline-message settings, shared by the admin API and provisioning files.
import type { OfflineSettings } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import type { Checked } from "./connector-input.js";
import { isHttpUrl } from "./fields.js";
import { REDACTED } from "./secret-fields.js";

const FIELDS = ["enabled", "webhook_url", "webhook_secret"];
const SECRET_MIN = 16;
const SECRET_MAX = 512;

/**
 * `{enabled, webhook_url?, webhook_secret?}` as settings; `"********"` keeps the `stored` secret.
 * Problems name their path under `path` (`""` for a request body).
 */
export function checkOfflineSettings(
  value: unknown,
  stored: OfflineSettings,
  path: string,
): Checked<OfflineSettings> {
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  if (!isPlainObject(value))
    return { ok: false, problems: [`${path || "(body)"}: must be an object`] };
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key))
      problems.push(`${at(key)}: unknown field (expected one of: ${FIELDS.join(", ")})`);
  }
  if (typeof value.enabled !== "boolean")
    problems.push(`${at("enabled")}: required, true or false`);
  const url = value.webhook_url ?? null;
  if (url !== null && !isHttpUrl(url))
    problems.push(`${at("webhook_url")}: must be an http(s) URL or null`);
  let secret = value.webhook_secret ?? null;
  if (secret === REDACTED) {
    if (!stored.webhookSecret)
      problems.push(`${at("webhook_secret")}: no stored secret to keep; give the value`);
    secret = stored.webhookSecret;
  } else if (
    secret !== null &&
    (typeof secret !== "string" || secret.length < SECRET_MIN || secret.length > SECRET_MAX)
  ) {
    problems.push(
      `${at("webhook_secret")}: must be a string of ${SECRET_MIN} to ${SECRET_MAX} characters, or null`,
    );
  }
  if (url !== null && secret === null)
    problems.push(`${at("webhook_secret")}: required with a webhook_url (requests are signed)`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      enabled: value.enabled as boolean,
      webhookUrl: url as string | null,
      webhookSecret: secret as string | null,
    },
  };
}
