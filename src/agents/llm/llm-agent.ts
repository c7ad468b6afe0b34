// The LLM agent: each turn streams a chat completion, runs the tools the model calls (built-in
// ones become protocol actions, HTTP ones are called signed) and feeds results back, round by round.
import type {
  ChatCompletionChunk,
  ChatCompletionMessageParam,
  ChatCompletionTool,
} from "openai/resources/chat/completions";
import type { Agent, AgentContext, AgentPart, Clock, TurnPolicy } from "../../core/ports.js";
import { DEFAULT_TURN_POLICY } from "../../core/ports.js";
import { messageParts } from "../message-content.js";
import { builtinToolDefinitions, isBuiltin } from "./builtin-tools.js";
import type { LlmDefinition } from "./definition.js";
import { acceptsOffer, offerPerson, overTurnLimit, recordMiss } from "./guardrails.js";
import { httpToolDefinitions } from "./http-tools.js";
import { KnowledgeIndex, type Passage } from "./knowledge.js";
import type { LlmObserver } from "./llm-observer.js";
import { citedPassages, historyMessages, knowledgeQuery, systemPrompt } from "./prompt.js";
import { type RoundResult, readRound } from "./round-reader.js";
import { runToolCall } from "./tool-runner.js";
import { Upstream, UpstreamFailure } from "./upstream.js";

export interface LlmAgentDeps {
  clock: Clock;
  env: Readonly<Record<string, string | undefined>>;
  observer: LlmObserver;
  /** The label metrics use (the agent's id). */
  label: string;
}

/** An agent answered by an OpenAI-compatible model. */
export class LlmAgent implements Agent {
  readonly name: string;
  readonly avatarUrl: string;
  readonly policy: TurnPolicy;
  readonly #definition: LlmDefinition;
  readonly #deps: LlmAgentDeps;
  readonly #upstream: Upstream;
  readonly #knowledge: KnowledgeIndex | null;
  readonly #tools: ChatCompletionTool[];

  constructor(definition: LlmDefinition, deps: LlmAgentDeps) {
    this.name = definition.name;
    this.avatarUrl = definition.avatarUrl;
    this.#definition = definition;
    this.#deps = deps;
    this.policy = Object.freeze({
      ...DEFAULT_TURN_POLICY,
      deadlineMs: definition.deadlineMs,
      interrupt: definition.interrupt,
      history: Object.freeze({ ...definition.history }),
      endOnHandoffFailure: definition.endOnHandoffFailure,
      whenNoHuman: definition.whenNoHuman,
      defaultLanguage: definition.language,
    });
    this.#upstream = new Upstream(definition.endpoints, {
      clock: deps.clock,
      env: deps.env,
      failed: (kind) => deps.observer.upstreamError(deps.label, kind),
    });
    this.#knowledge = definition.knowledge ? new KnowledgeIndex(definition.knowledge) : null;
    this.#tools = [
      ...builtinToolDefinitions(definition.builtinTools),
      ...httpToolDefinitions(definition.httpTools),
    ];
  }

  async *turn(context: AgentContext): AsyncIterable<AgentPart> {
    const started = this.#deps.clock.now();
    let ok = true;
    try {
      for await (const part of this.#parts(context, started)) {
        if (part.type === "failure") ok = false;
        yield part;
      }
    } finally {
      const seconds = (this.#deps.clock.now() - started) / 1000;
      this.#deps.observer.turnDone(this.#deps.label, seconds, ok ? "ok" : "failed");
    }
  }

  async *#parts(context: AgentContext, started: number): AsyncGenerator<AgentPart> {
    const { trigger } = context;
    const greeting = this.#definition.greeting;
    if (trigger.type === "join") {
      if ("fixed" in greeting) yield* messageParts(greeting.fixed);
      else yield* this.#converse(context, started, greeting.generate);
      return;
    }
    if (trigger.type === "rejoin") {
      yield* messageParts(this.#definition.rejoin);
      return;
    }
    if (trigger.type === "message") {
      if (acceptsOffer(context.memory, trigger.text)) {
        yield {
          type: "action",
          action: { type: "handoff", reason: "the user accepted the offer of a person" },
        };
        return;
      }
      if (overTurnLimit(context.memory, this.#definition.guardrails)) {
        const { maxTurnsText, onMaxTurns } = this.#definition.guardrails;
        yield { type: "text", text: maxTurnsText };
        yield {
          type: "action",
          action:
            onMaxTurns === "end" ? { type: "end" } : { type: "handoff", reason: "turn limit" },
        };
        return;
      }
    }
    yield* this.#converse(context, started, null);
  }

  /** Rounds of completion and tool calls until the model answers in text (or hands over). */
  async *#converse(
    context: AgentContext,
    started: number,
    greetingPrompt: string | null,
  ): AsyncGenerator<AgentPart> {
    const passages = this.#passages(context);
    const messages = this.#messages(context, passages, greetingPrompt);
    const { maxToolRounds } = this.#definition;
    let firstToken = true;
    let answer = "";
    let unanswerable = false;
    for (let round = 0; ; round++) {
      const tools =
        greetingPrompt === null && round < maxToolRounds && this.#tools.length > 0
          ? this.#tools
          : undefined;
      const stream = yield* this.#open(context, messages, tools);
      if (stream === undefined) return;
      const reader = readRound(stream);
      let result: RoundResult;
      try {
        for (;;) {
          const next = await reader.next();
          if (next.done) {
            result = next.value;
            break;
          }
          if (firstToken) {
            firstToken = false;
            const seconds = (this.#deps.clock.now() - started) / 1000;
            this.#deps.observer.firstToken(this.#deps.label, seconds);
          }
          answer += next.value;
          yield { type: "text", text: next.value };
        }
      } catch (error) {
        if (context.signal.aborted) return;
        yield* this.#cut(answer, error);
        return;
      }
      if (result.usage)
        this.#deps.observer.tokens(this.#deps.label, result.usage.input, result.usage.output);
      if (result.finishReason === null) {
        yield* this.#cut(answer, null);
        return;
      }
      if (result.finishReason === "content_filter") {
        this.#deps.observer.upstreamError(this.#deps.label, "content_filter");
        if (result.text !== "") yield { type: "message_end" };
        yield { type: "text", text: this.#definition.refusalText };
        return;
      }
      if (result.toolCalls.length === 0) break;
      messages.push({
        role: "assistant",
        content: result.text === "" ? null : result.text,
        tool_calls: result.toolCalls.map((call) => ({
          id: call.id,
          type: "function",
          function: { name: call.name, arguments: call.arguments },
        })),
      });
      let terminal = false;
      let again = result.text === "";
      for (const call of result.toolCalls) {
        const effect = await runToolCall(call, this.#definition, context, this.#deps);
        this.#deps.observer.toolCall(this.#deps.label, call.name, effect.outcome);
        yield* effect.parts;
        messages.push({ role: "tool", tool_call_id: call.id, content: effect.result });
        terminal ||= effect.terminal;
        unanswerable ||= effect.unanswerable === true;
        // The model needs a result it has to act on: an HTTP answer, or an error to correct.
        again ||= !isBuiltin(this.#definition.builtinTools, call.name) || effect.outcome !== "ok";
      }
      if (terminal || !again) break;
      if (result.text !== "") yield { type: "message_end" };
    }
    yield* this.#sources(answer, passages);
    recordMiss(context.memory, unanswerable);
    if (unanswerable) yield* this.#offerPerson(context);
  }

  *#offerPerson(context: AgentContext): Generator<AgentPart> {
    const canHandOff = this.#definition.builtinTools.includes("handoff");
    yield* offerPerson(context.memory, this.#definition.guardrails, canHandOff);
  }

  // Opens a completion; on failure yields what the user gets and returns undefined.
  async *#open(
    context: AgentContext,
    messages: ChatCompletionMessageParam[],
    tools: ChatCompletionTool[] | undefined,
  ): AsyncGenerator<AgentPart, AsyncIterable<ChatCompletionChunk> | undefined> {
    try {
      return await this.#upstream.open(
        {
          messages,
          ...(tools ? { tools } : {}),
          stream_options: { include_usage: true },
        },
        context.signal,
        context.deadline,
      );
    } catch (error) {
      if (context.signal.aborted) return undefined;
      const detail = error instanceof UpstreamFailure ? error.kind : "request failed";
      recordMiss(context.memory, true);
      yield* this.#offerPerson(context);
      yield { type: "failure", kind: "unavailable", detail };
      return undefined;
    }
  }

  *#cut(answer: string, _error: unknown): Generator<AgentPart> {
    this.#deps.observer.upstreamError(this.#deps.label, "stream_cut");
    yield {
      type: "failure",
      kind: answer === "" ? "unavailable" : "broken_stream",
      detail: "stream cut",
    };
  }

  #passages(context: AgentContext): Passage[] {
    if (!this.#knowledge || !this.#definition.knowledge) return [];
    const query =
      context.trigger.type === "message"
        ? `${knowledgeQuery(context.history)}\n${context.trigger.text}`
        : knowledgeQuery(context.history);
    return query.trim() === ""
      ? []
      : this.#knowledge.search(query, this.#definition.knowledge.maxPassages);
  }

  #messages(
    context: AgentContext,
    passages: Passage[],
    greetingPrompt: string | null,
  ): ChatCompletionMessageParam[] {
    const system = systemPrompt(this.#definition, context, passages);
    if (greetingPrompt !== null) {
      return [
        { role: "system", content: `${system}\n\n${greetingPrompt}` },
        { role: "user", content: "(The user has opened the chat.)" },
      ];
    }
    const messages: ChatCompletionMessageParam[] = [
      { role: "system", content: system },
      ...historyMessages(context.history),
    ];
    const trigger = context.trigger;
    const last = context.history.at(-1);
    // With no history budget the history is empty: the message answered must still be there.
    if (trigger.type === "message" && !(last?.role === "user" && last.text === trigger.text)) {
      messages.push({ role: "user", content: trigger.text });
    }
    return messages;
  }

  // The sources the answer cited, as link attachments (documents with a URL only, each once).
  *#sources(answer: string, passages: readonly Passage[]): Generator<AgentPart> {
    const seen = new Set<string>();
    for (const passage of citedPassages(answer, passages)) {
      if (!passage.url || seen.has(passage.url)) continue;
      seen.add(passage.url);
      yield {
        type: "attachment",
        attachment: {
          title: passage.title,
          content_url: passage.url,
          content_type: "ATTACHMENT_CONTENT_TYPE_URL",
          call_to_action_text: "Open source",
        },
      };
    }
  }
}
