// Waiting for work with a deadline on the clock port, without leaving a timer behind.
import type { Clock } from "./ports.js";

/** Waits for `work` for at most `ms`; true when it settled in time. Never rejects. */
export async function settleWithin(
  clock: Clock,
  ms: number,
  work: Promise<unknown>,
): Promise<boolean> {
  let timer: { cancel(): void } | undefined;
  const timedOut = new Promise<boolean>((resolve) => {
    timer = clock.setTimeout(() => resolve(false), ms);
  });
  const settled = work.then(
    () => true,
    () => true,
  );
  try {
    return await Promise.race([settled, timedOut]);
  } finally {
    timer?.cancel();
  }
}
