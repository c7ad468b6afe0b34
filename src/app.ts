// The composition root: reads config, picks adapters, wires the parts and starts the server.
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { registerAdminRoutes } from "./admin/index.js";
import { registerAgentApiRoutes } from "./agent-api/index.js";
import { createAgentFactory } from "./agents/index.js";
import { provision, resolveAdminToken } from "./app/provision.js";
import { shutDown } from "./app/shutdown.js";
import { AccessTokens, KeyRing } from "./auth/index.js";
import { InProcessBus } from "./bus/index.js";
import type { Config } from "./config/index.js";
import {
  type Bus,
  type Clock,
  type DeskAuthStore,
  type DeskNoteStore,
  type DeskStatusStore,
  type SavedReplyStore,
  SessionHub,
  type Store,
} from "./core/index.js";
import { DeskSocketGateway, DeskWebSessions, registerDeskRoutes } from "./desk/index.js";
import {
  createClientGuards,
  createGateway,
  demoTokenFromFile,
  listenForScrapes,
  pageSecurityHeaders,
  registerAllowListCors,
  registerDemoPage,
  registerStaticApps,
  rejectUpgrade,
} from "./gateway/index.js";
import { agentMetrics, Metrics, timedStore } from "./observability/index.js";
import { systemClock, tinyldDetector } from "./platform/index.js";
import { createSqliteStore } from "./store/index.js";

/** A started server. */
export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  store: Store;
  hub: SessionHub;
  /** Graceful shutdown: sockets closed with 1001, pending writes finished, store closed. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** Install SIGTERM/SIGINT handlers that shut down gracefully (default true). */
  signals?: boolean;
  /** Where start-up notes (generated tokens, URLs) are printed; default stdout. */
  print?: (line: string) => void;
  /** Time for the whole server; default the system clock (tests shift it). */
  clock?: Clock;
}

/** Built browser apps: dist/public, found from both src/app.ts (tests) and dist/src/app.js. */
const PUBLIC_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/src/") ? "../public/" : "../dist/public/",
    import.meta.url,
  ),
);

/** The SQLite file of a data dir. */
export function sqliteFile(config: Config): string {
  return join(config.dataDir, "switchboard.sqlite");
}

/** Every port the store adapter serves: the core's Store and the desk's own. */
export type ServerStore = Store & DeskAuthStore & DeskStatusStore & SavedReplyStore & DeskNoteStore;

/** Opens the configured store. */
export function openStore(config: Config): ServerStore {
  return createSqliteStore({ file: sqliteFile(config), synchronous: config.sqliteSynchronous });
}

/** Starts the whole server on the configured port. */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? systemClock;
  const rawStore = openStore(config);
  const bus: Bus = new InProcessBus();
  const metrics = new Metrics(rawStore);
  const store = timedStore(rawStore, metrics.storeSeconds);
  let warn = (fields: Record<string, unknown>, message: string) => console.warn(message, fields);
  const agents = createAgentFactory({
    clock,
    env: process.env,
    llmObserver: agentMetrics(metrics.registry),
    warn: (fields, message) => warn(fields, message),
  });
  const keys = new KeyRing(store, {
    now: clock.now,
    maxTokenLifetimeSeconds: config.accessTokenTtl,
  });
  await keys.ensureKey();
  const tokens = new AccessTokens(keys, {
    cluster: config.cluster,
    expiresInSeconds: config.accessTokenTtl,
    maxClockSkewSeconds: config.tokenClockSkew,
    now: clock.now,
  });
  const guards = createClientGuards(config, clock);
  const hub = new SessionHub({
    store,
    bus,
    clock,
    agents,
    languages: tinyldDetector,
    observer: metrics.observer,
    deskObserver: metrics.deskObserver,
    deskStatuses: store,
    deskNotes: store,
    onError: (error, context) => reportError(error, context),
    settings: {
      sessionTimeoutMs: config.sessionTimeout * 1000,
      retentionMs: config.sessionRetention * 3_600_000,
      messagesPerSecond: config.wsMessagesPerSecond,
      messageBurst: config.wsMessageBurst,
      frameLimits: { maxJsonDepth: config.jsonMaxDepth, maxMetadataBytes: config.metadataMaxBytes },
      maxQueuedBytes: config.wsMaxBufferedBytes,
      streamWordsPerChunk: config.streamWordsPerChunk,
      streamChunkDelayMs: config.streamChunkDelay,
      thinkingIntervalMs: config.thinkingInterval,
      deskGraceMs: config.deskGrace * 1000,
      agentCacheMs: config.agentCache,
    },
  });
  let reportError = (error: unknown, context: string) => console.error(context, error);
  const notes = await provision(config, store, agents, clock.now, print);
  const adminToken = resolveAdminToken(config, print);
  metrics.watchQueues(() => hub.desk.queueLengths());
  metrics.watchOutbound(() => guards.outbound);
  const cors = (scope: FastifyInstance) => registerAllowListCors(scope, config.corsOrigins);
  const deskDeps = {
    store,
    hub,
    clock,
    rejectUpgrade,
    maxJsonDepth: config.jsonMaxDepth,
    cors,
    webSessions: new DeskWebSessions(store, store, clock, config.publicUrl.startsWith("https:")),
    publicUrl: config.publicUrl,
    savedReplies: store,
    ...guards,
  };
  const demoToken = demoTokenFromFile(join(config.dataDir, "demo-connector-token"));
  const deskSockets = new DeskSocketGateway(deskDeps);
  const gateway = await createGateway(
    { config, store, bus, hub, tokens, clock, guards },
    {
      metrics: metrics.registry,
      upgrades: {
        "/desk/ws": (request, socket, head, url) =>
          deskSockets.handleUpgrade(request, socket, head, url),
      },
      routes: [
        (scope) =>
          registerDemoPage(scope, {
            pageFile: join(PUBLIC_DIR, "demo", "index.html"),
            // The token file outlives a deleted demo connector; only a live one is offered.
            demoConnectorToken: async () =>
              (await store.getConnector("demo")) ? demoToken() : null,
            frameAncestors: config.demoFrameAncestors,
          }),
        (scope) => registerDeskRoutes(scope, deskDeps),
        (scope) =>
          registerAgentApiRoutes(scope, {
            store,
            hub,
            clock,
            requestsPerSecond: config.agentApiRequestsPerSecond,
            burst: config.agentApiBurst,
            maxJsonDepth: config.jsonMaxDepth,
            authFailures: { limiter: guards.authFailures, clientOf: guards.clientOf },
          }),
        (scope) =>
          registerStaticApps(scope, [
            // Desk actions are one click away: the console is never framable (clickjacking).
            {
              prefix: "/console/",
              dir: join(PUBLIC_DIR, "console"),
              headers: pageSecurityHeaders("'none'"),
            },
            { prefix: "/widget/", dir: join(PUBLIC_DIR, "widget") },
          ]),
        (scope) =>
          registerAdminRoutes(scope, {
            store,
            agents,
            adminToken,
            keys,
            sessions: { erase: (id) => hub.erase(id) },
            deskUserChanged: (id, change) => hub.desk.deskUserChanged(id, change),
            deskAuth: store,
            savedReplies: store,
            now: clock.now,
            maxJsonDepth: config.jsonMaxDepth,
            authFailures: { limiter: guards.authFailures, clientOf: guards.clientOf },
            cors,
          }),
      ],
    },
  );
  const { app } = gateway;
  reportError = (error, context) => app.log.error({ err: error, context }, "session failure");
  const agentLog = app.log.child({ component: "agent" });
  warn = (fields, message) => agentLog.warn(fields, message);
  await hub.start();
  await app.listen({ port: config.port, host: config.host });
  const metricsServer =
    config.metricsAddress === ""
      ? undefined
      : await listenForScrapes(config.metricsAddress, {
          registry: metrics.registry,
          token: config.metricsToken,
        });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = config.publicUrl || `http://localhost:${port}`;
  for (const note of notes) print(note);
  print(`Switchboard is listening on ${url} (WebSocket ${url.replace(/^http/, "ws")}/ws)`);
  print(`  demo page ${url}/   live-agent console ${url}/console/   admin API docs ${url}/docs`);

  let closing: Promise<void> | undefined;
  const parts = { gateway, deskSockets, hub, bus, store, metrics: metricsServer };
  const close = () => {
    closing ??= shutDown(parts, config.shutdownTimeout, clock);
    return closing;
  };
  if (options.signals ?? true) installSignalHandlers(close, (line) => app.log.info(line));
  return { url, port, store, hub, close };
}

function installSignalHandlers(close: () => Promise<void>, log: (line: string) => void): void {
  const onSignal = (signal: NodeJS.Signals) => {
    log(`${signal} received, shutting down`);
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
}
