#!/usr/bin/env node
// Makes a fresh clone ready to run, installing only what is missing: npm dependencies (when
// package-lock.json changed since the last install), the compiled TypeScript, and — with --docker
// and --images — a Docker engine and the lab's images (`rrlab setup`). Plain Node: it runs before
// any dependency exists.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));

function run(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(
      `bootstrap: \`${command} ${commandArgs.join(' ')}\` failed (exit ${result.status ?? result.signal})`,
    );
    process.exit(result.status ?? 1);
  }
}

const lockHash = createHash('sha256')
  .update(readFileSync(join(root, 'package-lock.json')))
  .digest('hex');
const stamp = join(root, 'node_modules', '.rrlab-lock-hash');
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  console.error('bootstrap: installing npm dependencies (npm ci)');
  run('npm', ['ci', '--no-audit', '--no-fund']); // `prepare` compiles the TypeScript
  writeFileSync(stamp, lockHash);
} else {
  run('npx', ['tsc', '-p', 'tsconfig.json']);
}

if (args.has('--docker') || args.has('--images')) {
  const setupArgs = ['bin/rrlab.js', 'setup'];
  if (!args.has('--images')) setupArgs.push('--no-images');
  run('node', setupArgs);
}
