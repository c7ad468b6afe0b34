// The crash loop's checks of a history and of what each connection was given.
import type { Received } from "./loop-client.js";

/** Sequences missing below the highest one. */
export function countGaps(history: Map<number, string>): number {
  let last = 0;
  for (const sequence of history.keys()) last = Math.max(last, sequence);
  return last - history.size;
}

/** User messages stored more than once under one local id. */
export function doubledMessages(history: Map<number, string>): number {
  const seen = new Set<string>();
  let doubled = 0;
  for (const text of history.values()) {
    const event = JSON.parse(text) as {
      type: string;
      metadata?: { custom?: { local_id?: string } };
    };
    const localId = event.metadata?.custom?.local_id;
    if (event.type !== "EVENT_TYPE_USER_MESSAGE" || localId === undefined) continue;
    if (seen.has(localId)) doubled += 1;
    seen.add(localId);
  }
  return doubled;
}

/** Places where a connection was given a lower sequence after a higher one. */
export function outOfOrder(stream: readonly Received[]): number {
  let count = 0;
  for (let i = 1; i < stream.length; i++)
    if ((stream[i] as Received).sequence < (stream[i - 1] as Received).sequence) count += 1;
  return count;
}

/** Sequences a connection was given twice (apart from the head a first batch repeats by design). */
export function deliveredTwice(stream: readonly Received[]): number {
  const delivered = stream.filter((r) => !r.head);
  return delivered.length - new Set(delivered.map((r) => r.sequence)).size;
}
