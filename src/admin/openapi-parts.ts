// Building blocks of the admin API's OpenAPI document: references, bodies, common replies.

/** A JSON value of the OpenAPI document. */
export type Json = Record<string, unknown>;

/** A `$ref` to a component schema. */
export const ref = (name: string): Json => ({ $ref: `#/components/schemas/${name}` });

/** A JSON request or response body with `schema`. */
export const json = (schema: Json): Json => ({ content: { "application/json": { schema } } });

/** A response: its description and, when given, its JSON schema. */
export const ok = (description: string, schema?: Json): Json =>
  schema ? { description, ...json(schema) } : { description };

/** The `{id}` path parameter. */
export const idParam = { name: "id", in: "path", required: true, schema: { type: "string" } };

/** The error replies most routes share. */
export const errors = {
  "400": ok("Invalid request; `error.details` lists every problem", ref("Error")),
  "401": ok("Missing or invalid admin token", ref("Error")),
  "404": ok("Not found", ref("Error")),
};

/** An ISO 8601 time. */
export const time = { type: "string", format: "date-time" };

/** The body of every error reply. */
export const errorSchema = {
  type: "object",
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string" },
        message: { type: "string" },
        details: { type: "array", items: { type: "string" } },
      },
    },
  },
};

/** An optional string query parameter. */
export const query = (name: string, description: string): Json => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type: "string" },
});
