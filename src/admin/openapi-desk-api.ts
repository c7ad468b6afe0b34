// The OpenAPI paths of the desk API (/desk/v1) that the console's sign-in, status and colleagues use (docs/desk.md has every route).
import { type Json, json, ok, ref, time } from "./openapi-parts.js";

/** Desk callers prove who they are with a desk token, or with the console's session cookie. */
const desk = [{ deskToken: [] }, { deskSession: [], csrfHeader: [] }];
const err = (description: string): Json => ok(description, ref("Error"));
const statusEnum = { type: "string", enum: ["online", "away", "offline"] };

/** Component schemas of the desk API routes documented here. */
export const deskApiSchemas = {
  DeskSignedIn: {
    type: "object",
    properties: {
      desk_user: ref("DeskUserPublic"),
      csrf_token: {
        type: "string",
        description: "Send it as `X-CSRF-Token` on every POST/PUT/DELETE made with the cookie.",
      },
      expires_at: time,
    },
  },
  DeskUserPublic: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      avatar_url: { type: ["string", "null"] },
      queues: { type: "array", items: { type: "string" } },
      max_concurrent: { type: "integer" },
    },
  },
  DeskColleague: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      avatar_url: { type: ["string", "null"] },
      queues: { type: "array", items: { type: "string" } },
      status: { ...statusEnum, description: "offline when they have no desk connection" },
    },
  },
  VisitorSession: {
    type: "object",
    properties: {
      session_id: { type: "string" },
      state: { type: "string", enum: ["active", "ended"] },
      created_at: time,
      ended_at: { type: ["string", "null"], format: "date-time" },
      last_message: {
        type: ["object", "null"],
        properties: {
          from: { type: "string", enum: ["user", "agent"] },
          text: { type: "string", maxLength: 140 },
        },
      },
    },
  },
  DeskVisitor: {
    type: "object",
    properties: {
      fields: {
        type: "array",
        description: "The fields the agent's definition lists in context.desk_fields",
        items: {
          type: "object",
          properties: {
            name: { type: "string" },
            value: {},
            verified: { type: "boolean", description: "signed context, not a client's attribute" },
          },
        },
      },
      page_url: { type: ["string", "null"], description: "origin and path only" },
      referrer: { type: ["string", "null"], description: "origin and path only" },
      earlier: {
        type: "array",
        description:
          "The same browser's other conversations (by visitor id), newest first, at most 5",
        items: ref("VisitorSession"),
      },
      offline_form: {
        type: ["object", "null"],
        description:
          "What the visitor left in this conversation's offline form (told, not verified); null when none",
        properties: {
          email: { type: "string" },
          name: { type: ["string", "null"] },
          created_at: { type: "string", format: "date-time" },
        },
      },
    },
  },
  DeskNote: {
    type: "object",
    properties: {
      id: { type: "string" },
      author: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
      text: { type: "string" },
      transfer_to: { type: ["string", "null"], description: "desk user id, or queue:<name>" },
      created_at: time,
    },
  },
  DeskInboxEntry: {
    type: "object",
    properties: {
      session: {
        type: "object",
        description:
          "id, state, agent_status, language, platform, user_agent, device_type, created_at, ended_at",
      },
      queue: { type: "string", description: "The queue of its latest handoff" },
      agent: {
        type: ["object", "null"],
        properties: { id: { type: "string" }, name: { type: "string" } },
        description: "Who last held it; null when nobody accepted it",
      },
      rating: { oneOf: [ref("Rating"), { type: "null" }] },
      match: {
        type: ["object", "null"],
        properties: { sequence: { type: "integer" }, text: { type: "string" } },
        description: "With q: the first message holding one of the words",
      },
    },
  },
  SavedReply: {
    type: "object",
    properties: {
      id: { type: "string" },
      queue: { type: ["string", "null"] },
      desk_user: { type: ["string", "null"] },
      shortcut: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]{0,39}$" },
      text: {
        type: "string",
        maxLength: 5000,
        description: "May hold {{visitor.name}}, {{agent.name}}",
      },
      created_at: time,
      updated_at: time,
    },
  },
  SavedReplyInput: {
    type: "object",
    required: ["shortcut", "text"],
    description: "Exactly one of queue (the team's) and desk_user (theirs)",
    properties: {
      id: { type: "string" },
      queue: { type: "string" },
      desk_user: { type: "string" },
      shortcut: { type: "string" },
      text: { type: "string" },
    },
    additionalProperties: false,
  },
  DeskLogin: {
    type: "object",
    properties: {
      desk_user_id: { type: "string" },
      email: { type: "string" },
      password_set: { type: "boolean" },
      updated_at: time,
    },
  },
};

/** Security schemes of the desk API. */
export const deskSecuritySchemes = {
  deskToken: { type: "http", scheme: "bearer", description: "A desk user's token (/desk/v1)" },
  deskSession: {
    type: "apiKey",
    in: "cookie",
    name: "switchboard_desk",
    description: "HTTP-only, SameSite=Strict cookie set by POST /desk/v1/auth/sign-in",
  },
  csrfHeader: {
    type: "apiKey",
    in: "header",
    name: "X-CSRF-Token",
    description: "The sign-in's csrf_token; required with the cookie on mutating requests",
  },
};

/** Paths of the desk API's account routes, and the admin route that sets a desk user's sign-in. */
const q = (name: string, description: string): Json => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type: "string" },
});

export const deskApiPaths = {
  "/desk/v1/inbox": {
    get: {
      summary:
        "Closed conversations of my queues (or that I held), newest end first, searched and filtered",
      security: desk,
      parameters: [
        q(
          "q",
          "Words from the messages (at most 200 characters, 8 words); each must occur in the conversation, matched as a word or its start, case-insensitively",
        ),
        q("queue", "Handed to this queue at some point"),
        q("agent", "Held by this desk user id at some point"),
        q("ended_after", "ISO 8601 date or time, or epoch ms (inclusive)"),
        q("ended_before", "ISO 8601 date or time, or epoch ms (exclusive)"),
        q("rating", "1-5, up, down or none (not rated)"),
        q("limit", "1-100, default 25"),
        q("cursor", "next_cursor of the previous page"),
      ],
      responses: {
        "200": ok("A page", {
          type: "object",
          properties: {
            conversations: { type: "array", items: ref("DeskInboxEntry") },
            next_cursor: { type: ["string", "null"] },
          },
        }),
        "400": err("desk_invalid_request (with what is wrong)"),
      },
    },
  },
  "/desk/v1/inbox/{session_id}": {
    get: {
      summary: "One closed conversation to read: every event, the internal notes and the rating",
      security: desk,
      parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": ok("The conversation", {
          allOf: [
            ref("DeskInboxEntry"),
            {
              type: "object",
              properties: {
                events: { type: "array", items: { type: "object" } },
                notes: { type: "array", items: ref("DeskNote") },
              },
            },
          ],
        }),
        "404": err("desk_session_not_found (not closed, not in my queues, or erased)"),
      },
    },
  },
  "/admin/v1/desk-users/{id}/login": {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
    get: {
      summary: "Read a desk user's console sign-in (never the hash)",
      responses: {
        "200": ok("The sign-in", ref("DeskLogin")),
        "404": err("No such user or sign-in"),
      },
    },
    put: {
      summary:
        "Set the email and/or (re)set the password; a new password signs them out everywhere",
      requestBody: json({
        type: "object",
        properties: {
          email: {
            type: "string",
            description: "Required the first time; unique, case-insensitive",
          },
          password: { type: "string", minLength: 10, description: "At most 256 UTF-8 bytes" },
        },
        additionalProperties: false,
      }),
      responses: {
        "200": ok("Set", ref("DeskLogin")),
        "400": err("Invalid email or password"),
        "404": err("No such desk user"),
        "409": err("Another desk user has that email"),
      },
    },
  },
  "/admin/v1/saved-replies": {
    get: {
      summary: "List every saved reply",
      responses: {
        "200": ok("Saved replies", {
          type: "object",
          properties: { saved_replies: { type: "array", items: ref("SavedReply") } },
        }),
      },
    },
    post: {
      summary: "Create a saved reply for a queue or a desk user",
      requestBody: json(ref("SavedReplyInput")),
      responses: {
        "201": ok("Created", ref("SavedReply")),
        "400": err("Invalid"),
        "409": err("Id taken, or the owner already has this shortcut"),
      },
    },
  },
  "/admin/v1/saved-replies/{id}": {
    parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
    get: { summary: "Read a saved reply", responses: { "200": ok("It", ref("SavedReply")) } },
    put: {
      summary: "Replace a saved reply",
      requestBody: json(ref("SavedReplyInput")),
      responses: { "200": ok("Replaced", ref("SavedReply")), "404": err("No such reply") },
    },
    delete: { summary: "Delete a saved reply", responses: { "204": ok("Deleted") } },
  },
  "/desk/v1/saved-replies": {
    get: {
      summary: "Saved replies of my queues and my own, by shortcut",
      security: desk,
      responses: {
        "200": ok("Saved replies", {
          type: "object",
          properties: { saved_replies: { type: "array", items: ref("SavedReply") } },
        }),
      },
    },
    post: {
      summary: "Add a saved reply of my own",
      security: desk,
      requestBody: json({
        type: "object",
        required: ["shortcut", "text"],
        properties: { shortcut: { type: "string" }, text: { type: "string" } },
      }),
      responses: {
        "201": ok("Created", ref("SavedReply")),
        "400": err("Invalid or taken shortcut"),
      },
    },
  },
  "/desk/v1/saved-replies/{id}": {
    delete: {
      summary: "Delete a saved reply of my own (a team reply is 404)",
      security: desk,
      parameters: [{ name: "id", in: "path", required: true, schema: { type: "string" } }],
      responses: { "204": ok("Deleted"), "404": err("Not mine, or none") },
    },
  },
  "/desk/v1/sessions/{session_id}/visitor": {
    get: {
      summary:
        "What is known of the visitor: desk fields, page and referrer, earlier conversations, offline form",
      security: desk,
      parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
      responses: {
        "200": ok("The visitor", ref("DeskVisitor")),
        "404": err("desk_session_not_found"),
      },
    },
  },
  "/desk/v1/sessions/{session_id}/earlier/{earlier_id}": {
    get: {
      summary: "One of the visitor's earlier conversations, read-only (session summary and events)",
      security: desk,
      parameters: [
        { name: "session_id", in: "path", required: true, schema: { type: "string" } },
        { name: "earlier_id", in: "path", required: true, schema: { type: "string" } },
      ],
      responses: {
        "200": ok("Its transcript", { type: "object" }),
        "404": err(
          "desk_session_not_found: not a conversation of this visitor, or not mine to read",
        ),
      },
    },
  },
  "/desk/v1/sessions/{session_id}/notes": {
    post: {
      summary: "Add an internal note (desk only; never sent to the visitor)",
      security: desk,
      parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: json({
        type: "object",
        required: ["text"],
        properties: { text: { type: "string", maxLength: 5000 } },
      }),
      responses: {
        "201": ok("The note", ref("DeskNote")),
        "404": err("desk_session_not_found"),
      },
    },
  },
  "/desk/v1/sessions/{session_id}/transfer": {
    post: {
      summary: "Transfer to a queue or to a named colleague, with an optional note",
      security: desk,
      parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
      requestBody: json({
        type: "object",
        description: "Exactly one of queue and desk_user",
        properties: {
          queue: { type: "string" },
          desk_user: { type: "string" },
          note: { type: "string", maxLength: 5000 },
        },
      }),
      responses: {
        "204": ok("Transferred"),
        "404": err("desk_session_not_found or desk_queue_not_found"),
        "409": err("desk_transfer_unavailable or desk_colleague_unavailable (the chat stays)"),
      },
    },
  },
  "/desk/v1/auth/sign-in": {
    post: {
      summary: "Sign in with email and password; sets the session cookie",
      security: [],
      requestBody: json({
        type: "object",
        required: ["email", "password"],
        properties: { email: { type: "string" }, password: { type: "string" } },
      }),
      responses: {
        "200": ok("Signed in; `Set-Cookie: switchboard_desk=…`", ref("DeskSignedIn")),
        "401": err("desk_sign_in_failed (one answer for unknown email and wrong password)"),
        "403": err("desk_csrf_rejected: the Origin is not this server"),
        "429": err("rate_limited: too many attempts from this client or for this account"),
      },
    },
  },
  "/desk/v1/auth/sign-out": {
    post: {
      summary: "End this browser's session",
      security: desk,
      responses: { "204": ok("Signed out; the cookie is cleared") },
    },
  },
  "/desk/v1/auth/sign-out-everywhere": {
    post: {
      summary: "End every web session of the desk user and close their desk sockets",
      security: desk,
      responses: { "204": ok("Signed out everywhere") },
    },
  },
  "/desk/v1/me/password": {
    put: {
      summary: "Change my own password (cookie session only); other browsers are signed out",
      security: desk,
      requestBody: json({
        type: "object",
        required: ["current_password", "new_password"],
        properties: { current_password: { type: "string" }, new_password: { type: "string" } },
      }),
      responses: {
        "200": ok("Changed; a new cookie and CSRF token for this browser", ref("DeskSignedIn")),
        "400": err("desk_password_rejected: wrong current password or unusable new one"),
      },
    },
  },
  "/desk/v1/me/status": {
    put: {
      summary: "Choose online, away (keeps chats, takes no new ones) or offline",
      security: desk,
      requestBody: json({
        type: "object",
        required: ["status"],
        properties: { status: statusEnum },
      }),
      responses: {
        "200": ok("What colleagues see now, and the choice", {
          type: "object",
          properties: { status: statusEnum, chosen: statusEnum },
        }),
        "400": err("desk_invalid_request"),
      },
    },
  },
  "/desk/v1/colleagues": {
    get: {
      summary: "Every desk user with their status, by name",
      security: desk,
      responses: {
        "200": ok("Colleagues", {
          type: "object",
          properties: { colleagues: { type: "array", items: ref("DeskColleague") } },
        }),
      },
    },
  },
};
