// Echo round trips per deployment shape, in one run: 1 process on SQLite, then 1 and 2 processes
// on PostgreSQL + Redis (clients spread over the processes), with the same load client.
import { randomBytes } from "node:crypto";
import type WebSocket from "ws";
import { mapBounded } from "./bounded.js";
import { targetOf } from "./echo-bench.js";
import { type LoadOptions, type LoadResult, runEchoLoad } from "./load-client.js";
import { type ServerChild, startServerChild } from "./server-children.js";
import { connectSession, createSessions, joinAgent } from "./switchboard-client.js";

export interface ClusterShape {
  name: string;
  processes: number;
  /** PostgreSQL store and Redis bus (else SQLite and the in-process bus). */
  shared: boolean;
}

export interface ClusterEchoOptions extends LoadOptions {
  connections: number;
  postgresUrl: string;
  redisUrl: string;
}

export interface ClusterEchoResult extends LoadResult {
  name: string;
  processes: number;
}

/** The three shapes the sizing table is built from, the SQLite process first (the baseline). */
export const CLUSTER_SHAPES: readonly ClusterShape[] = [
  { name: "1 process, SQLite", processes: 1, shared: false },
  { name: "1 process, PostgreSQL+Redis", processes: 1, shared: true },
  { name: "2 processes, PostgreSQL+Redis", processes: 2, shared: true },
];

/** Measures one shape: sessions created on the first process, sockets spread round robin. */
export async function benchClusterEcho(
  shape: ClusterShape,
  options: ClusterEchoOptions,
): Promise<ClusterEchoResult> {
  const schema = `bench_${randomBytes(6).toString("hex")}`;
  const env: Record<string, string> = {
    SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
    ...(shape.shared
      ? {
          SWITCHBOARD_STORE: `${options.postgresUrl}?schema=${schema}`,
          // Every process of a PostgreSQL deployment seals secrets with the same key.
          SWITCHBOARD_SECRETS_KEY: `bench-secrets-key-${schema}`,
          SWITCHBOARD_BUS: options.redisUrl,
          SWITCHBOARD_BUS_PREFIX: schema,
        }
      : {}),
  };
  const children: ServerChild[] = [];
  const sockets: WebSocket[] = [];
  try {
    // The first provisions the shared store; the others find it done.
    children.push(await startServerChild("switchboard", { env }));
    for (let i = 1; i < shape.processes; i++)
      children.push(await startServerChild("switchboard", { env }));
    const first = targetOf(children[0] as ServerChild);
    const sessions = await createSessions(first, options.connections, 20);
    await mapBounded(sessions.length, 10, async (index) => {
      const child = children[index % children.length] as ServerChild;
      const target = { ...first, url: child.url, wsUrl: child.wsUrl };
      const ws = await connectSession(target, sessions[index] as (typeof sessions)[number]);
      sockets.push(ws);
      await joinAgent(ws);
    });
    const result = await runEchoLoad(sockets, options);
    return { name: shape.name, processes: shape.processes, ...result };
  } finally {
    for (const ws of sockets) ws.terminate();
    for (const child of children) await child.stop();
    if (shape.shared) await dropSchema(options.postgresUrl, schema);
  }
}

async function dropSchema(url: string, schema: string): Promise<void> {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
