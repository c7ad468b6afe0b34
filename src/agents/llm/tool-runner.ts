// Runs one tool call of the model: parses its arguments, then a built-in or an HTTP tool.
import type { AgentContext, Clock } from "../../core/ports.js";
import { isBuiltin, runBuiltin, type ToolEffect } from "./builtin-tools.js";
import type { LlmDefinition } from "./definition.js";
import { callHttpTool } from "./http-tools.js";
import type { ToolCall } from "./round-reader.js";

/** What calling out needs besides the turn. */
export interface ToolRunnerDeps {
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
}

/** The effect of `call`; bad JSON or an unknown tool come back as an error result the model reads. */
export async function runToolCall(
  call: ToolCall,
  definition: LlmDefinition,
  context: AgentContext,
  deps: ToolRunnerDeps,
): Promise<ToolEffect> {
  let args: unknown;
  try {
    args = call.arguments.trim() === "" ? {} : JSON.parse(call.arguments);
  } catch {
    return errorEffect("invalid_arguments", "arguments are not valid JSON");
  }
  if (isBuiltin(definition.builtinTools, call.name)) return runBuiltin(call.name, args);
  const tool = definition.httpTools.find((t) => t.name === call.name);
  if (!tool) return errorEffect("error", `no tool named ${call.name}`);
  return callHttpTool(tool, args, {
    sessionId: context.sessionId,
    turnKey: context.key,
    callId: call.id,
    language: context.language,
    verifiedContext: context.verifiedContext,
    signal: context.signal,
    clock: deps.clock,
    env: deps.env,
  });
}

function errorEffect(outcome: ToolEffect["outcome"], error: string): ToolEffect {
  return { parts: [], result: JSON.stringify({ error }), outcome, terminal: false };
}
