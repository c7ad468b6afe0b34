// Reconnect delays: full jitter under an exponentially growing, capped ceiling.

const FLOOR_MS = 100;

/** A random delay up to `base * 2^(attempt-1)`, capped at `max`, never under 100 ms. */
export function backoffDelay(
  attempt: number,
  base: number,
  max: number,
  random: () => number,
): number {
  const ceiling = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.max(FLOOR_MS, Math.round(random() * ceiling));
}
