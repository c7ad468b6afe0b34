// `/metrics`: on the main port or a separate address of its own, optionally behind a bearer token.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { Registry } from "prom-client";
import { constantTimeEqual } from "../auth/index.js";
import { httpErrorBody, protocolError } from "../protocol/index.js";

/** How `/metrics` is protected: a bearer token ("" for none). */
export interface MetricsAccess {
  registry: Registry;
  token: string;
}

/** One answer of the endpoint. */
export interface MetricsAnswer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
}

/** The answer to a scrape carrying `authorization` (401 without the token when one is set). */
export async function answerScrape(
  access: MetricsAccess,
  authorization: string | undefined,
): Promise<MetricsAnswer> {
  if (access.token !== "" && !bearerMatches(authorization, access.token)) {
    return {
      status: 401,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify(httpErrorBody(protocolError("metrics_unauthorized"))),
      headers: { "WWW-Authenticate": 'Bearer realm="metrics"' },
    };
  }
  return {
    status: 200,
    contentType: access.registry.contentType,
    body: await access.registry.metrics(),
  };
}

/**
 * Serves only `GET /metrics` on `address` (`host:port`), for deployments that keep metrics off
 * the public port; resolves once listening, with a function that closes it.
 */
export async function listenForScrapes(
  address: string,
  access: MetricsAccess,
): Promise<{ close(): Promise<void>; port: number }> {
  const server = createServer((request, response) => {
    void answer(request, access).then((result) => {
      response.writeHead(result.status, {
        "Content-Type": result.contentType,
        "X-Content-Type-Options": "nosniff",
        ...result.headers,
      });
      response.end(result.body);
    });
  });
  const { host, port } = splitAddress(address);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return { close: () => closeServer(server), port: portOf(server) };
}

async function answer(request: IncomingMessage, access: MetricsAccess): Promise<MetricsAnswer> {
  const path = (request.url ?? "/").split("?")[0];
  if (request.method !== "GET" || path !== "/metrics") {
    return {
      status: 404,
      contentType: "application/json; charset=utf-8",
      body: JSON.stringify(httpErrorBody(protocolError("not_found"))),
    };
  }
  return answerScrape(access, request.headers.authorization);
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] !== undefined && constantTimeEqual(match[1], token);
}

function splitAddress(address: string): { host: string; port: number } {
  const cut = address.lastIndexOf(":");
  return {
    host: address.slice(0, cut).replace(/^\[(.*)\]$/, "$1"),
    port: Number(address.slice(cut + 1)),
  };
}

function portOf(server: Server): number {
  const bound = server.address();
  return typeof bound === "object" && bound ? bound.port : 0;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
