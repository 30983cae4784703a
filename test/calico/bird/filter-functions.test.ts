import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { filterFunctionName, filterNameForBird } from '../../../src/calico/bird/filter-functions.js';

describe('BGPFilter function names (BIRD 1.6 64-character symbol limit, Calico TruncateAndHashName)', () => {
  test('a 45-character name is kept, a 46-character one is truncated and hashed', () => {
    assert.equal(
      filterFunctionName('45characters.exactly.so.should.not.truncate-1', 'import', 4),
      "'bgp_45characters.exactly.so.should.not.truncate-1_importFilterV4'",
    );
    assert.equal(
      filterFunctionName('46characters.exactly.so.should.truncate-123456', 'import', 4),
      "'bgp_46characters.exactly.so.shou_9615CBDC00BAC628_importFilterV4'",
    );
  });

  test('property: every generated symbol fits in 64 characters and distinct long names stay distinct', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 253 }),
        fc.string({ minLength: 1, maxLength: 253 }),
        (a, b) => {
          const symbol = filterFunctionName(a, 'export', 6).slice(1, -1);
          assert.ok(symbol.length <= 64, symbol);
          if (a !== b) assert.notEqual(filterNameForBird(a), filterNameForBird(b));
        },
      ),
    );
  });
});
