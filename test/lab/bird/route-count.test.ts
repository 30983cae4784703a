import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseRouteCount } from '../../../src/lab/bird/route-count.js';
import { loadSamples, samplesTitled } from './samples.js';

const bird16 = loadSamples('bird16-samples.txt');
const bird2 = loadSamples('bird2-samples.txt');
const missing = 'shared BIRD samples not found in /work/shared/reference/bird-samples';

describe('parseRouteCount on the samples', () => {
  test('1.6: one unnamed table, total equal to it', { skip: bird16 ? false : missing }, () => {
    const [sample] = samplesTitled(bird16 ?? [], '1.6 show route count');
    assert.deepEqual(parseRouteCount(sample?.text ?? ''), {
      tables: [{ table: undefined, shown: 4, routes: 4, networks: 4 }],
      total: { shown: 4, routes: 4, networks: 4, tables: 1 },
    });
  });

  test('2.x: per-table lines and the Total line', { skip: bird2 ? false : missing }, () => {
    const [first, second] = samplesTitled(bird2 ?? [], 'c3: show route count');
    assert.deepEqual(parseRouteCount(first?.text ?? ''), {
      tables: [
        { table: 'master4', shown: 2, routes: 2, networks: 2 },
        { table: 'master6', shown: 0, routes: 0, networks: 0 },
      ],
      total: { shown: 2, routes: 2, networks: 2, tables: 2 },
    });
    assert.equal(second, undefined);
  });
});

describe('parseRouteCount on replies', () => {
  test('the 1.6 count arrives as the final 0014 line', () => {
    const count = parseRouteCount({ code: 14, lines: [{ code: 14, text: '7 of 9 routes for 5 networks' }] });
    assert.deepEqual(count.total, { shown: 7, routes: 9, networks: 5, tables: 1 });
  });

  test('2.x with one table ends with 0000 and has no Total line', () => {
    const count = parseRouteCount({
      code: 0,
      lines: [
        { code: 1007, text: '3 of 3 routes for 3 networks in table master4' },
        { code: 0, text: '' },
      ],
    });
    assert.deepEqual(count.tables, [{ table: 'master4', shown: 3, routes: 3, networks: 3 }]);
    assert.deepEqual(count.total, { shown: 3, routes: 3, networks: 3, tables: 1 });
  });

  test('output without a count line is an error', () => {
    assert.throws(() => parseRouteCount('Network not in table\n'), /no route count/);
  });
});
