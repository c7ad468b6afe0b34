// The built-in tools an LLM may call, each mapped to protocol parts (handoff, end, language, …).
import { Ajv } from "ajv";
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { AgentPart } from "../../core/ports.js";
import { isLanguageTag } from "../definition-checks.js";
import type { BuiltinToolName } from "./definition.js";

/** What a tool call did: parts for the session, the text the model reads back, and whether the turn ends. */
export interface ToolEffect {
  parts: AgentPart[];
  result: string;
  outcome: "ok" | "invalid_arguments" | "error" | "timeout";
  /** The conversation leaves the model's hands (handoff, end): no further round. */
  terminal: boolean;
  /** The model marked the question unanswerable. */
  unanswerable?: boolean;
}

const SCHEMAS: Record<
  BuiltinToolName,
  { description: string; parameters: Record<string, unknown> }
> = {
  handoff: {
    description:
      "Hand the conversation to a human agent. Call it when the user asks for a person, or when you cannot help and a person could.",
    parameters: {
      type: "object",
      properties: {
        reason: { type: "string", description: "Why, in a few words, for the human agent." },
      },
      additionalProperties: false,
    },
  },
  end_conversation: {
    description: "End the conversation after your reply, when the user says goodbye or is done.",
    parameters: { type: "object", properties: {}, additionalProperties: false },
  },
  set_language: {
    description:
      "Switch the conversation's language when the user asks for another language or keeps writing in one. Then answer in it.",
    parameters: {
      type: "object",
      properties: {
        language_code: { type: "string", description: "BCP-47 tag, e.g. fr or pt-BR." },
      },
      required: ["language_code"],
      additionalProperties: false,
    },
  },
  suggest_replies: {
    description: "Offer the user up to 5 short replies as buttons under your message.",
    parameters: {
      type: "object",
      properties: {
        replies: {
          type: "array",
          items: { type: "string", minLength: 1, maxLength: 80 },
          minItems: 1,
          maxItems: 5,
        },
      },
      required: ["replies"],
      additionalProperties: false,
    },
  },
  send_attachment: {
    description: "Attach a link or an image to your message.",
    parameters: {
      type: "object",
      properties: {
        url: { type: "string", description: "An http(s) URL." },
        title: { type: "string", maxLength: 200 },
        kind: { type: "string", enum: ["link", "image"] },
      },
      required: ["url"],
      additionalProperties: false,
    },
  },
  mark_unanswerable: {
    description:
      "Call when you cannot answer the user's question from your instructions and knowledge. Still tell the user so.",
    parameters: {
      type: "object",
      properties: { reason: { type: "string" } },
      additionalProperties: false,
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: false });
const VALIDATORS = new Map(
  Object.entries(SCHEMAS).map(([name, schema]) => [name, ajv.compile(schema.parameters)]),
);

/** The tool list sent to the model for these built-ins. */
export function builtinToolDefinitions(
  names: readonly BuiltinToolName[],
): ChatCompletionFunctionTool[] {
  return names.map((name) => ({
    type: "function",
    function: {
      name,
      description: SCHEMAS[name].description,
      parameters: SCHEMAS[name].parameters,
    },
  }));
}

/** Whether `name` is one of `names`. */
export function isBuiltin(
  names: readonly BuiltinToolName[],
  name: string,
): name is BuiltinToolName {
  return (names as readonly string[]).includes(name);
}

/** Runs a built-in tool call: its arguments are checked against its schema first. */
export function runBuiltin(name: BuiltinToolName, args: unknown): ToolEffect {
  const validate = VALIDATORS.get(name);
  if (validate && !validate(args)) {
    const reason = ajv.errorsText(validate.errors, { dataVar: "arguments" });
    return {
      parts: [],
      result: JSON.stringify({ error: `invalid arguments: ${reason}` }),
      outcome: "invalid_arguments",
      terminal: false,
    };
  }
  const a = args as Record<string, unknown>;
  const done = (parts: AgentPart[], terminal = false): ToolEffect => ({
    parts,
    result: JSON.stringify({ ok: true }),
    outcome: "ok",
    terminal,
  });
  switch (name) {
    case "handoff": {
      const reason = typeof a.reason === "string" ? a.reason.slice(0, 500) : undefined;
      return done(
        [{ type: "action", action: reason ? { type: "handoff", reason } : { type: "handoff" } }],
        true,
      );
    }
    case "end_conversation":
      return done([{ type: "action", action: { type: "end" } }], true);
    case "set_language": {
      const code = a.language_code;
      if (!isLanguageTag(code))
        return invalid("language_code must be a BCP-47 tag such as fr or pt-BR");
      return done([{ type: "action", action: { type: "language", language_code: code } }]);
    }
    case "suggest_replies": {
      const replies = (a.replies as string[]).map((text) => ({ message_text: text }));
      return done([{ type: "suggestions", suggestions: replies }]);
    }
    case "send_attachment":
      return attachment(a);
    case "mark_unanswerable":
      return { ...done([]), unanswerable: true };
  }
}

function attachment(a: Record<string, unknown>): ToolEffect {
  const url = String(a.url);
  if (!URL.canParse(url) || !["http:", "https:"].includes(new URL(url).protocol)) {
    return invalid("url must be an http(s) URL");
  }
  const image = a.kind === "image";
  return {
    parts: [
      {
        type: "attachment",
        attachment: {
          content_url: url,
          content_type: image ? "ATTACHMENT_CONTENT_TYPE_IMAGE" : "ATTACHMENT_CONTENT_TYPE_URL",
          ...(typeof a.title === "string" ? { title: a.title } : {}),
          ...(image ? { preview_image_url: url } : {}),
        },
      },
    ],
    result: JSON.stringify({ ok: true }),
    outcome: "ok",
    terminal: false,
  };
}

function invalid(reason: string): ToolEffect {
  return {
    parts: [],
    result: JSON.stringify({ error: `invalid arguments: ${reason}` }),
    outcome: "invalid_arguments",
    terminal: false,
  };
}
