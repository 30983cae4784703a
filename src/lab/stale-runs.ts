import { hostname } from 'node:os';
import { containerRuntime } from './runtime/shared.js';
import { CHECKOUT_LABEL, OWNER_HOST_LABEL, OWNER_PID_LABEL, RUN_LABEL } from './docker/labels.js';
import { removeLabelled, type RemovalSummary } from './cleanup.js';
import { processAlive } from './process-alive.js';

/** A run that has containers or networks in the engine, with who owns it. */
export interface RunOnEngine {
  runId: string;
  ownerPid: number | undefined;
  ownerHost: string | undefined;
  checkout: string | undefined;
  /** The owner process still runs on this host; false when it is gone or cannot be told. */
  ownerAlive: boolean;
}

/** Whether the owner of a run is alive: only a process on this host can be checked. */
export function ownerAlive(ownerPid: number | undefined, ownerHost: string | undefined): boolean {
  if (ownerPid === undefined || ownerHost !== hostname()) return false;
  return processAlive(ownerPid);
}

/** Every run with something left in the engine, read from the labels of its containers and networks. */
export async function runsOnEngine(): Promise<RunOnEngine[]> {
  const engine = containerRuntime();
  const labelSets = [
    ...(await engine.listContainers(RUN_LABEL)).map((c) => c.labels),
    ...(await engine.listNetworks(RUN_LABEL)).map((n) => n.labels),
  ];
  const runs = new Map<string, RunOnEngine>();
  for (const labels of labelSets) {
    const runId = labels[RUN_LABEL];
    if (runId === undefined || runs.has(runId)) continue;
    const pid = Number(labels[OWNER_PID_LABEL]);
    const ownerPid = Number.isInteger(pid) && pid > 0 ? pid : undefined;
    const ownerHost = labels[OWNER_HOST_LABEL];
    runs.set(runId, {
      runId,
      ownerPid,
      ownerHost,
      checkout: labels[CHECKOUT_LABEL],
      ownerAlive: ownerAlive(ownerPid, ownerHost),
    });
  }
  return [...runs.values()];
}

/**
 * Remove what earlier runs of this checkout left when they crashed (their owner process is gone), and
 * say so: a run never touches the labs of another checkout or of a live run.
 */
export async function removeStaleRunsOf(
  checkout: string,
  currentRunId: string,
  say: (line: string) => void,
): Promise<RemovalSummary> {
  const total: RemovalSummary = { containers: 0, networks: 0 };
  for (const run of await runsOnEngine()) {
    if (run.runId === currentRunId || run.checkout !== checkout || run.ownerAlive) continue;
    const removed = await removeLabelled({ runId: run.runId });
    total.containers += removed.containers;
    total.networks += removed.networks;
    say(
      `rrlab: removed ${removed.containers} container(s) and ${removed.networks} network(s) left by crashed run ${run.runId} of this checkout (owner process ${run.ownerPid ?? 'unknown'} is gone)`,
    );
  }
  return total;
}
