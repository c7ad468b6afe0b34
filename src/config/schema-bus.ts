// The fan-out settings: which bus carries a session's events between processes, and how often
// connections check the store for events it lost.
import { integer, option, type Parser } from "./parsers.js";

const BUS_SCHEMES = ["redis:", "rediss:", "postgres:", "postgresql:"];

/** Empty (in-process) or a `redis://`, `rediss://`, `postgres://` or `postgresql://` URL. */
const busUrl: Parser<string> = (raw) => {
  const value = raw.trim();
  if (value === "") return { ok: true, value };
  let scheme: string;
  try {
    scheme = new URL(value).protocol;
  } catch {
    return { ok: false, problem: "must be a redis:// or postgres:// URL, or empty" };
  }
  return BUS_SCHEMES.includes(scheme)
    ? { ok: true, value }
    : { ok: false, problem: "must be a redis:// or postgres:// URL, or empty" };
};

/** Letters, digits and `_ : . -`: safe in a Redis channel name and as a PostgreSQL channel. */
const channelName: Parser<string> = (raw) =>
  /^[A-Za-z0-9_:.-]{1,40}$/.test(raw)
    ? { ok: true, value: raw }
    : { ok: false, problem: "must be 1 to 40 letters, digits or _ : . -" };

/** Fan-out between the processes of one deployment. */
export const BUS_OPTIONS = {
  bus: option({
    env: "SWITCHBOARD_BUS",
    default: "",
    parse: busUrl,
    doc: "How a session's events reach the connections held by other processes. Empty: in this process only (one process per deployment). `redis://[user:password@]host:port[/db]` (or `rediss://`): Redis pub/sub, a channel per session. `postgres://…`: PostgreSQL `LISTEN/NOTIFY`, so a deployment on PostgreSQL needs nothing else. Every process of a deployment uses the same bus; while it is unreachable `/readyz` answers 503, connections carry on from the store and new ones are closed with 1013 (clients come back).",
  }),
  busPrefix: option({
    env: "SWITCHBOARD_BUS_PREFIX",
    default: "switchboard",
    parse: channelName,
    doc: "Namespace on the bus (Redis channels `<prefix>:s:<session id>`, the PostgreSQL channel `<prefix>`), so several deployments can share one Redis or database.",
  }),
  positionCheck: option({
    env: "SWITCHBOARD_POSITION_CHECK_MS",
    default: 5000,
    parse: integer(100, 60_000),
    unit: "ms",
    doc: "How often an idle connection compares the session's last stored sequence with what it sent, so an event the bus lost still arrives (within two periods); one store read per idle connection per period.",
  }),
} as const;
