import { assert } from 'chai';
import { ThenWithin } from '../support/then.js';
import { awaitConvergence, eventually, unestablishedConfiguredSessions } from '../src/lab/index.js';

ThenWithin('the cluster converges', async function (window) {
  const started = Date.now();
  const lab = await this.runningLab();
  const timeoutMs = window.timeoutMs ?? this.positiveWindowMs;
  await eventually(
    async () => {
      const missing = await unestablishedConfiguredSessions(lab);
      assert.isEmpty(missing, missing.join('\n'));
    },
    { timeoutMs },
  );
  const { settled, stillChanging } = await awaitConvergence(lab, {
    timeoutMs: Math.max(1000, timeoutMs - (Date.now() - started)),
  });
  assert.isTrue(
    settled,
    `the lab's routing tables were still changing after ${timeoutMs / 1000} s (last on ${stillChanging.join(', ')})`,
  );
  this.attach(`converged in ${((Date.now() - started) / 1000).toFixed(1)} s`, 'text/plain');
});
