import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultWorkers } from '../../src/cli/workers.js';

const GiB = 1024 ** 3;

test('scenarios at once: two per core, at most one per 2 GiB, at most four, at least one', () => {
  assert.equal(defaultWorkers(2, 24 * GiB), 4);
  assert.equal(defaultWorkers(1, 24 * GiB), 2);
  assert.equal(defaultWorkers(16, 64 * GiB), 4);
  assert.equal(defaultWorkers(8, 5 * GiB), 2);
  assert.equal(defaultWorkers(1, 1 * GiB), 1);
});
