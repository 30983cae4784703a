import { availableParallelism, totalmem } from 'node:os';

/** What one small scenario's lab (a handful of containers) and its cucumber worker take at most. */
const MEMORY_PER_WORKER = 2 * 1024 ** 3;
const MAX_WORKERS = 4;

/**
 * How many scenarios run at once when `--parallel` is not given. Scenarios spend most of their time
 * waiting on BGP timers, not computing, so two per core keep a small machine busy; memory bounds it
 * too, and so does a cap: past four, labs starting together queue on the Docker engine anyway.
 */
export function defaultWorkers(cores = availableParallelism(), memoryBytes = totalmem()): number {
  return Math.max(1, Math.min(cores * 2, Math.floor(memoryBytes / MEMORY_PER_WORKER), MAX_WORKERS));
}
