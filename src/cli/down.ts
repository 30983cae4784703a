import { ensureDockerEngine } from '../lab/docker/engine.js';
import { removeLabelled } from '../lab/cleanup.js';
import { parseCommandArgs } from './main.js';

/** `rrlab down --all` or `rrlab down --run ID`: remove what rrlab runs left behind. */
export async function downCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { all: { type: 'boolean' }, run: { type: 'string' } });
  if (values.all !== true && typeof values.run !== 'string') {
    process.stderr.write('usage: rrlab down --all | --run ID\n');
    return 2;
  }
  await ensureDockerEngine();
  const summary = await removeLabelled(values.all === true ? { all: true } : { runId: values.run as string });
  process.stdout.write(`removed ${summary.containers} container(s) and ${summary.networks} network(s)\n`);
  return 0;
}
