// The one HTTP server: public API, WebSocket upgrades, health and metrics, plus routes added by the app.
import Fastify, { type FastifyInstance, type FastifyReply, LogController } from "fastify";
import type { Registry } from "prom-client";
import { loggerOptions } from "../observability/index.js";
import { httpErrorBody, protocolError } from "../protocol/index.js";
import {
  answerClientError,
  answerFrameworkError,
  registerFallbackErrors,
} from "./client-errors.js";
import type { GatewayDeps } from "./deps.js";
import { rejectUpgrade } from "./handshake-rejection.js";
import { answerScrape } from "./metrics-endpoint.js";
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
  /**
   * From now on every HTTP request (health and readiness included) and every upgrade is
   * answered 503 `shutting_down`, so load balancers take the server out at once.
   */
  beginShutdown(): void;
}

/** Builds the server (not yet listening). */
export async function createGateway(deps: GatewayDeps, options: GatewayOptions): Promise<Gateway> {
  let shuttingDown = false;
  const app = Fastify({
    logger: loggerOptions(deps.config.logLevel),
    bodyLimit: 256 * 1024,
    // Per-request lines only when debugging: at info level the logs stay about the server.
    logController: new LogController({
      disableRequestLogging: deps.config.logLevel !== "debug" && deps.config.logLevel !== "trace",
    }),
    // Our own hook answers during shutdown, with the documented body.
    return503OnClosing: false,
    clientErrorHandler: answerClientError,
    frameworkErrors: answerFrameworkError,
    // Ids given to the admin API may be 128 characters; room for their percent-encoding.
    routerOptions: { maxParamLength: 512 },
  });
  registerFallbackErrors(app);
  // Root hooks first, so every scope registered below inherits them.
  app.addHook("onRequest", async (_request, reply) => {
    if (shuttingDown) return shuttingDownReply(reply);
  });
  app.addHook("onSend", async (_request, reply) => {
    reply.header("X-Content-Type-Options", "nosniff");
  });
  await app.register((scope) => registerPublicApi(scope, deps), { prefix: "/api/v1" });
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
    if (shuttingDown) return rejectUpgrade(socket, "shutting_down");
    const url = new URL(request.url ?? "/", "http://localhost");
    const handler = upgrades[url.pathname];
    if (!handler) return rejectUpgrade(socket, "not_found");
    handler(request, socket, head, url).catch((error: unknown) => {
      app.log.error({ err: error }, "upgrade failed");
      rejectUpgrade(socket, "internal_error");
    });
  });
  const beginShutdown = () => {
    shuttingDown = true;
  };
  return { app, sockets, beginShutdown };
}

function shuttingDownReply(reply: FastifyReply): FastifyReply {
  return reply
    .status(503)
    .header("Connection", "close")
    .send(httpErrorBody(protocolError("shutting_down")));
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
  // With a separate metrics address, the main port does not serve them at all.
  if (deps.config.metricsAddress !== "") return;
  app.get("/metrics", async (request, reply) => {
    const answer = await answerScrape(
      { registry: metrics, token: deps.config.metricsToken },
      request.headers.authorization,
    );
    reply.status(answer.status).header("Content-Type", answer.contentType);
    if (answer.headers) reply.headers(answer.headers);
    return answer.body;
  });
}
