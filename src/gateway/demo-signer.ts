// DEMO ONLY: POST /demo/context-token signs a made-up visitor's facts for the demo page's widget.
import type { FastifyInstance } from "fastify";
import { isPlainObject } from "../protocol/index.js";

/** The signer the app wires when the demo connector exists. */
export type DemoSigner = (contextId: string) => Promise<string>;

/**
 * Answers `{"context_id"}` with `{"token"}`. It stands for the company's backend, which would
 * sign only for a visitor it knows; marked as a demo everywhere it appears, never for production.
 */
export function registerDemoSigner(app: FastifyInstance, sign: DemoSigner): void {
  app.post("/demo/context-token", { bodyLimit: 1024 }, async (request, reply) => {
    const body = request.body;
    const contextId = isPlainObject(body) ? body.context_id : undefined;
    if (typeof contextId !== "string" || !/^[0-9a-f-]{36}$/.test(contextId))
      return reply
        .status(400)
        .send({ message: "context_id required", code: "request_parse_error" });
    return reply
      .header("Cache-Control", "no-store")
      .send({ token: await sign(contextId), demo: true });
  });
}
