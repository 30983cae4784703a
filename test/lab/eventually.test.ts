import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, holdsFor, type Clock } from '../../src/lab/eventually.js';

function fakeClock(): Clock & { slept: number } {
  let now = 0;
  const clock = {
    slept: 0,
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
      clock.slept += ms;
    },
  };
  return clock;
}

describe('waiting (STEPS.md "Waiting")', () => {
  test('eventually returns once the check passes', async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await eventually(
      async () => {
        if (++calls < 3) throw new Error('not yet');
        return 'done';
      },
      { timeoutMs: 10_000, intervalMs: 500, clock },
    );
    assert.equal(value, 'done');
    assert.equal(clock.slept, 1000);
  });
  test('eventually rethrows the last failure when the window ends', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      eventually(
        async () => {
          throw new Error(`mismatch ${++calls}`);
        },
        { timeoutMs: 2000, intervalMs: 500, clock },
      ),
      /mismatch 5\n\(still failing after 2 s\)/,
    );
  });
  test('holdsFor fails as soon as the condition breaks within the window', async () => {
    const clock = fakeClock();
    let calls = 0;
    await assert.rejects(
      holdsFor(
        async () => {
          if (++calls === 4) throw new Error('broke');
        },
        { timeoutMs: 5000, intervalMs: 500, clock },
      ),
      /broke/,
    );
  });
  test('holdsFor checks through the whole window', async () => {
    const clock = fakeClock();
    let calls = 0;
    await holdsFor(async () => void calls++, { timeoutMs: 5000, intervalMs: 1000, clock });
    assert.equal(calls, 6);
  });
});

test('a wait without a finite window is refused rather than retried forever', async () => {
  await assert.rejects(
    eventually(async () => undefined, { timeoutMs: Number.NaN }),
    /finite window/,
  );
});
