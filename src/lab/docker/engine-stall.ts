/**
 * An engine that stops finishing container operations, found out once and then reported at once.
 *
 * A deadlocked dockerd (see ExitLane) still answers pings and listings but never finishes another
 * start, stop or removal: without a deadline a run would hang until CI kills it, with nothing said.
 * The first operation past its deadline marks the engine stalled for this process; every later one
 * fails at once with the same error instead of waiting out its own deadline.
 */
export class EngineStalledError extends Error {
  override name = 'EngineStalledError';
}

let stalled: EngineStalledError | undefined;

/**
 * Far above what one operation takes on the slowest engine seen (about 20 s per start with 16 in
 * flight), far below a CI job's limit.
 */
export const ENGINE_OPERATION_DEADLINE_MS = 180_000;

export function withinDeadline<T>(
  what: string,
  work: () => Promise<T>,
  deadlineMs: number = ENGINE_OPERATION_DEADLINE_MS,
): Promise<T> {
  if (stalled) return Promise.reject(stalled);
  return settleWithin(work, deadlineMs, () => {
    stalled ??= new EngineStalledError(
      `the Docker engine did not finish ${what} within ${deadlineMs / 1000} s and is taken to have ` +
        'stopped handling containers (Docker 20.10 before 20.10.27 can deadlock on container ' +
        'cleanup, moby/moby#42545). Restart dockerd; `rrlab setup` does so where it manages dockerd.',
    );
    throw stalled;
  });
}

/** What `work` settles to, or, once `ms` have passed without it settling, what `expired` gives. */
export async function settleWithin<T>(work: () => Promise<T>, ms: number, expired: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(expired());
      } catch (error) {
        reject(error);
      }
    }, ms);
  });
  try {
    return await Promise.race([work(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether this process has found the engine stalled. */
export function engineStalled(): EngineStalledError | undefined {
  return stalled;
}
