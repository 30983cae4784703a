import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { lines } from './helpers.js';
import { loadRecording } from './recorded-events.js';

// Compiled to dist/test/reflector/; recordings stay in the source tree.
const recordings = ['calico-reflector'];

describe('recorded events replayed to the core (holo conformance style)', () => {
  for (const name of recordings) {
    test(`RFC 4456 §6, §8 and RFC 4724 §4.2: ${name} replays to its recorded actions`, () => {
      const url = new URL(`../../../test/reflector/recorded/${name}.events.jsonl`, import.meta.url);
      const { core, steps } = loadRecording(url);
      assert.ok(steps.length > 10);
      for (const step of steps) {
        const actual = lines(core, core.handle(step.event));
        assert.deepEqual(actual, step.expect ?? [], `events line ${step.line}`);
      }
    });
  }
});
