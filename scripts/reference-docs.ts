// Generates docs/errors.md and docs/config.md from the error registry and the config schema.
import { CONFIG_SCHEMA } from "../src/config/index.js";
import {
  ERRORS,
  LIMIT_CLOSE_REASONS,
  MAX_CLIENT_EVENT_BYTES,
  MAX_FRAME_BYTES,
  MAX_TEXT_BYTES,
} from "../src/protocol/index.js";

/** docs/errors.md: every error code with its status or level and exact text. */
export function errorsMarkdown(): string {
  const rows = Object.entries(ERRORS).map(([code, spec]) =>
    spec.kind === "http"
      ? `| \`${code}\` | HTTP ${spec.status} | ${escapeCell(spec.message)} |`
      : `| \`${code}\` | \`${spec.level}\` | ${escapeCell(spec.message)} |`,
  );
  return [
    "# Errors",
    "",
    "Generated from `src/protocol/errors.ts` by `npm run docs`; a test fails when the two drift apart.",
    "",
    'HTTP errors of the public API answer with the status and the JSON body `{"message": "<text>", "code": "<code>"}`;',
    "`/ws` handshake errors are plain HTTP responses with the same body. Admin API errors use",
    '`{"error": {"code", "message"}}` (see `docs/admin.md`). WebSocket errors arrive as',
    '`EVENT_TYPE_SYSTEM_MESSAGE` events `{"level", "message"}` with `sequence: null`; `{name}` marks a part',
    "filled in from the event (the type sent, or what is wrong with the payload).",
    "",
    "| code | status / level | message |",
    "|---|---|---|",
    ...rows,
    "",
    "Sizes (see `docs/protocol-notes.md`, sizes): a user message whose `text` is over the advertised",
    `\`max_message_size_bytes\` (${MAX_TEXT_BYTES} UTF-8 bytes) gets \`Invalid payload: text is larger than ${MAX_TEXT_BYTES} bytes\`;`,
    `an event over ${MAX_CLIENT_EVENT_BYTES} bytes as stored gets \`Invalid payload: event is larger than ${MAX_CLIENT_EVENT_BYTES} bytes\`;`,
    "neither is stored, both are refused the same way when re-sent, and the connection stays open. Only a",
    `frame over ${MAX_FRAME_BYTES} bytes closes the connection (\`1009\`).`,
    "",
    "In sessions of the official mobile SDKs' profile, the two limits on a usable session are not refused",
    "before the upgrade (`ws_connection_limit`, `ws_rate_limited`): the socket is accepted and closed at once",
    "with code `1013` and one of these reasons (see `docs/protocol-notes.md`, client profiles).",
    "",
    "| limit | close code | reason |",
    "|---|---|---|",
    ...Object.entries(LIMIT_CLOSE_REASONS).map(
      ([limit, reason]) => `| \`${limit}\` | 1013 | ${escapeCell(reason)} |`,
    ),
    "",
  ].join("\n");
}

/** docs/config.md: every setting with its environment name, default and meaning. */
export function configMarkdown(): string {
  const rows = Object.entries(CONFIG_SCHEMA).map(([, option]) => {
    const unit = "unit" in option && option.unit ? ` ${option.unit}` : "";
    const unset =
      option.default === "" || (Array.isArray(option.default) && option.default.length === 0);
    const shown = Array.isArray(option.default) ? option.default.join(",") : String(option.default);
    const fallback = unset ? "(unset)" : `\`${shown}\`${unit}`;
    return `| \`${option.env}\` | ${fallback} | ${escapeCell(option.doc)} |`;
  });
  return [
    "# Configuration",
    "",
    "Generated from `src/config/schema.ts` by `npm run docs`; a test fails when the two drift apart.",
    "",
    "Settings come from environment variables. `SWITCHBOARD_CONFIG_FILE` may name a YAML or JSON file",
    "holding the same names as keys (e.g. `PORT: 9000`); the environment wins over the file. Invalid",
    "values stop start-up with one message listing every bad setting by name.",
    "",
    "| variable | default | meaning |",
    "|---|---|---|",
    ...rows,
    "",
    "## Where timers, turn leases and limits live",
    "",
    "Durable timers (abandonment, retention, handoff max wait and queue status, desk grace, the",
    "takeover of a turn whose process died), turn leases and the rate and connection limits follow",
    "`SWITCHBOARD_BUS`: with a `redis://` URL they live in that Redis (under",
    "`SWITCHBOARD_REDIS_PREFIX`), shared by every process of the deployment, and limits count all",
    "processes together (an unreachable Redis lets requests through and is counted in",
    "`switchboard_limits_unavailable_total`). Unset, timers and leases live in the SQLite file of",
    "`SWITCHBOARD_DATA_DIR` (they survive restarts) and limits are counted in memory.",
    "",
  ].join("\n");
}

function escapeCell(text: string): string {
  return text.replaceAll("|", "\\|");
}
