// Conversation ratings as a gauge, read from the store at each scrape (so every process agrees).
import { Gauge, type Registry } from "prom-client";
import type { SessionRatings } from "../core/index.js";

/** `switchboard_conversation_ratings{connector, scale, score}`: stored ratings, by score. */
export function ratingMetrics(
  registry: Registry,
  store: Pick<SessionRatings, "countSessionRatings">,
): void {
  new Gauge({
    name: "switchboard_conversation_ratings",
    help: "Stored conversation ratings, by connector, scale (five, thumbs) and score.",
    labelNames: ["connector", "scale", "score"],
    registers: [registry],
    async collect() {
      this.reset();
      for (const row of await store.countSessionRatings()) {
        this.set({ connector: row.connectorId, scale: row.scale, score: row.score }, row.count);
      }
    },
  });
}
