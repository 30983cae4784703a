/**
 * Run `work` over `items` with at most `limit` in flight, keeping the input order in the result. All
 * items are attempted; the first error is thrown after every started job has settled, so nothing is
 * left half-started behind a failure.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let firstError: unknown;
  let failed = false;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = await work(items[index]!, index);
      } catch (error) {
        if (!failed) firstError = error;
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failed) throw firstError;
  return results;
}

/** How many containers are created and started at once: Docker's API serialises beyond this. */
export const START_CONCURRENCY = 16;
