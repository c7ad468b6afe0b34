// The one configuration schema: key, environment name, default, parser and a doc sentence.

/** Parses a raw string; returns the value or a problem description. */
type Parser<T> = (raw: string) => { ok: true; value: T } | { ok: false; problem: string };

interface Option<T> {
  readonly env: string;
  readonly default: T;
  readonly parse: Parser<T>;
  /** Shown in docs/config.md. */
  readonly doc: string;
  readonly unit?: string;
}

const integer =
  (min: number, max: number): Parser<number> =>
  (raw) => {
    const value = Number(raw);
    return Number.isInteger(value) && value >= min && value <= max
      ? { ok: true, value }
      : { ok: false, problem: `must be a whole number from ${min} to ${max}` };
  };

const text: Parser<string> = (raw) => ({ ok: true, value: raw });

const nonEmpty: Parser<string> = (raw) =>
  raw.trim() === "" ? { ok: false, problem: "must not be empty" } : { ok: true, value: raw.trim() };

const oneOf =
  <const T extends string>(...values: T[]): Parser<T> =>
  (raw) =>
    (values as string[]).includes(raw)
      ? { ok: true, value: raw as T }
      : { ok: false, problem: `must be one of: ${values.join(", ")}` };

const boolean: Parser<boolean> = (raw) => {
  if (/^(1|true|yes|on)$/i.test(raw)) return { ok: true, value: true };
  if (/^(0|false|no|off)$/i.test(raw)) return { ok: true, value: false };
  return { ok: false, problem: "must be true or false" };
};

const adminToken: Parser<string> = (raw) =>
  raw.length >= 16
    ? { ok: true, value: raw }
    : { ok: false, problem: "must be at least 16 characters (it guards the admin API)" };

const option = <T>(o: Option<T>): Option<T> => o;

/** Every setting, in the order docs/config.md lists them. */
export const CONFIG_SCHEMA = {
  port: option({
    env: "PORT",
    default: 8080,
    parse: integer(0, 65535),
    doc: "HTTP port; 0 picks a free one.",
  }),
  host: option({ env: "HOST", default: "0.0.0.0", parse: nonEmpty, doc: "Address to listen on." }),
  dataDir: option({
    env: "SWITCHBOARD_DATA_DIR",
    default: "./data",
    parse: nonEmpty,
    doc: "Folder for the SQLite file and generated secrets.",
  }),
  adminToken: option({
    env: "SWITCHBOARD_ADMIN_TOKEN",
    default: "",
    parse: adminToken,
    doc: "Bearer token of the admin API. When unset, one is generated on first start, printed once and kept in `<data dir>/admin-token`.",
  }),
  cluster: option({
    env: "SWITCHBOARD_CLUSTER",
    default: "local",
    parse: nonEmpty,
    doc: "Cluster name written into access tokens; tokens of other clusters are refused.",
  }),
  logLevel: option({
    env: "LOG_LEVEL",
    default: "info" as const,
    parse: oneOf("fatal", "error", "warn", "info", "debug", "trace", "silent"),
    doc: "Log level of the JSON logs.",
  }),
  sqliteSynchronous: option({
    env: "SWITCHBOARD_SQLITE_SYNCHRONOUS",
    default: "normal" as const,
    parse: oneOf("normal", "full"),
    doc: "`normal`: acknowledged events survive a process crash; `full`: they also survive a power loss (an fsync per group commit).",
  }),
  accessTokenTtl: option({
    env: "SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS",
    default: 86_400,
    parse: integer(600, 30 * 86_400),
    unit: "s",
    doc: "Lifetime of access tokens (`expires_in`). Never below 600.",
  }),
  idleTimeout: option({
    env: "SWITCHBOARD_IDLE_TIMEOUT_SECONDS",
    default: 600,
    parse: integer(1, 86_400),
    unit: "s",
    doc: "A WebSocket with no client message for this long is closed (1001); stops dead connections from holding sockets.",
  }),
  sessionTimeout: option({
    env: "SWITCHBOARD_SESSION_TIMEOUT_SECONDS",
    default: 600,
    parse: integer(1, 7 * 86_400),
    unit: "s",
    doc: "A session with no client activity for this long ends with REASON_USER_ABANDONED; heartbeats keep a connection open but are not activity.",
  }),
  sessionRetention: option({
    env: "SWITCHBOARD_SESSION_RETENTION_HOURS",
    default: 168,
    parse: integer(0, 24 * 3650),
    unit: "h",
    doc: "How long an ended session stays replayable before it is erased and `/ws` answers 404.",
  }),
  wsMessagesPerSecond: option({
    env: "SWITCHBOARD_WS_MESSAGES_PER_SECOND",
    default: 10,
    parse: integer(1, 10_000),
    doc: "Sustained client messages per second per session; stops one client from flooding a session.",
  }),
  wsMessageBurst: option({
    env: "SWITCHBOARD_WS_MESSAGE_BURST",
    default: 30,
    parse: integer(1, 100_000),
    doc: "Client messages a session may send at once before the per-second rate applies.",
  }),
  httpRequestsPerMinute: option({
    env: "SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE",
    default: 600,
    parse: integer(1, 1_000_000),
    doc: "Token and session requests per minute per connector, and WebSocket connects per minute per session; stops credential stuffing and connect storms.",
  }),
  streamWordsPerChunk: option({
    env: "SWITCHBOARD_STREAM_WORDS_PER_CHUNK",
    default: 3,
    parse: integer(1, 1000),
    doc: "Words per streamed chunk of a rules-agent reply.",
  }),
  streamChunkDelay: option({
    env: "SWITCHBOARD_STREAM_CHUNK_DELAY_MS",
    default: 60,
    parse: integer(0, 10_000),
    unit: "ms",
    doc: "Pause between streamed chunks, so replies visibly stream.",
  }),
  thinkingInterval: option({
    env: "SWITCHBOARD_THINKING_INTERVAL_MS",
    default: 8000,
    parse: integer(100, 60_000),
    unit: "ms",
    doc: "While an agent is still working, POLY_AGENT_THINKING is repeated this often.",
  }),
  agentCache: option({
    env: "SWITCHBOARD_AGENT_CACHE_MS",
    default: 5000,
    parse: integer(0, 600_000),
    unit: "ms",
    doc: "How long a conversation reuses its agent and connector before reading them again; edits reach running conversations within this time.",
  }),
  deskGrace: option({
    env: "SWITCHBOARD_DESK_GRACE_SECONDS",
    default: 60,
    parse: integer(0, 3600),
    unit: "s",
    doc: "A desk user whose last desk connection drops keeps their chats this long before they go back to the front of the queue.",
  }),
  shutdownTimeout: option({
    env: "SWITCHBOARD_SHUTDOWN_TIMEOUT_MS",
    default: 10_000,
    parse: integer(0, 600_000),
    unit: "ms",
    doc: "How long a graceful shutdown waits for in-flight work before exiting.",
  }),
  seedFile: option({
    env: "SWITCHBOARD_SEED_FILE",
    default: "",
    parse: text,
    doc: "A provisioning file (YAML or JSON, as for `switchboard apply`) applied at start.",
  }),
  demo: option({
    env: "SWITCHBOARD_DEMO",
    default: true,
    parse: boolean,
    doc: "Create a demo agent and a demo connector for host `localhost` when the store has no connector.",
  }),
  openaiApiKey: option({
    env: "OPENAI_API_KEY",
    default: "",
    parse: text,
    doc: "When set, the demo agent is an LLM agent (knowledge: these docs) on an OpenAI-compatible API; the key itself is read by the agent from this variable and never printed.",
  }),
  openaiBaseUrl: option({
    env: "OPENAI_BASE_URL",
    default: "https://api.openai.com/v1",
    parse: nonEmpty,
    doc: "Chat Completions base URL of the demo LLM agent (any OpenAI-compatible server).",
  }),
  demoModel: option({
    env: "SWITCHBOARD_DEMO_MODEL",
    default: "gpt-4o-mini",
    parse: nonEmpty,
    doc: "Model of the demo LLM agent.",
  }),
  publicUrl: option({
    env: "SWITCHBOARD_PUBLIC_URL",
    default: "",
    parse: text,
    doc: "Base URL clients use to reach this server (printed at start); defaults to http://localhost:PORT.",
  }),
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMA;
export type Config = {
  readonly [K in ConfigKey]: (typeof CONFIG_SCHEMA)[K] extends Option<infer T> ? T : never;
};
