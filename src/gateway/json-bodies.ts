// Request bodies of the desk and agent APIs: JSON objects, where an empty body is no body.
import type { FastifyError, FastifyInstance } from "fastify";
import { DEFAULT_MAX_JSON_DEPTH, isPlainObject, nestsDeeperThan } from "../protocol/index.js";

/**
 * Makes `scope` parse every body as a JSON object. An empty body (a POST with a JSON
 * Content-Type and nothing in it, as many HTTP clients send) is no body; anything else that is
 * not a JSON object, or nests deeper than `maxDepth` (it is walked and re-encoded later), fails
 * with a 400 whose message says why.
 */
export function acceptJsonBodies(scope: FastifyInstance, maxDepth = DEFAULT_MAX_JSON_DEPTH): void {
  scope.removeAllContentTypeParsers();
  scope.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") return done(null, undefined);
    const type = String(request.headers["content-type"] ?? "");
    if (!/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
      return done(badBody("Content-Type must be application/json"), undefined);
    }
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isPlainObject(parsed)) return done(badBody("body must be a JSON object"), undefined);
      if (nestsDeeperThan(parsed, maxDepth)) {
        return done(badBody(`body nests deeper than ${maxDepth} levels`), undefined);
      }
      return done(null, parsed);
    } catch {
      return done(badBody("body is not valid JSON"), undefined);
    }
  });
}

function badBody(message: string): FastifyError {
  return Object.assign(new Error(message), {
    statusCode: 400,
    code: "BAD_JSON_BODY",
    name: "BadJsonBody",
  });
}
