// The one HTTP server: public API, WebSocket upgrades, health and metrics, plus routes added by the app.
import Fastify, { type FastifyInstance, LogController } from "fastify";
import type { Registry } from "prom-client";
import { loggerOptions } from "../observability/index.js";
import { httpErrorBody, protocolError } from "../protocol/index.js";
import type { GatewayDeps } from "./deps.js";
import { rejectUpgrade } from "./handshake-rejection.js";
import { registerPublicApi } from "./public-api.js";
import { WebSocketGateway } from "./websocket.js";

export interface GatewayOptions {
  metrics: Registry;
  /** More routes (admin API, pages), each registered in its own plugin scope. */
  routes?: Array<(app: FastifyInstance) => Promise<void> | void>;
  /** Upgrade handlers for other paths (e.g. the desk socket). */
  upgrades?: Record<string, WebSocketGateway["handleUpgrade"]>;
}

export interface Gateway {
  app: FastifyInstance;
  sockets: WebSocketGateway;
}

/** Builds the server (not yet listening). */
export async function createGateway(deps: GatewayDeps, options: GatewayOptions): Promise<Gateway> {
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel),
    bodyLimit: 256 * 1024,
    // Per-request lines only when debugging: at info level the logs stay about the server.
    logController: new LogController({
      disableRequestLogging: deps.config.logLevel !== "debug" && deps.config.logLevel !== "trace",
    }),
    return503OnClosing: true,
  });
  await app.register((scope) => registerPublicApi(scope, deps));
  for (const register of options.routes ?? []) await app.register(async (scope) => register(scope));
  registerHealth(app, deps, options.metrics);
  app.setNotFoundHandler((_request, reply) =>
    reply.status(404).send(httpErrorBody(protocolError("not_found"))),
  );

  const sockets = new WebSocketGateway(deps, app.log);
  const upgrades: Record<string, WebSocketGateway["handleUpgrade"]> = {
    "/ws": (request, socket, head, url) => sockets.handleUpgrade(request, socket, head, url),
    ...options.upgrades,
  };
  app.server.on("upgrade", (request, socket, head) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const handler = upgrades[url.pathname];
    if (!handler) return rejectUpgrade(socket, "not_found");
    handler(request, socket, head, url).catch((error: unknown) => {
      app.log.error({ err: error }, "upgrade failed");
      rejectUpgrade(socket, "internal_error");
    });
  });
  return { app, sockets };
}

function registerHealth(app: FastifyInstance, deps: GatewayDeps, metrics: Registry): void {
  app.get("/healthz", async () => ({ status: "ok" }));
  app.get("/readyz", async (_request, reply) => {
    try {
      await Promise.all([deps.store.ping(), deps.bus.ping()]);
      return { status: "ready" };
    } catch {
      return reply
        .status(503)
        .send({ status: "unavailable", message: "store or bus unreachable", code: "not_ready" });
    }
  });
  app.get("/metrics", async (_request, reply) => {
    reply.header("Content-Type", metrics.contentType);
    return metrics.metrics();
  });
}
