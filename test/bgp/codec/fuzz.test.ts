import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runFuzz } from '../../../src/bgp/fuzz-engine.js';

test('fuzz: 50,000 mutated messages decode to one of the defined outcomes, no crash, no hang (RFC 7606 §2, RFC 4271 §6)', () => {
  const report = runFuzz({ messages: 50_000, seed: 20240605, perMessageBudgetMs: 250, withFsm: true });
  assert.equal(report.messages, 50_000);
  assert.equal(report.crashes, 0, JSON.stringify(report.firstFailure));
  assert.equal(report.hangs, 0, JSON.stringify(report.firstFailure));
  // The mutations must reach every kind of outcome, or the fuzzer is not exercising the error paths.
  for (const action of ['none', 'attribute-discard', 'treat-as-withdraw', 'session-reset']) {
    assert.ok(
      (report.outcomes[action] ?? 0) > 0,
      `no ${action} outcome in ${JSON.stringify(report.outcomes)}`,
    );
  }
});
