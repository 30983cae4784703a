import { ensureDockerEngine } from '../lab/docker/engine.js';
import { removeLabelled, removeScratchFolders } from '../lab/cleanup.js';
import { runsOnEngine } from '../lab/stale-runs.js';
import { parseCommandArgs } from './main.js';

/**
 * `rrlab down --all [--force]` or `rrlab down --run ID`: remove what rrlab runs left behind. `--all`
 * keeps the labs of runs whose owner process is still running here (a concurrent run in another
 * terminal or checkout) unless `--force`.
 */
export async function downCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    all: { type: 'boolean' },
    force: { type: 'boolean' },
    run: { type: 'string' },
  });
  if (values.all !== true && typeof values.run !== 'string') {
    process.stderr.write('usage: rrlab down --all [--force] | --run ID\n');
    return 2;
  }
  await ensureDockerEngine();
  if (typeof values.run === 'string') {
    report(await removeLabelled({ runId: values.run }));
    return 0;
  }
  const force = values.force === true;
  let containers = 0;
  let networks = 0;
  for (const run of await runsOnEngine()) {
    if (run.ownerAlive && !force) {
      process.stdout.write(
        `kept run ${run.runId}: its owner process ${run.ownerPid} is still running (--force removes it)\n`,
      );
      continue;
    }
    const removed = await removeLabelled({ runId: run.runId });
    containers += removed.containers;
    networks += removed.networks;
  }
  if (force) removeScratchFolders();
  report({ containers, networks });
  return 0;
}

function report({ containers, networks }: { containers: number; networks: number }): void {
  process.stdout.write(`removed ${containers} container(s) and ${networks} network(s)\n`);
}
