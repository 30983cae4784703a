import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { awaitConvergence, type ConvergenceView } from '../../src/lab/checks/convergence.js';
import type { BgpSessionView } from '../../src/lab/observe/views.js';

/** A fake clock and a lab whose one node reports `states[poll]` for a session to a stopped peer. */
function labWith(states: (poll: number) => string) {
  let now = 0;
  let poll = 0;
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const session = (): BgpSessionView => ({
    node: 'node-1',
    protocol: 'Node_10_0_0_9',
    neighborAddress: '10.0.0.9',
    neighborAs: 64512,
    state: states(poll++),
    info: '',
  });
  const lab: ConvergenceView = {
    allNodes: () => [{ name: 'node-1', sessions: async () => [session()], routes: async () => [] }],
    timeline: { settled: () => undefined },
  };
  return { lab, clock };
}

describe('convergence: when the lab counts as settled', () => {
  test('a session to a stopped peer that cycles Connect/Active is steadily down: the lab settles', async () => {
    const { lab, clock } = labWith((poll) => (poll % 2 === 0 ? 'Active' : 'Connect'));
    const result = await awaitConvergence(lab, { timeoutMs: 30_000, clock });
    assert.deepEqual(result, { settled: true, stillChanging: [] });
  });

  test('a session that keeps coming up and going down never settles, and the node is named', async () => {
    const { lab, clock } = labWith((poll) => (poll % 2 === 0 ? 'Established' : 'Active'));
    const result = await awaitConvergence(lab, { timeoutMs: 30_000, clock });
    assert.deepEqual(result, { settled: false, stillChanging: ['node-1'] });
  });
});
