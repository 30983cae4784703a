import { hostname } from 'node:os';

/**
 * Every container and network rrlab creates carries these labels, so that a run can remove exactly
 * what it made (on success, failure, SIGINT and SIGTERM) and `rrlab down --all` can find leftovers of
 * any run without relying on a reaper container.
 */
export const RUN_LABEL = 'io.rrlab.run';
export const LAB_LABEL = 'io.rrlab.lab';
export const NODE_LABEL = 'io.rrlab.node';
export const KIND_LABEL = 'io.rrlab.kind';
export const IMAGE_HASH_LABEL = 'io.rrlab.image-hash';
/** Who owns a run's labs: the `rrlab run` process, its host and its checkout (see stale-runs.ts). */
export const OWNER_PID_LABEL = 'io.rrlab.owner-pid';
export const OWNER_HOST_LABEL = 'io.rrlab.owner-host';
export const CHECKOUT_LABEL = 'io.rrlab.checkout';

/** Set by `rrlab run` for its cucumber workers: the owner process and checkout of the run. */
export const OWNER_PID_ENV = 'RRLAB_OWNER_PID';
export const CHECKOUT_ENV = 'RRLAB_CHECKOUT';

/** The owner labels of this process's labs; a cucumber run started by hand owns its own. */
export function ownerLabels(): Record<string, string> {
  return {
    [OWNER_PID_LABEL]: process.env[OWNER_PID_ENV] ?? String(process.pid),
    [OWNER_HOST_LABEL]: hostname(),
    [CHECKOUT_LABEL]: process.env[CHECKOUT_ENV] ?? process.cwd(),
  };
}

export interface LabLabels {
  runId: string;
  labId: string;
  node?: string;
  kind?: string;
}

export function createLabels({ runId, labId, node, kind }: LabLabels): Record<string, string> {
  const labels: Record<string, string> = { [RUN_LABEL]: runId, [LAB_LABEL]: labId, ...ownerLabels() };
  if (node !== undefined) labels[NODE_LABEL] = node;
  if (kind !== undefined) labels[KIND_LABEL] = kind;
  return labels;
}
