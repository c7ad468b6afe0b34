// Custom HTTP tools of an LLM definition: name, description, JSON-Schema parameters, endpoint, key.
import { Ajv, type ValidateFunction } from "ajv";
import { isPlainObject } from "../../protocol/index.js";
import {
  fieldPath,
  type Problems,
  readArray,
  readNumber,
  readObject,
  readRequiredText,
  readSecretSource,
} from "../definition-checks.js";

/** Most custom tools on one agent; each is described to the model on every call. */
export const HTTP_TOOLS_MAX = 20;

/** A checked HTTP tool, its argument validator compiled. */
export interface HttpToolSpec {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
  url: string;
  /** The HMAC key the request is signed with. */
  secret: { env: string } | { secret: string };
  timeoutMs: number;
  validate: ValidateFunction;
}

const TOOL_FIELDS = [
  "name",
  "description",
  "parameters",
  "url",
  "secret_env",
  "secret",
  "timeout_seconds",
] as const;
const TOOL_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

// One compiler for every definition: schemas are compiled once, when the agent is built.
const ajv = new Ajv({ allErrors: true, strict: false });

/** Reads `http_tools`; names must not clash with each other or with the built-in tools. */
export function readHttpTools(
  value: unknown,
  path: string,
  problems: Problems,
  reserved: readonly string[],
): HttpToolSpec[] {
  if (value === undefined) return [];
  const owner = { [path]: value };
  const items = readArray(owner, path, "", problems, { max: HTTP_TOOLS_MAX, nonEmpty: false });
  const tools: HttpToolSpec[] = [];
  for (const [index, item] of (items ?? []).entries()) {
    const tool = readHttpTool(item, fieldPath(path, index), problems);
    if (tool === undefined) continue;
    const at = fieldPath(fieldPath(path, index), "name");
    if (reserved.includes(tool.name)) problems.add(at, `"${tool.name}" is a built-in tool`);
    else if (tools.some((t) => t.name === tool.name))
      problems.add(at, `"${tool.name}" is used twice`);
    tools.push(tool);
  }
  return tools;
}

function readHttpTool(value: unknown, path: string, problems: Problems): HttpToolSpec | undefined {
  const raw = readObject(value, path, problems, TOOL_FIELDS);
  if (raw === undefined) return undefined;
  const name = readRequiredText(raw, "name", path, problems, 64);
  if (name !== undefined && !TOOL_NAME.test(name)) {
    problems.add(
      fieldPath(path, "name"),
      "must start with a letter and hold only letters, digits, _ or - (at most 64)",
    );
  }
  const description = readRequiredText(raw, "description", path, problems, 2000);
  const parameters = readParameters(raw, path, problems);
  const url = readToolUrl(raw, path, problems);
  const secret = readSecret(raw, path, problems);
  const timeout = readNumber(raw, "timeout_seconds", path, problems, {
    min: 0.1,
    max: 60,
    integer: false,
  });
  if (!name || !description || !parameters || !url || !secret) return undefined;
  return {
    name,
    description,
    parameters: parameters.schema,
    url,
    secret,
    timeoutMs: Math.round((timeout ?? 10) * 1000),
    validate: parameters.validate,
  };
}

function readParameters(raw: Record<string, unknown>, path: string, problems: Problems) {
  const at = fieldPath(path, "parameters");
  const schema = raw.parameters ?? { type: "object", properties: {} };
  if (!isPlainObject(schema) || schema.type !== "object") {
    problems.add(at, 'must be a JSON Schema with "type": "object"');
    return undefined;
  }
  try {
    return { schema, validate: ajv.compile(schema) };
  } catch (error) {
    problems.add(
      at,
      `invalid JSON Schema (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
}

// HTTPS, so arguments and results never cross a network in clear; plain http only on loopback.
function readToolUrl(raw: Record<string, unknown>, path: string, problems: Problems) {
  const at = fieldPath(path, "url");
  const text = raw.url;
  if (text === undefined) {
    problems.add(at, "required");
    return undefined;
  }
  if (typeof text === "string" && URL.canParse(text)) {
    const url = new URL(text);
    if (url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.has(url.hostname))) {
      return text;
    }
  }
  problems.add(at, "must be an https URL (http only for localhost)");
  return undefined;
}

function readSecret(raw: Record<string, unknown>, path: string, problems: Problems) {
  // Requests to tools are signed: a tool needs its secret.
  return readSecretSource(raw, "secret", path, problems, { required: true, minChars: 1 });
}
