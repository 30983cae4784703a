import { ensureDockerEngine } from '../lab/docker/engine.js';
import { buildImages } from '../lab/images/build-images.js';
import { IMAGE_SPECS, type ImageName } from '../lab/images/catalog.js';
import { parseCommandArgs } from './main.js';

/** `rrlab images build [NAME…] [--force]` */
export async function imagesCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { force: { type: 'boolean' } });
  const [verb, ...names] = positionals;
  if (verb !== 'build') {
    process.stderr.write('usage: rrlab images build [NAME…] [--force]\n');
    return 2;
  }
  const known = new Set<string>(IMAGE_SPECS.map((s) => s.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    process.stderr.write(
      `rrlab images build: unknown image ${unknown.join(', ')} (known: ${[...known].join(', ')})\n`,
    );
    return 2;
  }
  await ensureDockerEngine();
  const tags = await buildImages(names.length > 0 ? (names as ImageName[]) : undefined, {
    force: values.force === true,
  });
  for (const [name, tag] of tags) process.stdout.write(`${name.padEnd(12)} ${tag}\n`);
  return 0;
}
