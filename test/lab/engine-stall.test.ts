import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineStalledError, engineStalled, withinDeadline } from '../../src/lab/docker/engine-stall.js';

test('an engine operation past its deadline marks the engine stalled, and later ones fail at once', async () => {
  assert.equal(await withinDeadline('a quick start', async () => 'started', 100), 'started');
  assert.equal(engineStalled(), undefined);
  const never = new Promise<never>(() => undefined);
  await assert.rejects(
    withinDeadline('removing container abc', () => never, 50),
    (error: unknown) => {
      assert.ok(error instanceof EngineStalledError);
      assert.match(error.message, /did not finish removing container abc within 0\.05 s/);
      assert.match(error.message, /Restart dockerd/);
      return true;
    },
  );
  let ran = false;
  const began = Date.now();
  await assert.rejects(
    withinDeadline('starting container def', async () => {
      ran = true;
    }),
    EngineStalledError,
  );
  assert.equal(ran, false, 'nothing more is asked of a stalled engine');
  assert.ok(Date.now() - began < 50, 'and nothing waits out a deadline of its own');
});
