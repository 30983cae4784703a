import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitLane } from '../../src/lab/docker/exit-lane.js';

const laneModule = fileURLToPath(new URL('../../src/lab/docker/exit-lane.js', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lockFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'rrlab-exit-lane-')), 'engine-exit.lock');
}

test('exits of one process run one at a time, in order, and a failed one frees the lane', async () => {
  const lane = new ExitLane(lockFile());
  const log: string[] = [];
  const exit = (name: string, ms: number, fail = false) =>
    lane.run(async () => {
      log.push(`${name} begins`);
      await sleep(ms);
      log.push(`${name} ends`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    });
  const results = await Promise.allSettled([exit('a', 30), exit('b', 5, true), exit('c', 1)]);
  assert.deepEqual(log, ['a begins', 'a ends', 'b begins', 'b ends', 'c begins', 'c ends']);
  assert.deepEqual(
    results.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
  );
});

test('an exit waits while another process holds the lane, and runs once it lets go', async () => {
  const file = lockFile();
  const holder = spawn(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `const { ExitLane } = await import(${JSON.stringify(laneModule)});
       await new ExitLane(${JSON.stringify(file)}).run(async () => {
         console.log('holding');
         await new Promise((resolve) => setTimeout(resolve, 400));
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise((resolve) => holder.once('exit', resolve));
  await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
  const heldFrom = Date.now();
  const ranAt = await new ExitLane(file).run(async () => Date.now());
  assert.ok(ranAt - heldFrom >= 350, `ran ${ranAt - heldFrom} ms into the other process's 400 ms hold`);
  await exited;
  assert.equal(existsSync(file), false, 'the lane is free again');
});

test('a lane left held by a process that died is taken over', async () => {
  const file = lockFile();
  const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  writeFileSync(file, dead.stdout.trim());
  const ran = await Promise.race([
    new ExitLane(file).run(async () => 'ran'),
    sleep(2000).then(() => 'still waiting'),
  ]);
  assert.equal(ran, 'ran');
});
