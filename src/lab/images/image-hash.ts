import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

/**
 * The cache key of an image: its folder's files (names, contents and the executable bit) and the keys
 * of what it is built from. An image is rebuilt only when one of those changes.
 */
export function hashImageInputs(folder: string, parents: readonly string[] = []): string {
  const hash = createHash('sha256');
  for (const parent of parents) hash.update(`parent ${parent}\n`);
  for (const file of filesUnder(folder)) {
    const mode = statSync(file).mode & 0o111 ? 'x' : '-';
    hash.update(`file ${relative(folder, file)} ${mode}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}
