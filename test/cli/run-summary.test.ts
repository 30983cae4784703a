import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatSeconds,
  formatSummaryMarkdown,
  formatSummaryText,
  readRunSummary,
  type ScenarioRow,
} from '../../src/cli/run-summary.js';
import { FAILURE_MESSAGE, METRICS, nodeReport, runMessages } from './run-messages-fixture.js';

const A = 'features/route-reflection/seed-minimum.feature';
const B = 'features/validation/rejected-resources.feature';

test('each scenario of a run, in file and line order, with status, duration and the figures its lab attached', () => {
  const summary = readRunSummary(runMessages());
  assert.equal(summary.durationMs, 112_500);
  assert.deepEqual(
    summary.scenarios.map((s) => [s.location, s.status, s.durationMs]),
    [
      [`${A}:3`, 'passed', 34_800],
      [`${A}:8`, 'failed', 71_500],
      [`${B}:9`, 'passed', 830],
      [`${B}:10`, 'undefined', 810],
    ],
  );
  const [wired, clusterList, refused, undefinedStep] = summary.scenarios;
  assert.deepEqual(wired!.metrics, METRICS.wired);
  assert.deepEqual(clusterList!.metrics, METRICS.clusterList);
  assert.equal(refused!.metrics?.bringUpMs, null);
  assert.equal(undefinedStep!.metrics, undefined, 'a scenario that never touched a lab has no figures');
  assert.equal(wired!.featureName, 'One calico node reflects for the others');
  assert.equal(refused!.name, 'a BGPPeer with a bad asNumber is refused');
});

test('a failure names its first failing step with its line and message, and keeps what each node reported', () => {
  const [, clusterList, , undefinedStep] = readRunSummary(runMessages()).scenarios;
  assert.deepEqual(clusterList!.failure, {
    step: 'Then on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.9"',
    location: `${A}:11`,
    message: FAILURE_MESSAGE,
  });
  // The retried first attempt reported on node-9: only the attempt that counts is kept.
  assert.deepEqual(
    clusterList!.nodeReports.map((r) => r.node),
    ['node-1', 'node-2', 'node-3', 'node-4'],
  );
  assert.equal(clusterList!.nodeReports[1]!.text, nodeReport('node-2'));
  assert.deepEqual(undefinedStep!.failure, {
    step: 'Then applying a BGPPeer with a bad peerIP fails',
    location: `${B}:5`,
    message: 'no step definition matches this step',
  });
});

test('without a structured exception, the message is read from the result text without its stack', () => {
  const stream = runMessages()
    .split('\n')
    .map((line) => {
      if (!line.includes('"testStepFinished"')) return line;
      const envelope = JSON.parse(line);
      delete envelope.testStepFinished.testStepResult.exception;
      return JSON.stringify(envelope);
    })
    .join('\n');
  const clusterList = readRunSummary(stream).scenarios[1]!;
  assert.equal(clusterList.failure?.message, `AssertionError: ${FAILURE_MESSAGE}`);
});

test('a scenario whose worker died before it finished is reported as unfinished', () => {
  const stream = runMessages()
    .split('\n')
    .filter((line) => !line.includes('"testCaseFinished":{"testCaseStartedId":"c-a1"'))
    .join('\n');
  const wired = readRunSummary(stream).scenarios[0]!;
  assert.equal(wired.status, 'unfinished');
  assert.equal(wired.durationMs, undefined);
});

/** The cells of a Markdown table row, split at the pipes that are not escaped. */
function tableCells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

test('summary.md: one table row per scenario, every row with the same nine columns', () => {
  const markdown = formatSummaryMarkdown(readRunSummary(runMessages()), { runId: '20260101000000-abcdef' });
  const lines = markdown.split('\n');
  assert.equal(lines[0], '# rrlab run summary');
  assert.equal(
    lines[2],
    '4 scenarios: 2 passed, 1 failed, 1 undefined in 1 min 53 s (run `20260101000000-abcdef`).',
  );
  const table = lines.filter((line) => line.startsWith('|'));
  assert.equal(table.length, 2 + 4);
  for (const row of table) assert.equal(tableCells(row).length, 9, row);
  assert.deepEqual(tableCells(table[2]!), [
    `\`${A}:3\` one reflector and one BGPPeer wire every node`,
    'passed',
    '34.8 s',
    '18.4 s (4 nodes)',
    '7.2 s',
    '35 ms (max 80 ms, 2 changes)',
    '12 pairs in 2.4 s',
    '3',
    '6',
  ]);
  assert.deepEqual(tableCells(table[3]!), [
    `\`${A}:8\` the route \\| carries the \\<reflector\\>'s cluster ID`,
    '**failed**',
    '1 min 12 s',
    '21.1 s (4 nodes)',
    '6.1 s; 12.5 s after "node-1" stopped',
    '41 ms (max 120 ms, 3 changes)',
    '—',
    '4',
    '2',
  ]);
  assert.deepEqual(tableCells(table[5]!).slice(1), ['**undefined**', '0.8 s', '—', '—', '—', '—', '—', '—']);
});

test('summary.md: each failure with its step, its message in a fence, and the nodes the message names first', () => {
  const markdown = formatSummaryMarkdown(readRunSummary(runMessages()));
  const failures = markdown.slice(markdown.indexOf('## Failures'));
  assert.match(failures, /### `features\/route-reflection\/seed-minimum\.feature:8` the route \\\| carries/);
  assert.ok(
    failures.includes(
      `failed at \`Then on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.9"\` (\`${A}:11\`):\n\n\`\`\`text\n${FAILURE_MESSAGE}\n\`\`\``,
    ),
  );
  const order = [...failures.matchAll(/<summary>(.+?)<\/summary>/g)].map((m) => m[1]);
  assert.deepEqual(order, ['node-2', 'node-3', 'node-1', 'node-4']);
  assert.ok(!failures.includes('\x1b'), 'terminal colour codes are left out');
  assert.ok(failures.includes('bird: Mesh_10_0_0_3: Received: Cease <shutdown> & ]]> bye'));
  assert.ok(failures.includes('undefined at `Then applying a BGPPeer with a bad peerIP fails`'));
  assert.ok(failures.includes('no step definition matches this step'));
  assert.ok(!markdown.includes('node-9'), 'nothing of the retried attempt');
});

test('summary.md keeps large failures readable: a few nodes, a few lines per section', () => {
  const markdown = formatSummaryMarkdown(readRunSummary(runMessages()), { nodeLimit: 2, linesPerSection: 0 });
  assert.equal([...markdown.matchAll(/<details>/g)].length, 2);
  assert.ok(markdown.includes('… and 2 more node(s): see cucumber.html or junit.xml.'));
  assert.ok(
    markdown.includes(
      '===== node-2: show protocols all =====\n… 1 more line(s)\n===== node-2: container log',
    ),
  );
});

function row(overrides: Partial<ScenarioRow>): ScenarioRow {
  return {
    uri: 'features/x.feature',
    line: 3,
    location: 'features/x.feature:3',
    featureName: 'X',
    name: 'x',
    status: 'failed',
    durationMs: 1000,
    metrics: undefined,
    failure: { step: 'Then x', location: 'features/x.feature:4', message: 'a ``` fence\ninside' },
    nodeReports: [],
    topologyPicture: undefined,
    ...overrides,
  };
}

test('a message holding a code fence cannot close the block that shows it', () => {
  const markdown = formatSummaryMarkdown({ scenarios: [row({})], durationMs: undefined });
  assert.ok(markdown.includes('````text\na ``` fence\ninside\n````'));
});

test('names lose their Markdown meaning, but an underscore inside a word stays as written', () => {
  const markdown = formatSummaryMarkdown({
    scenarios: [row({ name: '_all_ routes keep CLUSTER_LIST *as sent* [rfc]' })],
    durationMs: undefined,
  });
  assert.ok(markdown.includes('\\_all\\_ routes keep CLUSTER_LIST \\*as sent\\* \\[rfc\\]'));
});

test('the terminal summary: an aligned table, then each failure with its step and message', () => {
  const text = formatSummaryText(readRunSummary(runMessages()), { markdownPath: 'reports/summary.md' });
  const lines = text.split('\n');
  assert.equal(lines[0], 'Run summary: 4 scenarios: 2 passed, 1 failed, 1 undefined in 1 min 53 s');
  assert.match(
    lines[1]!,
    /^scenario\s+status\s+duration\s+bring-up\s+convergence\s+control plane\s+reachability\s+sessions\s+routes$/,
  );
  const statusColumn = lines[1]!.indexOf('status');
  assert.equal(lines[2]!.indexOf('passed'), statusColumn);
  assert.equal(lines[3]!.indexOf('failed'), statusColumn);
  assert.ok(
    text.includes(
      `FAILED: ${A}:8 the route | carries the <reflector>'s cluster ID\n` +
        `  at Then on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.9" (${A}:11)\n` +
        `    "node-2" 192.168.1.0/26: CLUSTER_LIST`,
    ),
  );
  assert.ok(text.includes('  what each node reported (4 nodes): reports/summary.md'));
  assert.ok(text.includes(`UNDEFINED: ${B}:10 a BGPPeer with a bad peerIP is refused`));
});

test('durations read as seconds, then minutes; a figure not recorded is a dash', () => {
  assert.equal(formatSeconds(830), '0.8 s');
  assert.equal(formatSeconds(59_940), '59.9 s');
  assert.equal(formatSeconds(125_400), '2 min 5 s');
  assert.equal(formatSeconds(null), '—');
  assert.equal(formatSeconds(undefined), '—');
});

test('a failing hook is named as a hook, without a step line', () => {
  const stream = runMessages()
    .split('\n')
    .map((line) => {
      if (!line.includes('"testStepFinished":{"testCaseStartedId":"c-a1","testStepId":"tc-a1/after"'))
        return line;
      const envelope = JSON.parse(line);
      envelope.testStepFinished.testStepResult = {
        ...envelope.testStepFinished.testStepResult,
        status: 'FAILED',
        exception: { type: 'Error', message: 'docker: no such container' },
      };
      return JSON.stringify(envelope);
    })
    .join('\n');
  const wired = readRunSummary(stream).scenarios[0]!;
  assert.equal(wired.status, 'failed');
  assert.deepEqual(wired.failure, { step: 'After hook', message: 'docker: no such container' });
});
