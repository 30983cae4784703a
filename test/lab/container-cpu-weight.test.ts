import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CONTAINER_GROUP_SHARES,
  ensureContainerCpuWeight,
} from '../../src/lab/docker/container-cpu-weight.js';

function cgroupRoot(shares: string | undefined): string {
  const root = mkdtempSync(join(tmpdir(), 'rrlab-cgroup-'));
  if (shares !== undefined) {
    mkdirSync(join(root, 'docker'));
    writeFileSync(join(root, 'docker', 'cpu.shares'), shares);
  }
  return root;
}

const shares = (root: string) => Number(readFileSync(join(root, 'docker', 'cpu.shares'), 'utf8'));

test("the engine's container group (cgroup v1) gets more CPU weight than a host process, never less than it had", () => {
  const defaulted = cgroupRoot('1024\n');
  ensureContainerCpuWeight(defaulted);
  assert.equal(shares(defaulted), CONTAINER_GROUP_SHARES);
  assert.ok(CONTAINER_GROUP_SHARES > 1024);

  const higher = cgroupRoot('262144\n');
  ensureContainerCpuWeight(higher);
  assert.equal(shares(higher), 262_144);
});

test('without a docker cpu group (cgroup v2, systemd driver) nothing is written', () => {
  const root = cgroupRoot(undefined);
  ensureContainerCpuWeight(root);
  assert.equal(existsSync(join(root, 'docker')), false);
});
