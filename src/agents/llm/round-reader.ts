// Reads one streamed completion: yields text deltas, assembles tool calls split across chunks.
import type { ChatCompletionChunk } from "openai/resources/chat/completions";

/** A tool call as the model finished it. */
export interface ToolCall {
  id: string;
  name: string;
  /** The raw JSON text of the arguments (parsed by the caller). */
  arguments: string;
}

/** What one completion produced besides its text deltas. */
export interface RoundResult {
  text: string;
  toolCalls: ToolCall[];
  /** null when the stream ended without saying why: it was cut. */
  finishReason: string | null;
  usage: { input: number; output: number } | null;
}

/** Longest tool-call arguments accepted; a model looping on one call cannot grow memory without end. */
const ARGUMENTS_MAX_CHARS = 100_000;

/** Yields the text deltas of `stream` and returns the rest once it ends. */
export async function* readRound(
  stream: AsyncIterable<ChatCompletionChunk>,
): AsyncGenerator<string, RoundResult> {
  const calls = new Map<number, ToolCall>();
  let text = "";
  let finishReason: string | null = null;
  let usage: RoundResult["usage"] = null;
  for await (const chunk of stream) {
    if (chunk.usage) {
      usage = { input: chunk.usage.prompt_tokens ?? 0, output: chunk.usage.completion_tokens ?? 0 };
    }
    const choice = chunk.choices?.[0];
    if (!choice) continue;
    const delta = choice.delta;
    if (typeof delta?.content === "string" && delta.content !== "") {
      text += delta.content;
      yield delta.content;
    }
    for (const part of delta?.tool_calls ?? []) {
      const call = calls.get(part.index) ?? { id: "", name: "", arguments: "" };
      if (part.id) call.id = part.id;
      if (part.function?.name) call.name += part.function.name;
      if (part.function?.arguments && call.arguments.length < ARGUMENTS_MAX_CHARS) {
        call.arguments += part.function.arguments;
      }
      calls.set(part.index, call);
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, call]) => ({ ...call, id: call.id || `call_${index}` }));
  return { text, toolCalls, finishReason, usage };
}
