// OpenAPI pieces for conversation ratings: the visitor's endpoint and the admin list.
import { errors, json, ok, query, ref, time } from "./openapi-parts.js";

const question = {
  type: ["object", "null"],
  properties: {
    scale: { enum: ["five", "thumbs"] },
    comment: { type: "boolean" },
  },
};

export const ratingSchemas = {
  Rating: {
    type: "object",
    properties: {
      session_id: { type: "string" },
      connector_id: { type: "string" },
      scale: { enum: ["five", "thumbs"] },
      score: { enum: ["1", "2", "3", "4", "5", "up", "down"] },
      comment: { type: ["string", "null"], maxLength: 1000 },
      rated_at: time,
    },
  },
  RatingState: {
    type: "object",
    properties: {
      question,
      can_rate: {
        type: "boolean",
        description: "A question is set and the conversation has ended.",
      },
      rating: { oneOf: [ref("Rating"), { type: "null" }] },
    },
  },
};

export const ratingPaths = {
  "/api/v1/sessions/{session_id}/rating": {
    parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
    get: {
      summary: "The conversation's rating question, whether it can be answered, and the answer",
      security: [{ accessToken: [] }],
      responses: {
        "200": ok("The state", ref("RatingState")),
        "400": ok("missing_access_token"),
        "401": ok("invalid_access_token or missing_auth_headers"),
        "404": ok("rating_session_not_found"),
      },
    },
    post: {
      summary: "Rate the ended conversation (one rating per session: a later one replaces it)",
      security: [{ accessToken: [] }],
      requestBody: json({
        type: "object",
        required: ["score"],
        properties: {
          score: {
            oneOf: [{ type: "integer", minimum: 1, maximum: 5 }, { enum: ["up", "down"] }],
            description: "1–5 on the five scale, up or down on thumbs.",
          },
          comment: {
            type: ["string", "null"],
            maxLength: 1000,
            description: "Only when the question offers one.",
          },
        },
        additionalProperties: false,
      }),
      responses: {
        "201": ok("Stored; the new state", ref("RatingState")),
        "400": ok("missing_access_token, request_parse_error or rating_invalid"),
        "401": ok("invalid_access_token or missing_auth_headers"),
        "404": ok("rating_session_not_found (also once erased)"),
        "409": ok("rating_not_offered or rating_session_active"),
        "413": ok("payload_too_large (over 8 KiB)"),
      },
    },
  },
  "/admin/v1/ratings": {
    get: {
      summary: "Conversation ratings, newest first",
      parameters: [
        query("connector_id", "Only this connector's"),
        query("score", "1-5, up or down"),
        query("rated_after", "ISO 8601 or epoch ms"),
        query("rated_before", "ISO 8601 or epoch ms"),
        query("limit", "1-500, default 50"),
        query("cursor", "next_cursor of the previous page"),
      ],
      responses: {
        "200": ok("A page", {
          type: "object",
          properties: {
            ratings: { type: "array", items: ref("Rating") },
            next_cursor: { type: ["string", "null"] },
          },
        }),
        "400": errors["400"],
        "401": errors["401"],
      },
    },
  },
};
