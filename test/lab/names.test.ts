import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { expandNames } from '../../src/lab/names.js';

describe('brace ranges in node names (STEPS.md "Names")', () => {
  test('a name without a range is itself', () => assert.deepEqual(expandNames('rr-1'), ['rr-1']));
  test('a numeric range expands in order', () =>
    assert.deepEqual(expandNames('client-{1..3}'), ['client-1', 'client-2', 'client-3']));
  test('zero-padded bounds keep their width', () =>
    assert.deepEqual(expandNames('n{08..10}'), ['n08', 'n09', 'n10']));
  test('a descending range counts down', () =>
    assert.deepEqual(expandNames('x{3..1}y'), ['x3y', 'x2y', 'x1y']));
  test('a list expands to its items', () =>
    assert.deepEqual(expandNames('rack-{a,b}'), ['rack-a', 'rack-b']));
  test('two ranges are refused', () =>
    assert.throws(() => expandNames('{1..2}-{1..2}'), /only one brace range/));
  test('an unclosed brace is refused', () => assert.throws(() => expandNames('n{1..2'), /unclosed/));
});
