// The contract every Agent keeps (written on the port in src/core/ports.ts), run per kind.
import { describe, expect, it } from "vitest";
import type { Agent, AgentPart } from "../../src/core/index.js";
import { collectParts, turnContext } from "./agent-turns.js";
import { until } from "./fake-clock.js";

/** Agents of one kind in the states the contract needs. */
export interface AgentsUnderContract {
  /** Answers normally. */
  answering: Agent;
  /** Cannot answer (its upstream is down). */
  failing: Agent;
  /** Never answers unless stopped (its upstream hangs); absent for agents that cannot hang. */
  hanging?: Agent;
}

const PART_TYPES = new Set([
  "text",
  "attachment",
  "suggestions",
  "message_end",
  "action",
  "failure",
]);
const message = (text: string) => turnContext({ type: "message", text, messageId: "m1" });

/** Runs the Agent contract against the agents `setup` builds (once per case). */
export function agentContract(
  name: string,
  setup: () => AgentsUnderContract | Promise<AgentsUnderContract>,
) {
  describe(`Agent contract: ${name}`, () => {
    it("returns its parts as an async iterable without waiting for them", async () => {
      const { answering } = await setup();
      const started = Date.now();
      const parts = answering.turn(message("hello"));
      expect(Date.now() - started).toBeLessThan(50);
      expect(typeof parts[Symbol.asyncIterator]).toBe("function");
    });

    it("greets and answers with well-formed parts", async () => {
      const { answering } = await setup();
      for (const context of [turnContext({ type: "join" }), message("hello there")]) {
        const parts = await collectParts(answering, context);
        for (const part of parts) expect(PART_TYPES.has(part.type)).toBe(true);
        expect(parts.some((p) => p.type === "text" && p.text !== "")).toBe(true);
        expect(parts.some((p) => p.type === "failure")).toBe(false);
      }
    });

    it("states a complete, frozen turn policy", async () => {
      const { answering } = await setup();
      const { policy } = answering;
      expect(policy.deadlineMs).toBeGreaterThan(0);
      expect(typeof policy.interrupt).toBe("boolean");
      expect(["characters", "tokens"]).toContain(policy.history.unit);
      expect(policy.defaultLanguage).toMatch(/^[a-z]{2,3}/);
      expect(Object.isFrozen(policy)).toBe(true);
    });

    it("fails as a value: a failure part at the end, or a rejection, never a hang", async () => {
      const { failing } = await setup();
      let parts: AgentPart[] = [];
      let threw = false;
      try {
        parts = await collectParts(failing, message("hello"));
      } catch {
        threw = true;
      }
      expect(threw || parts.at(-1)?.type === "failure").toBe(true);
    });

    it("stops promptly when its signal aborts", async () => {
      const { hanging } = await setup();
      if (!hanging) return;
      const controller = new AbortController();
      let settled = false;
      const running = collectParts(
        hanging,
        turnContext(
          { type: "message", text: "hi", messageId: "m1" },
          { signal: controller.signal },
        ),
      )
        .catch(() => [])
        .finally(() => {
          settled = true;
        });
      controller.abort("ended");
      await until(() => settled, "the agent to stop after its signal aborted", 2000);
      await running;
    });
  });
}
