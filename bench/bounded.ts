// Runs many async jobs with at most a fixed number in flight.

/** Calls `job(i)` for every i below `count`, `limit` at a time; results keep their index order. */
export async function mapBounded<T>(
  count: number,
  limit: number,
  job: (index: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await job(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}
