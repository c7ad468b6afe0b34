// The OpenAPI of attached files: uploads by visitors and desk users, signed downloads, the connector's limits.
import { errors, idParam, type Json, json, ok, ref, time } from "./openapi-parts.js";

const desk = [{ deskToken: [] }, { deskSession: [], csrfHeader: [] }];
const sessionParam = {
  name: "session_id",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const nameParam = {
  name: "name",
  in: "query",
  required: true,
  description: "The file's name (1 to 200 characters; any folder part is dropped)",
  schema: { type: "string" },
};
const rawBody = {
  required: true,
  description: "The file's bytes; Content-Type says what they are (checked against them)",
  content: { "*/*": { schema: { type: "string", format: "binary" } } },
};
const refusals = {
  "400": ok("file_empty or file_name_invalid"),
  "403": ok("files_disabled (the connector's file limits are off)"),
  "404": ok("file_session_not_found (unknown, ended, or not yours)"),
  "413": ok("file_too_large (over the connector's max_bytes)"),
  "415": ok("file_type_not_allowed or file_content_mismatch"),
  "429": ok("rate_limited"),
  "503": ok("file_store_unavailable (the blob store or database failed; try again)"),
};

/** Schemas of files. */
export const fileSchemas: Record<string, Json> = {
  FileLimits: {
    type: "object",
    required: ["enabled", "max_bytes", "types"],
    properties: {
      enabled: { type: "boolean" },
      max_bytes: { type: "integer", minimum: 1, maximum: 52428800 },
      types: {
        type: "array",
        minItems: 1,
        maxItems: 50,
        items: { type: "string", description: "image/png, or a family: image/*" },
      },
    },
  },
  File: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      content_type: { type: "string" },
      size: { type: "integer" },
      uploaded_by: { enum: ["visitor", "desk"] },
      created_at: time,
      url: { type: "string", description: "Signed download link, valid until expires_at" },
      expires_at: time,
      attachment: {
        type: "object",
        description:
          "The protocol attachment (title, content_url, preview_image_url for images, content_type ATTACHMENT_CONTENT_TYPE_IMAGE or _URL, call_to_action_text)",
      },
    },
  },
};

const listed = ok("The session's files with fresh links, oldest first", {
  type: "object",
  properties: { files: { type: "array", items: ref("File") } },
});

/** Paths of files. */
export const filePaths: Record<string, Json> = {
  "/api/v1/sessions/{session_id}/files": {
    parameters: [sessionParam],
    post: {
      summary:
        "Attach a file (the visitor); send it with EVENT_TYPE_USER_MESSAGE attachments: [{file_id}]",
      security: [{ accessToken: [] }],
      parameters: [nameParam],
      requestBody: rawBody,
      responses: {
        "201": ok("Kept", ref("File")),
        ...refusals,
        "400": ok("file_empty, file_name_invalid or missing_access_token"),
        "401": ok("invalid_access_token"),
      },
    },
    get: {
      summary: "The session's files with fresh signed links (the visitor)",
      security: [{ accessToken: [] }],
      responses: { "200": listed, "404": ok("file_session_not_found") },
    },
  },
  "/desk/v1/sessions/{session_id}/files": {
    parameters: [sessionParam],
    post: {
      summary: "Attach a file to a conversation I hold; send its attachment with POST …/messages",
      security: desk,
      parameters: [nameParam],
      requestBody: rawBody,
      responses: { "201": ok("Kept", ref("File")), ...refusals },
    },
    get: {
      summary:
        "A conversation's files with fresh signed links (held by me or waiting in my queues)",
      security: desk,
      responses: { "200": listed, "404": ok("file_session_not_found") },
    },
  },
  "/files/{id}/{name}": {
    get: {
      summary:
        "Download from a signed link: the stored Content-Type, Content-Disposition (inline for images, attachment otherwise), nosniff",
      security: [],
      parameters: [
        idParam,
        { name: "name", in: "path", required: true, schema: { type: "string" } },
        { name: "exp", in: "query", required: true, schema: { type: "integer" } },
        { name: "sig", in: "query", required: true, schema: { type: "string" } },
      ],
      responses: {
        "200": { description: "The file's bytes" },
        "403": ok("file_url_bad_signature"),
        "404": ok("file_not_found (erased with its session)"),
        "410": ok("file_url_expired (ask the list route for a fresh link)"),
        "503": ok("file_store_unavailable"),
      },
    },
  },
  "/admin/v1/connectors/{id}/file-limits": {
    parameters: [idParam],
    get: {
      summary: "The connector's file limits",
      responses: { "200": ok("Limits", ref("FileLimits")), ...errors },
    },
    put: {
      summary: "Replace the connector's file limits",
      requestBody: json(ref("FileLimits")),
      responses: { "200": ok("Stored", ref("FileLimits")), ...errors },
    },
  },
};
