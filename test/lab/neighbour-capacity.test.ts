import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureNeighbourCapacity } from '../../src/lab/docker/neighbour-capacity.js';

test("the host's neighbour table holds about nodes² entries without garbage collection, never lowered", () => {
  const root = mkdtempSync(join(tmpdir(), 'rrlab-neigh-'));
  for (const family of ['ipv4', 'ipv6']) {
    const dir = join(root, family, 'neigh', 'default');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'gc_thresh1'), '128');
    writeFileSync(join(dir, 'gc_thresh2'), '512');
    writeFileSync(join(dir, 'gc_thresh3'), family === 'ipv4' ? '1024' : '1000000');
  }
  ensureNeighbourCapacity(200, root);
  const read = (family: string, key: string) =>
    Number(readFileSync(join(root, family, 'neigh', 'default', key), 'utf8'));
  assert.equal(read('ipv4', 'gc_thresh3'), 160_000);
  assert.equal(read('ipv4', 'gc_thresh2'), 80_000);
  assert.equal(read('ipv4', 'gc_thresh1'), 80_000);
  assert.equal(read('ipv6', 'gc_thresh3'), 1_000_000);
  assert.equal(read('ipv6', 'gc_thresh2'), 80_000);
  assert.equal(read('ipv6', 'gc_thresh1'), 80_000);
});
