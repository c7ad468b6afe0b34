// An LLM agent's guardrails, kept in the session's agent memory: the turn limit, and the offer of
// a person after turns the model could not answer (or that failed upstream).
import type { AgentMemory, AgentPart } from "../../core/ports.js";
import type { Guardrails } from "./definition.js";

// Keys of the per-session memory.
const TURNS = "llm.turns";
const MISSES = "llm.misses";
const OFFERED = "llm.handoffOffered";

/** Counts one more answered user message; true once it goes past `max_turns`. */
export function overTurnLimit(memory: AgentMemory, guardrails: Guardrails): boolean {
  const turns = (Number(memory.get(TURNS)) || 0) + 1;
  memory.set(TURNS, turns);
  return guardrails.maxTurns > 0 && turns > guardrails.maxTurns;
}

/** Counts a turn the model marked unanswerable or that failed (`missed`), or resets the count. */
export function recordMiss(memory: AgentMemory, missed: boolean): void {
  memory.set(MISSES, missed ? misses(memory) + 1 : 0);
}

/**
 * After enough misses in a row: a message offering a person, with a button. The button works
 * without the model (`acceptsOffer`), so it helps even while the model is down.
 */
export function* offerPerson(
  memory: AgentMemory,
  guardrails: Guardrails,
  canHandOff: boolean,
): Generator<AgentPart> {
  const { offerHandoffAfter, offerHandoffText, offerHandoffButton } = guardrails;
  if (!canHandOff || offerHandoffAfter === 0 || misses(memory) < offerHandoffAfter) return;
  memory.set(OFFERED, offerHandoffButton);
  memory.set(MISSES, 0);
  yield { type: "message_end" };
  yield { type: "text", text: offerHandoffText };
  yield { type: "suggestions", suggestions: [{ message_text: offerHandoffButton }] };
  yield { type: "message_end" };
}

/** Whether `text` is the offer's button; the offer is used up either way. */
export function acceptsOffer(memory: AgentMemory, text: string): boolean {
  const offered = memory.get(OFFERED);
  if (typeof offered !== "string") return false;
  memory.set(OFFERED, undefined);
  return text.trim().toLowerCase() === offered.trim().toLowerCase();
}

function misses(memory: AgentMemory): number {
  const value = memory.get(MISSES);
  return typeof value === "number" ? value : 0;
}
