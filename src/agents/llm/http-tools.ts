// Custom HTTP tools: arguments checked against their JSON Schema, then a signed POST to the company.
import type { ChatCompletionFunctionTool } from "openai/resources/chat/completions";
import type { Clock, ContextValue } from "../../core/ports.js";
import { SIGNATURE_HEADER, signatureHeader } from "../signing.js";
import type { ToolEffect } from "./builtin-tools.js";
import type { HttpToolSpec } from "./http-tool-spec.js";

/** Longest tool result fed back to the model; a larger answer is cut (and says so). */
export const TOOL_RESULT_MAX_CHARS = 16_000;
/** Most bytes read from a tool's answer; stops a tool (or a hijacked URL) from filling memory. */
export const TOOL_RESPONSE_MAX_BYTES = 1_048_576;

/** What a call needs from the turn. */
export interface ToolCallContext {
  sessionId: string;
  turnKey: string;
  callId: string;
  language: string | null;
  verifiedContext: Readonly<Record<string, ContextValue>> | null;
  signal: AbortSignal;
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
}

/** The tool list sent to the model for these tools. */
export function httpToolDefinitions(tools: readonly HttpToolSpec[]): ChatCompletionFunctionTool[] {
  return tools.map((tool) => ({
    type: "function",
    function: { name: tool.name, description: tool.description, parameters: tool.parameters },
  }));
}

/**
 * Calls `tool` with `args`. Never throws: invalid arguments, timeouts, HTTP errors and bad
 * answers come back as a result the model reads (`{"error": …}`), with the outcome for metrics.
 */
export async function callHttpTool(
  tool: HttpToolSpec,
  args: unknown,
  context: ToolCallContext,
): Promise<ToolEffect> {
  if (!tool.validate(args)) {
    const reason = (tool.validate.errors ?? [])
      .map((e) => `${e.instancePath || "arguments"} ${e.message ?? "is invalid"}`)
      .join("; ");
    return effect("invalid_arguments", { error: `invalid arguments: ${reason}` });
  }
  const secret = "env" in tool.secret ? context.env[tool.secret.env] : tool.secret.secret;
  if (!secret) return effect("error", { error: "tool is not configured" });
  const body = JSON.stringify({
    tool: tool.name,
    arguments: args,
    session_id: context.sessionId,
    turn_key: context.turnKey,
    call_id: context.callId,
    language: context.language,
    context: context.verifiedContext,
  });
  const controller = new AbortController();
  const abort = () => controller.abort();
  context.signal.addEventListener("abort", abort, { once: true });
  const timer = context.clock.setTimeout(abort, tool.timeoutMs);
  try {
    const response = await fetch(tool.url, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        [SIGNATURE_HEADER]: signatureHeader(secret, body, context.clock.now()),
        "Idempotency-Key": `${context.turnKey}:${context.callId}`,
      },
      body,
      signal: controller.signal,
      redirect: "error",
    });
    if (!response.ok) {
      await response.body?.cancel();
      return effect("error", { error: `HTTP ${response.status}` });
    }
    const text = await readBounded(response);
    return text === undefined
      ? effect("error", { error: "the tool's answer is too large" })
      : parsed(text);
  } catch {
    if (context.signal.aborted) throw context.signal.reason;
    return controller.signal.aborted
      ? effect("timeout", { error: "the tool did not answer in time" })
      : effect("error", { error: "the tool could not be reached" });
  } finally {
    timer.cancel();
    context.signal.removeEventListener("abort", abort);
  }
}

// The body as text, or undefined once it passes TOOL_RESPONSE_MAX_BYTES (the rest is not read).
async function readBounded(response: Response): Promise<string | undefined> {
  const reader = response.body?.getReader();
  if (!reader) return "";
  const pieces: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > TOOL_RESPONSE_MAX_BYTES) {
      await reader.cancel();
      return undefined;
    }
    pieces.push(value);
  }
  return Buffer.concat(pieces).toString("utf8");
}

function parsed(text: string): ToolEffect {
  try {
    JSON.parse(text);
  } catch {
    return effect("error", { error: "the tool answered with something other than JSON" });
  }
  if (text.length <= TOOL_RESULT_MAX_CHARS)
    return { parts: [], result: text, outcome: "ok", terminal: false };
  return effect("ok", { truncated: true, partial: text.slice(0, TOOL_RESULT_MAX_CHARS) });
}

function effect(outcome: ToolEffect["outcome"], result: unknown): ToolEffect {
  return { parts: [], result: JSON.stringify(result), outcome, terminal: false };
}
