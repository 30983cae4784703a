import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestPhrases } from '../../src/cli/nearest-phrases.js';

test('an undefined step is matched to the defined phrases that read most like it', () => {
  const phrases = [
    '{names} has/have (an )established BGP session(s) with {names}',
    '{names} has/have no BGP session(s) with {names}',
    'a Calico cluster with AS {int}',
    '{names} learn(s) {route}',
  ];
  assert.deepEqual(nearestPhrases('"a" has a established BGP sesion with "b"', phrases, 2), [
    '{names} has/have (an )established BGP session(s) with {names}',
    '{names} has/have no BGP session(s) with {names}',
  ]);
});
