// The one configuration schema: key, environment name, default, parser and a doc sentence.
import {
  boolean,
  idList,
  integer,
  nonEmpty,
  type Option,
  oneOf,
  option,
  secret,
  storeLocation,
  text,
} from "./parsers.js";
import { BUS_OPTIONS } from "./schema-bus.js";
import { FILE_OPTIONS } from "./schema-files.js";
import { LIMIT_OPTIONS } from "./schema-limits.js";
import { SECURITY_OPTIONS } from "./schema-security.js";

/** Where the server listens and keeps its data, and how conversations behave. */
const SERVER_OPTIONS = {
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
    doc: "Folder for the SQLite file and copies of generated secrets. With PostgreSQL it is optional: used only when the folder exists.",
  }),
  store: option({
    env: "SWITCHBOARD_STORE",
    default: "",
    parse: storeLocation,
    doc: "Where conversations and records are kept: empty for the SQLite file in the data dir, or `postgres://user:password@host:5432/db` (add `?schema=name` for a schema other than `public`) for PostgreSQL, shared by every process of a deployment. Migrations are applied on start (or with `switchboard migrate`).",
  }),
  storePoolSize: option({
    env: "SWITCHBOARD_STORE_POOL_SIZE",
    default: 10,
    parse: integer(2, 200),
    doc: "Most PostgreSQL connections one process opens.",
  }),
  adminToken: option({
    env: "SWITCHBOARD_ADMIN_TOKEN",
    default: "",
    parse: secret(16, "the admin API"),
    doc: "Bearer token of the admin API. When unset, one is generated on first start, printed once and kept in `<data dir>/admin-token`.",
  }),
  chatAccounts: option({
    env: "SWITCHBOARD_CHAT_ACCOUNTS",
    default: Object.freeze(["default"]) as readonly string[],
    parse: idList,
    doc: "Comma-separated account ids the Chat API serves (`/v1/{account_id}/{project_id}/chat/…`); each account's API keys are managed under `/admin/v1/accounts/{account_id}/api-keys`.",
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
  visitorOfflineGrace: option({
    env: "SWITCHBOARD_VISITOR_OFFLINE_GRACE_SECONDS",
    default: 120,
    parse: integer(1, 86_400),
    unit: "s",
    doc: "A visitor waiting for a human whose last connection (on any process) closed this long ago leaves the queue: the conversation ends with REASON_USER_ABANDONED. Conversations that never had a connection (the Chat API) are not affected.",
  }),
  shutdownTimeout: option({
    env: "SWITCHBOARD_SHUTDOWN_TIMEOUT_MS",
    default: 10_000,
    parse: integer(0, 600_000),
    unit: "ms",
    doc: "How long a graceful shutdown waits for in-flight writes and for clients to answer the close frame (1001); connections still open then are cut off and the process exits.",
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

/** Every setting, in the order docs/config.md lists them. */
export const CONFIG_SCHEMA = {
  ...SERVER_OPTIONS,
  ...BUS_OPTIONS,
  ...FILE_OPTIONS,
  ...LIMIT_OPTIONS,
  ...SECURITY_OPTIONS,
} as const;

export type ConfigKey = keyof typeof CONFIG_SCHEMA;
export type Config = {
  readonly [K in ConfigKey]: (typeof CONFIG_SCHEMA)[K] extends Option<infer T> ? T : never;
};
