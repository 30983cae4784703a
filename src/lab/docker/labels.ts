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

export interface LabLabels {
  runId: string;
  labId: string;
  node?: string;
  kind?: string;
}

export function createLabels({ runId, labId, node, kind }: LabLabels): Record<string, string> {
  const labels: Record<string, string> = { [RUN_LABEL]: runId, [LAB_LABEL]: labId };
  if (node !== undefined) labels[NODE_LABEL] = node;
  if (kind !== undefined) labels[KIND_LABEL] = kind;
  return labels;
}
