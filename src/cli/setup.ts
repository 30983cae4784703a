import { ensureCrunRuntime, ensureDockerEngine } from '../lab/docker/engine.js';
import { buildImages } from '../lab/images/build-images.js';
import { parseCommandArgs } from './main.js';

/**
 * `rrlab setup [--no-images]`: a Docker engine that answers, with crun registered where rrlab may do
 * so, and the lab's images built (cached).
 */
export async function setupCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, { 'no-images': { type: 'boolean' } });
  const started = Date.now();
  await ensureDockerEngine();
  await ensureCrunRuntime();
  if (values['no-images'] !== true) await buildImages();
  process.stderr.write(`rrlab setup: ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
