// The composition root: reads config, picks adapters, wires the parts and starts the server.
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { registerAdminRoutes } from "./admin/index.js";
import { registerAgentApiRoutes } from "./agent-api/index.js";
import { createAgentFactory } from "./agents/index.js";
import { openCoordination } from "./app/coordination.js";
import { demoContextSigner } from "./app/demo-context.js";
import { openFiles } from "./app/open-blobs.js";
import { openStore, sqliteFile } from "./app/open-store.js";
import { provision, resolveAdminToken } from "./app/provision.js";
import { secretSetting } from "./app/shared-secrets.js";
import { shutDown } from "./app/shutdown.js";
import { visitorServices } from "./app/visitor-services.js";
import { AccessTokens, KeyRing } from "./auth/index.js";
import {
  BusDeskSignals,
  type BusObserver,
  InProcessBus,
  PostgresBus,
  RedisBus,
} from "./bus/index.js";
import { registerChatApiRoutes } from "./chat-api/index.js";
import type { Config } from "./config/index.js";
import { type Bus, type Clock, SessionHub, type Store } from "./core/index.js";
import { DeskSocketGateway, DeskWebSessions, registerDeskRoutes } from "./desk/index.js";
import { registerDownloadRoute } from "./files/index.js";
import {
  createClientGuards,
  createGateway,
  listenForScrapes,
  pageSecurityHeaders,
  registerAllowListCors,
  registerDemoPage,
  registerDemoSigner,
  registerStaticApps,
  rejectUpgrade,
} from "./gateway/index.js";
import { OfflineWebhookSender } from "./notify/index.js";
import {
  agentMetrics,
  busMetrics,
  contextMetrics,
  Metrics,
  offlineMetrics,
  timedStore,
  webhookMetrics,
} from "./observability/index.js";
import { systemClock, tinyldDetector } from "./platform/index.js";
import { DeskAccountRecords, type PostgresStore } from "./store/index.js";

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

export { migrateStore, openStore, sqliteFile } from "./app/open-store.js";

/** Built browser apps: dist/public, found from both src/app.ts (tests) and dist/src/app.js. */
const PUBLIC_DIR = fileURLToPath(
  new URL(
    import.meta.url.includes("/dist/src/") ? "../public/" : "../dist/public/",
    import.meta.url,
  ),
);

/** How long start-up waits for a networked bus before serving anyway (not ready until it is up). */
const BUS_START_WAIT_MS = 5000;

/** Opens the configured bus; a networked one is given a moment to connect. */
export async function openBus(config: Config, observer: BusObserver): Promise<Bus> {
  const { bus: url, busPrefix: prefix } = config;
  if (url === "") return new InProcessBus();
  const bus = /^rediss?:/.test(url)
    ? new RedisBus({ url, prefix, observer })
    : new PostgresBus({ url, channel: prefix, observer });
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, BUS_START_WAIT_MS);
  });
  await Promise.race([bus.ready(), waited]);
  clearTimeout(timer);
  return bus;
}

/** Starts the whole server on the configured port. */
export async function startServer(
  config: Config,
  options: StartOptions = {},
): Promise<RunningServer> {
  const print = options.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const clock = options.clock ?? systemClock;
  const rawStore = await openStore(config);
  // Verified context and the Chat API keep their tables beside the store's, on either store.
  const visitor = await visitorServices(config, rawStore, clock.now).catch(async (error) => {
    await rawStore.close();
    throw error;
  });
  const metrics = new Metrics(rawStore);
  const busEvents = busMetrics(metrics.registry);
  let busLog: (fields: Record<string, unknown>, message: string) => void = () => undefined;
  const bus = await openBus(config, {
    ...busEvents,
    failed: (kind, error) => {
      busEvents.failed(kind, error);
      // A publish failing during an outage would log once per event; the counter has them.
      if (kind !== "publish") busLog({ err: error, kind }, "bus failure");
    },
    reconnected: () => {
      busEvents.reconnected();
      busLog({}, "bus reconnected; connections check the store for missed events");
    },
  });
  const store = timedStore(rawStore, metrics.storeSeconds);
  // Desk sign-in, statuses, saved replies and notes, in the store's database (either store).
  const deskStore = new DeskAccountRecords(rawStore.sharedExecutor());
  let warn = (fields: Record<string, unknown>, message: string) => console.warn(message, fields);
  const agents = createAgentFactory({
    clock,
    env: process.env,
    llmObserver: agentMetrics(metrics.registry),
    webhookObserver: webhookMetrics(metrics.registry),
    warn: (fields, message) => warn(fields, message),
  });
  const keys = new KeyRing(store, {
    now: clock.now,
    maxTokenLifetimeSeconds: config.accessTokenTtl,
  });
  // First start, once per deployment: of processes starting together, one generates the first
  // signing key, the secrets and the demo records; the others wait for it and find them.
  const { notes, adminToken } = await store.withLock("provisioning", async () => {
    await keys.ensureKey();
    const provisioned = await provision(
      config,
      store,
      agents,
      clock.now,
      print,
      visitor.contextKeys,
      deskStore,
    );
    return {
      notes: provisioned,
      adminToken: await resolveAdminToken(config, store, clock.now(), print),
    };
  });
  const tokens = new AccessTokens(keys, {
    cluster: config.cluster,
    expiresInSeconds: config.accessTokenTtl,
    maxClockSkewSeconds: config.tokenClockSkew,
    now: clock.now,
  });
  const guards = createClientGuards(config, clock);
  let reportError = (error: unknown, context: string) => console.error(context, error);
  const coordination = await openCoordination({
    bus: config.bus,
    redisPrefix: `${config.busPrefix}:`,
    // The PostgreSQL store is loaded lazily (its class is not imported): told apart by its queries.
    ...("queries" in rawStore && { postgres: (rawStore as PostgresStore).queries() }),
    sqliteFile: sqliteFile(config),
    sqliteSynchronous: config.sqliteSynchronous,
    clock,
    registry: metrics.registry,
    onError: (error, context) => reportError(error, context),
  });
  const files = await openFiles(config, store, clock, (e, c) => reportError(e, c));
  const hub = new SessionHub({
    store,
    blobs: files.blobs,
    attachments: (sessionId, ids) => files.files.attachments(sessionId, ids),
    bus,
    clock,
    scheduler: coordination.scheduler,
    claims: coordination.claims,
    limits: coordination.limits,
    onLease: (change) => coordination.metrics.leaseChanged(change),
    agents,
    languages: tinyldDetector,
    observer: metrics.observer,
    deskObserver: metrics.deskObserver,
    contexts: visitor.contexts,
    agentVariant: async (id) => (await visitor.chatApi.getChatConversation(id))?.variantId ?? null,
    deskStatuses: deskStore,
    deskNotes: deskStore,
    presence: coordination.presence,
    visitorSessions: coordination.visitorSessions,
    // With a networked bus, other processes share the desk: presence, desk events, handoff changes.
    ...(config.bus !== "" && {
      deskSignals: new BusDeskSignals(bus, randomUUID(), (e) => reportError(e, "desk signal")),
    }),
    offlineWebhook: new OfflineWebhookSender(clock),
    offlineObserver: offlineMetrics(metrics.registry),
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
      positionCheckMs: config.positionCheck,
      visitorOfflineGraceMs: config.visitorOfflineGrace * 1000,
    },
  });
  const demoSigner = await demoContextSigner(
    config,
    visitor.contextKeys,
    async () => (await store.getConnector("demo")) !== undefined,
    () => Math.floor(clock.now() / 1000),
  );
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
    webSessions: new DeskWebSessions(
      store,
      deskStore,
      clock,
      config.publicUrl.startsWith("https:"),
    ),
    savedReplies: deskStore,
    publicUrl: config.publicUrl,
    files: files.files,
    ...guards,
  };
  const deskSockets = new DeskSocketGateway(deskDeps);
  const gateway = await createGateway(
    {
      config,
      store,
      bus,
      hub,
      tokens,
      clock,
      guards,
      limits: coordination.limits,
      files: files.files,
      context: {
        keys: visitor.contextKeys,
        skewSeconds: config.contextTokenClockSkew,
        observe: contextMetrics(metrics.registry),
      },
    },
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
              (await store.getConnector("demo"))
                ? ((await store.getSetting(secretSetting("demo-connector-token"))) ?? null)
                : null,
            frameAncestors: config.demoFrameAncestors,
          }),
        (scope) => {
          if (demoSigner) registerDemoSigner(scope, demoSigner);
        },
        (scope) => registerDeskRoutes(scope, deskDeps),
        (scope) => registerDownloadRoute(scope, files.files),
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
          registerChatApiRoutes(scope, {
            store,
            chat: visitor.chatApi,
            hub,
            clock,
            accounts: config.chatAccounts,
            perClientPerMinute: config.httpRequestsPerMinutePerClient,
            perConnectorPerMinute: config.httpRequestsPerMinute,
            maxJsonDepth: config.jsonMaxDepth,
            clientOf: guards.clientOf,
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
            contextKeys: visitor.contextKeys,
            chatApi: { store: visitor.chatApi, accounts: config.chatAccounts },
            sessions: { erase: (id) => hub.erase(id) },
            deskUserChanged: (id, change) => hub.desk.deskUserChanged(id, change),
            deskAuth: deskStore,
            savedReplies: deskStore,
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
  const busLogger = app.log.child({ component: "bus" });
  busLog = (fields, message) => busLogger.warn(fields, message);
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
  files.setBaseUrl(url);
  for (const note of notes) print(note);
  print(`Switchboard is listening on ${url} (WebSocket ${url.replace(/^http/, "ws")}/ws)`);
  print(`  demo page ${url}/   live-agent console ${url}/console/   admin API docs ${url}/docs`);

  let closing: Promise<void> | undefined;
  const parts = { gateway, deskSockets, hub, bus, store, coordination, metrics: metricsServer };
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
