import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CheckedTally } from '../../src/lab/checks/checked.js';
import { LabTimeline } from '../../src/lab/timeline.js';
import {
  nodeOfReportFileName,
  nodeReportFileName,
  parseScenarioMetrics,
  scenarioMetrics,
} from '../../src/lab/scenario-report.js';

/** A timeline on a clock the test moves by hand. */
function manualTimeline(): { timeline: LabTimeline; advance(ms: number): void } {
  let now = 1_000_000;
  return {
    timeline: new LabTimeline(() => now),
    advance(ms) {
      now += ms;
    },
  };
}

test('convergence runs from the end of the last change to the first check that found the lab settled', () => {
  const { timeline, advance } = manualTimeline();
  timeline.broughtUp(4, 20_000);
  advance(3_000);
  timeline.changed('Calico change');
  advance(6_500);
  timeline.settled();
  advance(2_000);
  // Settled again with nothing changed in between: no new figure.
  timeline.settled();
  timeline.changed('"rr-1" stopped');
  advance(9_000);
  timeline.settled();
  assert.deepEqual(timeline.convergences, [
    { after: 'Calico change', ms: 6_500 },
    { after: '"rr-1" stopped', ms: 9_000 },
  ]);
  assert.deepEqual(timeline.bringUps, [{ nodes: 4, ms: 20_000 }]);
});

test('a lab seen settled before any change has no convergence figure', () => {
  const { timeline } = manualTimeline();
  timeline.settled();
  assert.deepEqual(timeline.convergences, []);
});

test('a session checked from either end, or twice, counts once; routes count per node and prefix', () => {
  const tally = new CheckedTally();
  tally.session('10.0.0.2', '10.0.0.3');
  tally.session('10.0.0.3', '10.0.0.2');
  tally.session('10.0.0.2', '10.0.0.4');
  tally.session('fd00::2', 'fd00::3');
  tally.route('node-1', '192.168.0.0/26');
  tally.route('node-1', '192.168.0.0/26');
  tally.route('node-2', '192.168.0.0/26');
  assert.equal(tally.sessions, 3);
  assert.equal(tally.routes, 2);
});

test("a scenario's figures survive the round trip through the attachment", () => {
  const { timeline, advance } = manualTimeline();
  timeline.broughtUp(3, 12_000);
  timeline.broughtUp(1, 4_000);
  advance(5_000);
  timeline.settled();
  timeline.probed({ pairs: 12, ms: 1_800, rounds: 2 });
  const checked = new CheckedTally();
  checked.session('10.0.0.2', '10.0.0.3');
  checked.route('node-1', '192.168.0.0/26');
  const metrics = scenarioMetrics({
    timeline,
    syncLatenciesMs: [40, 12, 95, 30],
    checked,
    allNodes: () => ['a', 'b', 'c', 'd'],
  });
  assert.deepEqual(metrics, {
    bringUpMs: 16_000,
    nodesStarted: 4,
    nodesInLab: 4,
    convergences: [{ after: 'bring-up', ms: 5_000 }],
    controlPlane: { changes: 4, medianMs: 40, maxMs: 95 },
    reachability: [{ pairs: 12, ms: 1_800, rounds: 2 }],
    sessionsChecked: 1,
    routesChecked: 1,
  });
  assert.deepEqual(parseScenarioMetrics(JSON.stringify(metrics)), metrics);
});

test('a lab that never started reports no bring-up and no control-plane latency', () => {
  const metrics = scenarioMetrics({
    timeline: new LabTimeline(),
    syncLatenciesMs: [],
    checked: new CheckedTally(),
    allNodes: () => [],
  });
  assert.equal(metrics.bringUpMs, null);
  assert.equal(metrics.controlPlane, null);
  assert.deepEqual(parseScenarioMetrics(JSON.stringify(metrics)), metrics);
});

test('bodies that are not metrics are refused rather than half read', () => {
  assert.equal(parseScenarioMetrics('not json'), undefined);
  assert.equal(parseScenarioMetrics('null'), undefined);
  assert.equal(parseScenarioMetrics(JSON.stringify({ bringUpMs: 5 })), undefined);
  assert.equal(
    parseScenarioMetrics(
      JSON.stringify({
        bringUpMs: 5,
        nodesStarted: 1,
        nodesInLab: 1,
        convergences: [{ after: 'bring-up', ms: -1 }],
        controlPlane: null,
        sessionsChecked: 0,
        routesChecked: 0,
      }),
    ),
    undefined,
  );
});

test('node reports are named after their node and recognised by that name', () => {
  assert.equal(nodeReportFileName('node-1'), 'node-1.txt');
  assert.equal(nodeOfReportFileName(nodeReportFileName('rr-1')), 'rr-1');
  assert.equal(nodeOfReportFileName(undefined), undefined);
  assert.equal(nodeOfReportFileName('trace.json'), undefined);
});
