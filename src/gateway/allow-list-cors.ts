// CORS for the admin and desk APIs: only listed origins, the same answer for preflights and requests.
import cors from "@fastify/cors";
import type { FastifyInstance } from "fastify";

/**
 * Registers CORS in `scope` for exactly `origins` (e.g. `https://ops.example.com`). Any other
 * origin gets no CORS headers at all, on the preflight as on the request, so browsers refuse
 * both; with no origins listed nothing is allowed cross-origin.
 */
export async function registerAllowListCors(
  scope: FastifyInstance,
  origins: readonly string[],
): Promise<void> {
  const allowed = new Set(origins);
  await scope.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
    allowedHeaders: ["Authorization", "Content-Type"],
    exposedHeaders: ["Retry-After"],
    maxAge: 600,
  });
}
