import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ProgressLine } from '../../src/lab/progress.js';

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => (written.push(text), true) } };
}

describe('progress of long steps', () => {
  test('nothing for a short step', () => {
    let now = 0;
    const { written, stream } = recorder(false);
    const line = new ProgressLine({ stream, now: () => now, quietMs: 3000 });
    now = 1000;
    line.update('1/2');
    line.done();
    assert.deepEqual(written, []);
  });

  test('off a TTY (CI logs): a line at most every few seconds, and the final state', () => {
    let now = 0;
    const { written, stream } = recorder(false);
    const line = new ProgressLine({ stream, now: () => now, quietMs: 3000, everyMs: 5000 });
    for (const [at, text] of [
      [3000, 'a'],
      [4000, 'b'],
      [8000, 'c'],
      [9000, 'd'],
    ] as const) {
      now = at;
      line.update(text);
    }
    line.done();
    assert.deepEqual(written, ['a\n', 'c\n', 'd\n']);
  });

  test('on a TTY: one line updated in place, ended once', () => {
    let now = 5000;
    const { written, stream } = recorder(true);
    const line = new ProgressLine({ stream, now: () => now, quietMs: 0 });
    line.update('1/3');
    now += 10;
    line.update('2/3');
    line.done('3/3');
    assert.deepEqual(written, ['\r\x1b[2K1/3', '\r\x1b[2K2/3', '\r\x1b[2K3/3\n']);
  });
});
