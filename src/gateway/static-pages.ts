// Serves the built browser apps (console, widget, demo page) from dist/public.
import { existsSync } from "node:fs";
import { join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { httpErrorBody, protocolError } from "../protocol/index.js";

/** One built app: its URL prefix and the folder Vite wrote it to. */
export interface StaticApp {
  prefix: string;
  dir: string;
}

/** Registers each app folder under its prefix; an app that was not built answers a clear 503. */
export async function registerStaticApps(
  app: FastifyInstance,
  apps: readonly StaticApp[],
): Promise<void> {
  for (const { prefix, dir } of apps) {
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
