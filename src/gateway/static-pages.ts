// Serves the built browser apps (console, widget, demo page) from dist/public.
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { httpErrorBody, protocolError } from "../protocol/index.js";

/** One built app: its URL prefix, the folder Vite wrote it to, and headers for every file. */
export interface StaticApp {
  prefix: string;
  dir: string;
  headers?: Readonly<Record<string, string>>;
}

/** Registers each app folder under its prefix; an app that was not built answers a clear 503. */
export async function registerStaticApps(
  app: FastifyInstance,
  apps: readonly StaticApp[],
): Promise<void> {
  for (const { prefix, dir, headers } of apps) {
    if (!existsSync(join(dir, "index.html")) && !existsSync(dir)) {
      app.get(`${prefix}*`, (_request, reply) =>
        reply.status(503).send({
          ...httpErrorBody(protocolError("internal_error")),
          message: `${prefix} is not built: run npm run build`,
        }),
      );
      continue;
    }
    await app.register(async (scope) => {
      if (headers) scope.addHook("onSend", async (_request, reply) => void reply.headers(headers));
      await scope.register(fastifyStatic, {
        root: dir,
        prefix,
        index: ["index.html"],
        wildcard: true,
        decorateReply: false,
      });
      if (prefix !== "/")
        scope.get(prefix.replace(/\/$/, ""), (_request, reply) => reply.redirect(prefix, 308));
    });
  }
}

/** 404 body used when a static file is missing. */
export const notFoundBody = httpErrorBody(protocolError("not_found"));
