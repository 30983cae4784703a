import { containerRuntime } from '../src/lab/runtime/shared.js';

/** Whether a container engine answers within 3 s: tests that start real containers skip otherwise. */
export async function engineAnswers(): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 3000).unref());
  const ping = containerRuntime()
    .ping()
    .then(() => true as const)
    .catch(() => false as const);
  return Promise.race([ping, timeout]);
}
