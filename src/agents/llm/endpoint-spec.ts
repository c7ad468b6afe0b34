// One OpenAI-compatible endpoint of an LLM definition: URL, model, key, sampling, headers.
import {
  fieldPath,
  type Problems,
  readNumber,
  readObject,
  readOptionalText,
  readSecretSource,
  readStringMap,
  readUrl,
} from "../definition-checks.js";

/** A checked endpoint. */
export interface EndpointSpec {
  baseUrl: string;
  model: string;
  /** Where the API key comes from: an environment variable, a stored secret, or none (Ollama). */
  apiKey: { env: string } | { secret: string } | null;
  /** The header that carries the key (`api-key` for Azure OpenAI); null: `Authorization: Bearer`. */
  apiKeyHeader: string | null;
  headers: Record<string, string>;
  query: Record<string, string>;
  temperature?: number;
  maxTokens?: number;
  topP?: number;
  /** Retries of 429, 5xx and network errors before the next endpoint (within the deadline). */
  maxRetries: number;
}

const ENDPOINT_FIELDS = [
  "base_url",
  "model",
  "api_key_env",
  "api_key",
  "api_key_header",
  "headers",
  "query",
  "temperature",
  "max_tokens",
  "top_p",
  "max_retries",
] as const;
/** Headers a definition may not set: the client owns them. */
const RESERVED_HEADERS = new Set(["content-type", "content-length", "host", "accept"]);

/** Reads an endpoint at `path`, naming every bad field. */
export function readEndpoint(
  value: unknown,
  path: string,
  problems: Problems,
): EndpointSpec | undefined {
  const raw = readObject(value, path, problems, ENDPOINT_FIELDS);
  if (raw === undefined) return undefined;
  if (raw.base_url === undefined) problems.add(fieldPath(path, "base_url"), "required");
  const baseUrl = readUrl(raw, "base_url", path, problems, ["http:", "https:"]);
  if (raw.model === undefined) problems.add(fieldPath(path, "model"), "required");
  const model = readOptionalText(raw, "model", path, problems, 200);
  const apiKey = readApiKey(raw, path, problems);
  const apiKeyHeader = readOptionalText(raw, "api_key_header", path, problems, 100);
  if (apiKeyHeader !== undefined && !/^[A-Za-z0-9-]+$/.test(apiKeyHeader)) {
    problems.add(fieldPath(path, "api_key_header"), "must be a header name");
  }
  const headers = readStringMap(raw, "headers", path, problems, 20);
  for (const name of Object.keys(headers)) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      problems.add(fieldPath(fieldPath(path, "headers"), name), "is set by the client");
    }
  }
  const query = readStringMap(raw, "query", path, problems, 20);
  const temperature = readNumber(raw, "temperature", path, problems, {
    min: 0,
    max: 2,
    integer: false,
  });
  const maxTokens = readNumber(raw, "max_tokens", path, problems, {
    min: 1,
    max: 1_000_000,
    integer: true,
  });
  const topP = readNumber(raw, "top_p", path, problems, { min: 0, max: 1, integer: false });
  const maxRetries = readNumber(raw, "max_retries", path, problems, {
    min: 0,
    max: 10,
    integer: true,
  });
  if (baseUrl === undefined || model === undefined) return undefined;
  const endpoint: EndpointSpec = {
    baseUrl: baseUrl.replace(/\/+$/, ""),
    model,
    apiKey,
    apiKeyHeader: apiKeyHeader ?? null,
    headers,
    query,
    maxRetries: maxRetries ?? 2,
  };
  if (temperature !== undefined) endpoint.temperature = temperature;
  if (maxTokens !== undefined) endpoint.maxTokens = maxTokens;
  if (topP !== undefined) endpoint.topP = topP;
  return endpoint;
}

function readApiKey(
  raw: Record<string, unknown>,
  path: string,
  problems: Problems,
): EndpointSpec["apiKey"] {
  return readSecretSource(raw, "api_key", path, problems, { required: false, minChars: 1 }) ?? null;
}
