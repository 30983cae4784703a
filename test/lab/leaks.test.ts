/**
 * A run leaves nothing behind however it ends: interrupted during bring-up, terminated during a step,
 * its cucumber worker killed, or killed outright (the next run of the checkout then removes its labs).
 * Each test starts a real `rrlab run` on a small lab and checks the engine, the processes and the lab
 * folders afterwards.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { containerRuntime } from '../../src/lab/runtime/shared.js';
import { LAB_LABEL, RUN_LABEL } from '../../src/lab/docker/labels.js';
import { scratchRoot } from '../../src/lab/cleanup.js';
import { ownLinks } from '../../src/lab/network/own-network.js';
import { engineAnswers } from '../engine-answers.js';

const checkout = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const rrlab = join(checkout, 'bin', 'rrlab.js');

const skip = (await engineAnswers()) ? false : 'no Docker engine answers: the leak tests start real labs';

const features = mkdtempSync(join(tmpdir(), 'rrlab-leaks-'));
after(() => rmSync(features, { recursive: true, force: true }));

/** Four calico nodes with workloads, then a negative step that holds for its stability window. */
writeFileSync(
  join(features, 'small-lab.feature'),
  `Feature: a small lab
  Scenario: four nodes
    Given a Calico cluster
    And calico nodes "node-{1..4}"
    And each calico node hosts 1 workload
    Then every workload can reach every other workload
    And "node-1" has no BGP session with "10.255.255.9"
    And "node-2" has no BGP session with "10.255.255.9"
`,
);
writeFileSync(join(features, 'nothing.feature'), 'Feature: no scenario at all\n');

function newRunId(): string {
  return `leaktest-${randomBytes(4).toString('hex')}`;
}

interface Leftovers {
  containers: string[];
  /** Docker networks and the lab links of network mode "own". */
  networks: string[];
  labIds: string[];
}

async function leftovers(runId: string): Promise<Leftovers> {
  const engine = containerRuntime();
  const selector = `${RUN_LABEL}=${runId}`;
  const containers = await engine.listContainers(selector);
  const networks = await engine.listNetworks(selector);
  return {
    containers: containers.map((c) => c.name),
    networks: [...networks.map((n) => n.name), ...(await ownLinks({ runId }))],
    labIds: [...new Set(containers.map((c) => c.labels[LAB_LABEL]).filter((id) => id !== undefined))],
  };
}

/** Host processes that carry the run's id in their environment: rrlab and its cucumber workers. */
function processesOf(runId: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(`RRLAB_RUN_ID=${runId}`))
        pids.push(Number(entry));
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  return pids;
}

function startRun(
  runId: string,
  feature: string,
  { detached = false } = {},
): ChildProcess & { output: string } {
  const child = spawn(
    process.execPath,
    [rrlab, 'run', join(features, feature), '--reports', join(features, runId)],
    {
      cwd: checkout,
      env: { ...process.env, RRLAB_RUN_ID: runId },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached,
    },
  ) as ChildProcess & { output: string };
  child.output = '';
  child.stdout!.on('data', (chunk: Buffer) => (child.output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (child.output += chunk.toString()));
  return child;
}

function exited(child: ChildProcess): Promise<number | string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? child.signalCode!);
    else child.once('exit', (code, signal) => resolve(code ?? signal!));
  });
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The lab ids of the run once at least `count` of its containers exist. */
async function containersAppear(runId: string, count: number): Promise<string[]> {
  return waitFor(`${count} container(s) of run ${runId}`, async () => {
    const now = await leftovers(runId);
    return now.containers.length >= count ? now.labIds : undefined;
  });
}

async function assertNothingLeft(runId: string, labIds: readonly string[]): Promise<void> {
  const left = await leftovers(runId);
  assert.deepEqual(left.containers, [], 'containers left');
  assert.deepEqual(left.networks, [], 'networks left');
  assert.deepEqual(processesOf(runId), [], 'processes left');
  for (const labId of labIds)
    assert.equal(existsSync(join(scratchRoot(), labId)), false, `lab folder ${labId} left`);
}

describe(
  'a run leaves no container, network, process or lab folder behind',
  { skip, concurrency: false },
  () => {
    test('SIGINT during bring-up', async () => {
      const runId = newRunId();
      const run = startRun(runId, 'small-lab.feature');
      const labIds = await containersAppear(runId, 1);
      run.kill('SIGINT');
      assert.equal(await exited(run), 130, run.output);
      await assertNothingLeft(runId, labIds);
    });

    test('SIGTERM during a step', async () => {
      const runId = newRunId();
      const run = startRun(runId, 'small-lab.feature');
      const labIds = await containersAppear(runId, 4);
      await new Promise((r) => setTimeout(r, 3000)); // inside the reachability or session steps
      run.kill('SIGTERM');
      assert.equal(await exited(run), 143, run.output);
      await assertNothingLeft(runId, labIds);
    });

    test('the cucumber worker killed', async () => {
      const runId = newRunId();
      const run = startRun(runId, 'small-lab.feature');
      const labIds = await containersAppear(runId, 2);
      const workers = processesOf(runId).filter((pid) => pid !== run.pid);
      assert.notEqual(workers.length, 0, 'no cucumber worker found');
      for (const pid of workers) process.kill(pid, 'SIGKILL');
      assert.equal(await exited(run), 1, run.output);
      await assertNothingLeft(runId, labIds);
    });

    test('a run killed outright: the next run of the checkout removes its labs and says so', async () => {
      const runId = newRunId();
      const run = startRun(runId, 'small-lab.feature', { detached: true });
      const labIds = await containersAppear(runId, 2);
      process.kill(-run.pid!, 'SIGKILL'); // rrlab and its worker, no cleanup at all
      await exited(run);
      await waitFor('the killed processes to go', async () =>
        processesOf(runId).length === 0 ? true : undefined,
      );
      assert.notDeepEqual((await leftovers(runId)).containers, [], 'a killed run should leave its lab');

      const next = startRun(newRunId(), 'nothing.feature');
      assert.equal(await exited(next), 0, next.output);
      assert.match(next.output, new RegExp(`left by crashed run ${runId} of this checkout`));
      await assertNothingLeft(runId, labIds);
    });

    test('`rrlab down --all` keeps the labs of a live run unless --force', async () => {
      const runId = newRunId();
      const run = startRun(runId, 'small-lab.feature');
      const labIds = await containersAppear(runId, 1);
      const down = spawn(process.execPath, [rrlab, 'down', '--all'], {
        cwd: checkout,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      down.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      assert.equal(await exited(down), 0);
      assert.match(output, new RegExp(`kept run ${runId}: its owner process ${run.pid} is still running`));
      assert.notDeepEqual((await leftovers(runId)).containers, []);
      run.kill('SIGINT');
      await exited(run);
      await assertNothingLeft(runId, labIds);
    });
  },
);
