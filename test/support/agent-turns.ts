// Runs agents' turns outside a session: contexts for a trigger, and a turn's parts collected.
import type {
  Agent,
  AgentAction,
  AgentContext,
  AgentPart,
  HistoryMessage,
  TurnTrigger,
} from "../../src/core/index.js";
import type { Attachment, ResponseSuggestion } from "../../src/protocol/index.js";

/** A context for `trigger` with nothing in it but what is given. */
export function turnContext(
  trigger: TurnTrigger,
  options: {
    language?: string | null;
    history?: HistoryMessage[];
    signal?: AbortSignal;
    /** What `pushedReply()` yields (nothing by default). */
    pushed?: AsyncIterable<AgentPart>;
    /** Clock time of the deadline (default: 30 s from now on the real clock). */
    deadline?: number;
    key?: string;
  } = {},
): AgentContext {
  const memory = new Map<string, unknown>();
  return {
    sessionId: "s1",
    key: options.key ?? "k1",
    trigger,
    language: options.language ?? null,
    connector: { id: "c1", name: null, host: "localhost", handoff: null },
    verifiedContext: null,
    integrationAttributes: null,
    history: options.history ?? [],
    memory,
    signal: options.signal ?? new AbortController().signal,
    deadline: options.deadline ?? Date.now() + 30_000,
    pushedReply: () => options.pushed ?? (async function* () {})(),
  };
}

/** Every part of one turn. */
export async function collectParts(agent: Agent, context: AgentContext): Promise<AgentPart[]> {
  const parts: AgentPart[] = [];
  for await (const part of agent.turn(context)) parts.push(part);
  return parts;
}

/** A one-message turn folded back into one reply. */
export interface CollectedReply {
  text: string;
  attachments: Attachment[];
  response_suggestions: readonly ResponseSuggestion[];
  action?: AgentAction;
}

/** The turn answering `trigger`, folded into one reply (text joined, the last action kept). */
export async function replyTo(
  agent: Agent,
  trigger: TurnTrigger,
  language: string | null = null,
): Promise<CollectedReply> {
  const reply: CollectedReply = { text: "", attachments: [], response_suggestions: [] };
  for (const part of await collectParts(agent, turnContext(trigger, { language }))) {
    if (part.type === "text") reply.text += part.text;
    else if (part.type === "attachment") reply.attachments.push(part.attachment);
    else if (part.type === "suggestions") reply.response_suggestions = part.suggestions;
    else if (part.type === "action") reply.action = part.action;
  }
  return reply;
}

/** The greeting. */
export const greet = (agent: Agent, language: string | null = null) =>
  replyTo(agent, { type: "join" }, language);

/** The answer to a user message. */
export const answer = (agent: Agent, text: string, language: string | null = null) =>
  replyTo(agent, { type: "message", text, messageId: "m1" }, language);

/** The message after a failed handoff. */
export const rejoin = (agent: Agent, language: string | null = null) =>
  replyTo(agent, { type: "rejoin", after: "failed" }, language);
