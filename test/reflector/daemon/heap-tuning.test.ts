import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { REFLECTOR_V8_FLAGS, tuneHeap } from '../../../src/reflector/daemon/heap-tuning.js';

const entrypoint = fileURLToPath(new URL('../../../../images/reflector/entrypoint.sh', import.meta.url));

describe('reflector heap tuning', () => {
  test('the reflector image starts node with every flag of REFLECTOR_V8_FLAGS', () => {
    const script = readFileSync(entrypoint, 'utf8');
    const command = script.split('\n').find((line) => line.startsWith('exec node '));
    assert.ok(command, 'an exec node line');
    for (const flag of REFLECTOR_V8_FLAGS) assert.ok(command.includes(` ${flag} `), `${flag} in ${command}`);
  });

  test('tuneHeap is accepted by the running V8', () => {
    tuneHeap();
    assert.ok(getHeapStatistics().total_heap_size > 0);
  });
});
