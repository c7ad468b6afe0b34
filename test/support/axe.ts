// axe-core in a page under test: injected through the devtools protocol (the page's CSP stays on), run on the whole page.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const AXE_SOURCE = readFileSync(
  createRequire(import.meta.url).resolve("axe-core/axe.min.js"),
  "utf8",
);

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

/**
 * Every axe violation on the page as "rule (impact): help — where", shadow roots included;
 * `[]` is a clean page. Only serious and critical ones when `serious` is true.
 */
export async function axeViolations(page: Page, { serious = false } = {}): Promise<string[]> {
  // Colours mid-transition (a theme switch, a hover) are neither the old nor the new ones.
  // Page code is given as strings, since the tests compile without DOM types.
  // Shadow roots (the widget's) hold their own animations; endless ones (a typing indicator)
  // never settle and are left out.
  const settling = `(() => {
    const roots = [document, ...[...document.querySelectorAll("*")].flatMap((e) => e.shadowRoot ? [e.shadowRoot] : [])];
    return roots.some((root) => root.getAnimations().some((a) =>
      a.playState === "running" && a.effect?.getTiming().iterations !== Infinity));
  })()`;
  // Polled from here: the pages' CSP forbids the string evaluation waitForFunction would need.
  for (let tries = 0; tries < 100 && (await page.evaluate<boolean>(settling)); tries++)
    await new Promise((resolve) => setTimeout(resolve, 50));
  if (!(await page.evaluate<boolean>('"axe" in globalThis'))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<unknown[]>(
    '(async () => (await axe.run(document, { resultTypes: ["violations"] })).violations)()',
  );
  return (violations as AxeViolation[])
    .filter((v) => !serious || v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map(
            (n) => `${JSON.stringify(n.target)}: ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`,
          )
          .join("; ")}`,
    );
}

/** Collects axe violations screen by screen, so one run reports every screen at once. */
export class AxeLog {
  readonly #found: Record<string, string[]> = {};

  /** Runs axe on the page as it is now, filed under `screen`. */
  async check(page: Page, screen: string): Promise<void> {
    const found = await axeViolations(page);
    if (found.length > 0) this.#found[screen] = found;
  }

  /** The screens with violations and what they were (`{}` when every screen was clean). */
  get problems(): Record<string, string[]> {
    return { ...this.#found };
  }
}
