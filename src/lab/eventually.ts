/** The lab's one way to wait: a clock that tests can replace. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
}

/**
 * Retry `check` until it stops throwing or the window ends; on timeout rethrow the *last* failure, so
 * the report shows the real mismatch rather than "timed out".
 */
function requireWindow(timeoutMs: number): void {
  // A NaN deadline would make a failing check retry forever.
  if (!Number.isFinite(timeoutMs) || timeoutMs < 0)
    throw new Error(`a wait needs a finite window, not ${timeoutMs} ms`);
}

export async function eventually<T>(
  check: () => Promise<T>,
  { timeoutMs, intervalMs = 500, clock = realClock }: WaitOptions,
): Promise<T> {
  requireWindow(timeoutMs);
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (clock.now() + intervalMs > deadline) {
        if (error instanceof Error) {
          error.message = `${error.message}\n(still failing after ${(timeoutMs / 1000).toFixed(0)} s)`;
        }
        throw error;
      }
    }
    await clock.sleep(intervalMs);
  }
}

/** Require `check` to keep passing for the whole window: the negative steps' stability rule. */
export async function holdsFor(
  check: () => Promise<void>,
  { timeoutMs, intervalMs = 500, clock = realClock }: WaitOptions,
): Promise<void> {
  requireWindow(timeoutMs);
  const deadline = clock.now() + timeoutMs;
  for (;;) {
    await check();
    if (clock.now() >= deadline) return;
    await clock.sleep(Math.min(intervalMs, Math.max(0, deadline - clock.now())));
  }
}
