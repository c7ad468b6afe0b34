// The OpenAPI schemas and paths of live-agent queues and desk users (merged into ADMIN_OPENAPI).
import { errors, idParam, type Json, json, ok, ref, time } from "./openapi-parts.js";

const nameParam = { name: "name", in: "path", required: true, schema: { type: "string" } };
const conflict = (description: string): Json => ok(description, ref("Error"));

const openingHours = {
  type: ["object", "null"],
  description:
    "Weekly hours in the queue's time zone; null: always open. A day left out is closed.",
  required: ["timezone", "weekly"],
  properties: {
    timezone: { type: "string", examples: ["Europe/Paris"] },
    weekly: {
      type: "object",
      propertyNames: { enum: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] },
      additionalProperties: {
        type: "array",
        items: {
          type: "string",
          pattern: "^\\d{2}:\\d{2}-\\d{2}:\\d{2}$",
          examples: ["09:00-17:00"],
        },
      },
    },
  },
  additionalProperties: false,
};

const queueSettings = {
  max_wait_seconds: { type: "integer", minimum: 10, maximum: 86400, default: 600 },
  status_interval_seconds: { type: "integer", minimum: 5, maximum: 3600, default: 30 },
  opening_hours: openingHours,
};

const deskUserFields = {
  name: { type: "string", minLength: 1, maxLength: 100 },
  avatar_url: { type: ["string", "null"], format: "uri" },
  queues: { type: "array", items: { type: "string" }, description: "Names of existing queues" },
  max_concurrent: { type: "integer", minimum: 1, maximum: 50, default: 3 },
};

/** Component schemas of queues and desk users. */
export const deskSchemas = {
  QueueInput: {
    type: "object",
    description: "On PUT every field left out takes its default again; `name` may be omitted.",
    required: ["name"],
    properties: {
      name: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,63}$" },
      ...queueSettings,
    },
    additionalProperties: false,
  },
  Queue: {
    type: "object",
    properties: { name: { type: "string" }, ...queueSettings, created_at: time, updated_at: time },
  },
  DeskUserInput: {
    type: "object",
    description: "On create `name` and `queues` are required and `id` may choose the id.",
    properties: { id: { type: "string" }, ...deskUserFields },
    additionalProperties: false,
  },
  DeskUser: {
    type: "object",
    properties: { id: { type: "string" }, ...deskUserFields, created_at: time, updated_at: time },
  },
  DeskUserWithToken: {
    allOf: [
      ref("DeskUser"),
      {
        type: "object",
        properties: {
          token: { type: "string", description: "The desk token (sbd_…), shown only here." },
        },
      },
    ],
  },
};

/** Paths of queues and desk users. */
export const deskPaths = {
  "/admin/v1/queues": {
    get: {
      summary: "List live-agent queues",
      responses: {
        "200": ok("Queues", {
          type: "object",
          properties: { queues: { type: "array", items: ref("Queue") } },
        }),
        "401": errors["401"],
      },
    },
    post: {
      summary: "Create a queue",
      requestBody: json(ref("QueueInput")),
      responses: { "201": ok("Created", ref("Queue")), ...errors, "409": conflict("Name taken") },
    },
  },
  "/admin/v1/queues/{name}": {
    parameters: [nameParam],
    get: {
      summary: "Read a queue",
      responses: { "200": ok("The queue", ref("Queue")), ...errors },
    },
    put: {
      summary: "Replace a queue's settings",
      requestBody: json(ref("QueueInput")),
      responses: { "200": ok("Updated", ref("Queue")), ...errors },
    },
    delete: {
      summary: "Delete a queue",
      responses: {
        "204": ok("Deleted"),
        ...errors,
        "409": conflict("Desk users serve it (named) or conversations wait in it"),
      },
    },
  },
  "/admin/v1/desk-users": {
    get: {
      summary: "List desk users",
      responses: {
        "200": ok("Desk users", {
          type: "object",
          properties: { desk_users: { type: "array", items: ref("DeskUser") } },
        }),
        "401": errors["401"],
      },
    },
    post: {
      summary: "Create a desk user (a human agent)",
      requestBody: json(ref("DeskUserInput")),
      responses: {
        "201": ok("Created; the token is shown only here", ref("DeskUserWithToken")),
        ...errors,
        "409": conflict("Id taken"),
      },
    },
  },
  "/admin/v1/desk-users/{id}": {
    parameters: [idParam],
    get: {
      summary: "Read a desk user",
      responses: { "200": ok("The desk user", ref("DeskUser")), ...errors },
    },
    patch: {
      summary: "Change a desk user",
      requestBody: json(ref("DeskUserInput")),
      responses: { "200": ok("Updated", ref("DeskUser")), ...errors },
    },
    delete: {
      summary: "Delete a desk user",
      responses: {
        "204": ok("Deleted"),
        ...errors,
        "409": conflict("They still hold conversations"),
      },
    },
  },
  "/admin/v1/desk-users/{id}/rotate-token": {
    parameters: [idParam],
    post: {
      summary: "Replace the desk token",
      responses: { "200": ok("The new token, shown once", ref("DeskUserWithToken")), ...errors },
    },
  },
};
