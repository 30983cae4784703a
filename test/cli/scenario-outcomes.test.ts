import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flakeRows, formatFlakeTable, scenarioOutcomes } from '../../src/cli/scenario-outcomes.js';

/** A cucumber message stream of one feature with two scenarios, the second failing at its second step. */
function stream(secondPasses: boolean): string {
  const envelopes = [
    {
      gherkinDocument: {
        uri: 'features/a.feature',
        feature: {
          children: [
            { scenario: { id: 's1', location: { line: 3 }, steps: [] } },
            { scenario: { id: 's2', location: { line: 7 }, steps: [] } },
          ],
        },
      },
    },
    {
      pickle: {
        id: 'p1',
        uri: 'features/a.feature',
        name: 'first',
        astNodeIds: ['s1'],
        steps: [{ id: 'ps1', text: 'a step' }],
      },
    },
    {
      pickle: {
        id: 'p2',
        uri: 'features/a.feature',
        name: 'second',
        astNodeIds: ['s2'],
        steps: [
          { id: 'ps2', text: 'a lab' },
          { id: 'ps3', text: '"a" learns the route of "b"' },
        ],
      },
    },
    { testCase: { id: 't1', pickleId: 'p1', testSteps: [{ id: 'ts1', pickleStepId: 'ps1' }] } },
    {
      testCase: {
        id: 't2',
        pickleId: 'p2',
        testSteps: [{ id: 'hook' }, { id: 'ts2', pickleStepId: 'ps2' }, { id: 'ts3', pickleStepId: 'ps3' }],
      },
    },
    { testCaseStarted: { id: 'c1', testCaseId: 't1' } },
    {
      testStepFinished: { testCaseStartedId: 'c1', testStepId: 'ts1', testStepResult: { status: 'PASSED' } },
    },
    { testCaseFinished: { testCaseStartedId: 'c1', willBeRetried: false } },
    { testCaseStarted: { id: 'c2', testCaseId: 't2' } },
    {
      testStepFinished: { testCaseStartedId: 'c2', testStepId: 'hook', testStepResult: { status: 'PASSED' } },
    },
    {
      testStepFinished: { testCaseStartedId: 'c2', testStepId: 'ts2', testStepResult: { status: 'PASSED' } },
    },
    {
      testStepFinished: {
        testCaseStartedId: 'c2',
        testStepId: 'ts3',
        testStepResult: secondPasses
          ? { status: 'PASSED' }
          : { status: 'FAILED', message: 'AssertionError: "a" has no route\n    at stack' },
      },
    },
    { testCaseFinished: { testCaseStartedId: 'c2', willBeRetried: false } },
  ];
  return envelopes.map((e) => JSON.stringify(e)).join('\n');
}

test('a run read back from its messages: each scenario by file and line, failures with their first failing step', () => {
  assert.deepEqual(scenarioOutcomes(stream(false)), [
    { location: 'features/a.feature:3', name: 'first', passed: true },
    {
      location: 'features/a.feature:7',
      name: 'second',
      passed: false,
      firstFailingStep: '"a" learns the route of "b" — AssertionError: "a" has no route',
    },
  ]);
});

test('the flake table counts passes and failures per scenario over every run, failing ones first', () => {
  const rows = flakeRows([
    scenarioOutcomes(stream(true)),
    scenarioOutcomes(stream(false)),
    scenarioOutcomes(stream(true)),
  ]);
  assert.deepEqual(
    rows.map((r) => [r.location, r.passes, r.failures]),
    [
      ['features/a.feature:3', 3, 0],
      ['features/a.feature:7', 2, 1],
    ],
  );
  const table = formatFlakeTable(rows, 3).split('\n');
  assert.equal(table[0], '3 run(s) of 2 scenario(s): 1 scenario(s) failed at least once');
  assert.match(
    table[2]!,
    /^features\/a\.feature:7 second\s+2\s+1\s+"a" learns the route of "b" — AssertionError/,
  );
  assert.match(table[3]!, /^features\/a\.feature:3 first\s+3\s+0$/);
});

test('runs without failures say so', () => {
  assert.match(
    formatFlakeTable(flakeRows([scenarioOutcomes(stream(true))]), 1),
    /^1 run\(s\) of 2 scenario\(s\): no failures/,
  );
});

test('a message stream cut off mid-line (an interrupted run) still gives the scenarios before the cut', () => {
  const whole = stream(true);
  const cut = `${whole}\n{"testCaseStarted":{"id":"trunc`;
  assert.deepEqual(scenarioOutcomes(cut), scenarioOutcomes(whole));
});
