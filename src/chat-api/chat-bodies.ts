// Reads the Chat API's request bodies (create, respond, close) into checked values or failures.
import { isPlainObject, MAX_TEXT_BYTES } from "../protocol/index.js";

/** `channel` values the spec names. */
export const CHAT_CHANNELS = ["webchat", "whatsapp", "sms", "api"] as const;
export type ChatChannel = (typeof CHAT_CHANNELS)[number];

/** `integration_attributes` re-serialised, in bytes: the same bound as verified context. */
export const MAX_ATTRIBUTES_BYTES = 8_192;
/** Longest `conversation_id`, `variant_id` or language code worth looking at. */
const MAX_ID_CHARS = 128;

export type Read<T> = { ok: true; value: T } | { ok: false; problem: string };

export interface CreateBody {
  attributes: Readonly<Record<string, string | number | boolean | null>> | null;
  variantId: string | null;
  channel: ChatChannel;
  asrLangCode: string | null;
  ttsLangCode: string | null;
}

/** The optional body of `chat/create`. */
export function readCreateBody(body: unknown): Read<CreateBody> {
  const raw = body === undefined ? {} : body;
  if (!isPlainObject(raw)) return problem("body must be a JSON object");
  const known = [
    "integration_attributes",
    "variant_id",
    "channel",
    "asr_lang_code",
    "tts_lang_code",
  ];
  const unknown = Object.keys(raw).find((key) => !known.includes(key));
  if (unknown !== undefined) return problem(`unknown field ${unknown}`);
  const attributes = readAttributes(raw.integration_attributes);
  if (!attributes.ok) return attributes;
  const channel = raw.channel ?? "api";
  if (!CHAT_CHANNELS.includes(channel as ChatChannel))
    return problem(`channel must be one of ${CHAT_CHANNELS.join(", ")}`);
  const fields: Record<string, string | null> = {};
  for (const key of ["variant_id", "asr_lang_code", "tts_lang_code"]) {
    const value = raw[key];
    if (value !== undefined && value !== null && !isShortText(value))
      return problem(`${key} must be a string of 1 to ${MAX_ID_CHARS} characters`);
    fields[key] = (value as string | null | undefined) ?? null;
  }
  return {
    ok: true,
    value: {
      attributes: attributes.value,
      variantId: fields.variant_id ?? null,
      channel: channel as ChatChannel,
      asrLangCode: fields.asr_lang_code ?? null,
      ttsLangCode: fields.tts_lang_code ?? null,
    },
  };
}

/** The body of `chat/respond`: the conversation and the (optional) message. */
export function readRespondBody(body: unknown): Read<{ conversationId: string; message?: string }> {
  const id = readConversationId(body);
  if (!id.ok) return id;
  const { message } = body as Record<string, unknown>;
  if (message === undefined || message === null)
    return { ok: true, value: { conversationId: id.value } };
  if (typeof message !== "string") return problem("message must be a string");
  if (Buffer.byteLength(message, "utf8") > MAX_TEXT_BYTES)
    return problem(`message is longer than ${MAX_TEXT_BYTES} bytes`);
  // An empty or blank message is an empty turn: the agent may continue.
  if (message.trim() === "") return { ok: true, value: { conversationId: id.value } };
  return { ok: true, value: { conversationId: id.value, message } };
}

/** `conversation_id` of a respond or close body. */
export function readConversationId(body: unknown): Read<string> {
  if (!isPlainObject(body)) return problem("body must be a JSON object with conversation_id");
  if (!isShortText(body.conversation_id))
    return problem("conversation_id must be a non-empty string");
  return { ok: true, value: body.conversation_id as string };
}

function readAttributes(value: unknown): Read<CreateBody["attributes"]> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (!isPlainObject(value)) return problem("integration_attributes must be an object");
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && typeof field === "object")
      return problem(`integration_attributes.${key} must be a string, number, boolean or null`);
  }
  if (Buffer.byteLength(JSON.stringify(value), "utf8") > MAX_ATTRIBUTES_BYTES)
    return problem(`integration_attributes is larger than ${MAX_ATTRIBUTES_BYTES} bytes`);
  return {
    ok: true,
    value: Object.freeze(Object.fromEntries(Object.entries(value))) as CreateBody["attributes"],
  };
}

function isShortText(value: unknown): boolean {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_ID_CHARS;
}

function problem<T>(text: string): Read<T> {
  return { ok: false, problem: text };
}
