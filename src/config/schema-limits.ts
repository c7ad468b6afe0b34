// The limit settings: rates per session, connector and client, JSON bounds, buffered bytes.
import {
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_METADATA_BYTES,
  MAX_METADATA_BYTES_LIMIT,
} from "../protocol/index.js";
import { integer, option } from "./parsers.js";

const MIB = 1024 * 1024;

/** Every limit is named here with a safe default and the attack it stops. */
export const LIMIT_OPTIONS = {
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
    doc: "Token and session requests per minute per connector (the ceiling for all its visitors together), and WebSocket connects per minute per session; burst of ten seconds' worth. Stops connect storms and credential stuffing.",
  }),
  httpRequestsPerMinutePerClient: option({
    env: "SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT",
    default: 120,
    parse: integer(1, 1_000_000),
    doc: "Token and session requests per minute per client address (burst of ten seconds' worth), checked before the connector's ceiling; stops one client from using up a connector's limit and locking out its other visitors.",
  }),
  authFailuresPerMinute: option({
    env: "SWITCHBOARD_AUTH_FAILURES_PER_MINUTE",
    default: 30,
    parse: integer(1, 100_000),
    doc: "Failed credentials per minute per client address (unknown connector tokens, bad access tokens on `/ws`, bad desk or admin tokens), with a burst of as many; a client over it gets 429 before its credentials are checked. Stops token guessing.",
  }),
  agentApiRequestsPerSecond: option({
    env: "SWITCHBOARD_AGENT_API_REQUESTS_PER_SECOND",
    default: 20,
    parse: integer(1, 10_000),
    doc: "Sustained agent API requests per second per conversation (webhook bots pushing messages and chunks); stops a runaway bot from flooding a chat.",
  }),
  agentApiBurst: option({
    env: "SWITCHBOARD_AGENT_API_BURST",
    default: 60,
    parse: integer(1, 100_000),
    doc: "Agent API requests a conversation may take at once before the per-second rate applies (a streamed reply is one request per chunk).",
  }),
  jsonMaxDepth: option({
    env: "SWITCHBOARD_JSON_MAX_DEPTH",
    default: DEFAULT_MAX_JSON_DEPTH,
    parse: integer(4, 256),
    doc: "Deepest nesting accepted in a client event's metadata and payload and in admin, desk and provisioning JSON; stops a small frame nested thousands of levels deep from exhausting the stack when it is re-encoded.",
  }),
  metadataMaxBytes: option({
    env: "SWITCHBOARD_WS_METADATA_MAX_BYTES",
    default: DEFAULT_MAX_METADATA_BYTES,
    parse: integer(256, MAX_METADATA_BYTES_LIMIT),
    unit: "bytes",
    doc: "Largest `metadata` of a client event (UTF-8 bytes of its JSON); it is stored and echoed, so it stops clients from filling history and answers with it.",
  }),
  wsMaxBufferedBytes: option({
    env: "SWITCHBOARD_WS_MAX_BUFFERED_BYTES",
    default: 8 * MIB,
    // A replay sends its next batch below 128 KiB waiting, and a batch holding one large event
    // alone may be up to a whole frame (1 MiB): room for both, twice over.
    parse: integer(2 * MIB, 1024 * MIB),
    unit: "bytes",
    doc: "Outbound bytes one WebSocket may have waiting (sent but not yet read by the client, or live events queued behind its replay) before it is closed with 1013; stops one slow reader from holding memory. At least 2 MiB: a replay holds up to two batches while it waits for the client, and a batch holding one large event may be a whole 1 MiB frame.",
  }),
  wsTotalBufferedBytes: option({
    env: "SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES",
    default: 256 * MIB,
    parse: integer(256 * 1024, 64 * 1024 * MIB),
    unit: "bytes",
    doc: "Outbound bytes all WebSockets together may have waiting; over it, the connections holding the most are closed with 1013 until the total is back under. Stops many slow readers from exhausting memory.",
  }),
} as const;
