import { randomBytes } from 'node:crypto';

/** The environment variable that carries a run's ID to cucumber's worker processes. */
export const RUN_ID_ENV = 'RRLAB_RUN_ID';

/** The current run's ID: set by `rrlab run`, or made once per process when cucumber is run directly. */
export function currentRunId(): string {
  process.env[RUN_ID_ENV] ??= `adhoc-${randomBytes(4).toString('hex')}`;
  return process.env[RUN_ID_ENV];
}
