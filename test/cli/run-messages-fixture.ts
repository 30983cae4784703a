/**
 * A cucumber message stream (messages.ndjson) as `rrlab run` gets it from cucumber 12 with rrlab's
 * hooks, built envelope by envelope: two feature files, run in parallel so test cases start out of
 * file order. In the first, a passing scenario and a failing one whose first attempt was retried; in
 * the second, a Scenario Outline whose first row passes without a lab and whose second stops at an
 * undefined step. The failing scenario attaches its figures and a report per node with text XML and
 * Markdown must escape.
 */
import { createRequire } from 'node:module';
import type { ScenarioMetrics } from '../../src/lab/scenario-report.js';

export const METRICS: Record<'wired' | 'clusterList', ScenarioMetrics> = {
  wired: {
    bringUpMs: 18_412,
    nodesStarted: 4,
    nodesInLab: 4,
    convergences: [{ after: 'bring-up', ms: 7_230 }],
    controlPlane: { changes: 2, medianMs: 35, maxMs: 80 },
    reachability: [
      { pairs: 2, ms: 900, rounds: 1 },
      { pairs: 12, ms: 2_430, rounds: 2 },
    ],
    sessionsChecked: 3,
    routesChecked: 6,
  },
  clusterList: {
    bringUpMs: 21_050,
    nodesStarted: 4,
    nodesInLab: 4,
    convergences: [
      { after: 'bring-up', ms: 6_100 },
      { after: '"node-1" stopped', ms: 12_480 },
    ],
    controlPlane: { changes: 3, medianMs: 41, maxMs: 120 },
    sessionsChecked: 4,
    routesChecked: 2,
  },
};

/** The message of the failing step, as chai words an `untilNone` failure. */
export const FAILURE_MESSAGE =
  "\"node-2\" 192.168.1.0/26: CLUSTER_LIST: expected [ '224.0.0.1' ] to deeply equal [ '224.0.0.9' ]\n" +
  '"node-3" reports <no route> & nothing ]]> else';

/** A node report as support/hooks.ts attaches it: titled sections, a log with terminal colours. */
export function nodeReport(node: string): string {
  return [
    `===== ${node}: show protocols all =====`,
    'Mesh_10_0_0_3 BGP master up 12:00:01 Established',
    `===== ${node}: container log =====`,
    '\x1b[31mbird: Mesh_10_0_0_3: Received: Cease <shutdown> & ]]> bye\x1b[0m',
  ].join('\n');
}

const FEATURE_A = 'features/route-reflection/seed-minimum.feature';
const FEATURE_B = 'features/validation/rejected-resources.feature';

/** Seconds since the epoch of the run's start; every timestamp is an offset from it. */
const T0 = 1_767_225_600;
const at = (seconds: number) => ({
  seconds: T0 + Math.floor(seconds),
  nanos: Math.round((seconds % 1) * 1e9),
});
const duration = (seconds: number) => ({
  seconds: Math.floor(seconds),
  nanos: Math.round((seconds % 1) * 1e9),
});

function step(id: string, line: number, keyword: string, keywordType: string, text: string) {
  return { id, location: { line, column: 5 }, keyword, keywordType, text };
}

function gherkinDocuments() {
  return [
    {
      gherkinDocument: {
        uri: FEATURE_A,
        comments: [],
        feature: {
          location: { line: 1, column: 1 },
          tags: [],
          language: 'en',
          keyword: 'Feature',
          name: 'One calico node reflects for the others',
          description: '',
          children: [
            {
              scenario: {
                id: 'a-s1',
                location: { line: 3, column: 3 },
                tags: [],
                keyword: 'Scenario',
                name: 'one reflector and one BGPPeer wire every node',
                description: '',
                examples: [],
                steps: [
                  step('a-s1-1', 4, 'Given ', 'Context', 'calico nodes "node-{1..4}"'),
                  step('a-s1-2', 5, 'Then ', 'Outcome', 'all configured BGP sessions are established'),
                  step('a-s1-3', 6, 'And ', 'Conjunction', '"node-2" has no BGP session with "node-3"'),
                ],
              },
            },
            {
              scenario: {
                id: 'a-s2',
                location: { line: 8, column: 3 },
                tags: [],
                keyword: 'Scenario',
                name: "the route | carries the <reflector>'s cluster ID",
                description: '',
                examples: [],
                steps: [
                  step('a-s2-1', 9, 'Given ', 'Context', 'calico nodes "node-{1..4}"'),
                  step('a-s2-2', 10, 'When ', 'Action', '"node-1" is stopped'),
                  step(
                    'a-s2-3',
                    11,
                    'Then ',
                    'Outcome',
                    'on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.9"',
                  ),
                ],
              },
            },
          ],
        },
      },
    },
    {
      gherkinDocument: {
        uri: FEATURE_B,
        comments: [],
        feature: {
          location: { line: 1, column: 1 },
          tags: [],
          language: 'en',
          keyword: 'Feature',
          name: 'Calico refuses what calicoctl refuses',
          description: '',
          children: [
            {
              scenario: {
                id: 'b-o',
                location: { line: 3, column: 3 },
                tags: [],
                keyword: 'Scenario Outline',
                name: 'a BGPPeer with a bad <field> is refused',
                description: '',
                steps: [
                  step('b-o-1', 4, 'Given ', 'Context', 'a Calico cluster'),
                  step('b-o-2', 5, 'Then ', 'Outcome', 'applying a BGPPeer with a bad <field> fails'),
                ],
                examples: [
                  {
                    id: 'b-ex',
                    location: { line: 7, column: 5 },
                    tags: [],
                    keyword: 'Examples',
                    name: '',
                    description: '',
                    tableHeader: {
                      id: 'b-h',
                      location: { line: 8, column: 7 },
                      cells: [{ location: { line: 8, column: 9 }, value: 'field' }],
                    },
                    tableBody: [
                      {
                        id: 'b-r1',
                        location: { line: 9, column: 7 },
                        cells: [{ location: { line: 9, column: 9 }, value: 'asNumber' }],
                      },
                      {
                        id: 'b-r2',
                        location: { line: 10, column: 7 },
                        cells: [{ location: { line: 10, column: 9 }, value: 'peerIP' }],
                      },
                    ],
                  },
                ],
              },
            },
          ],
        },
      },
    },
  ];
}

function pickles() {
  const pickle = (
    id: string,
    uri: string,
    line: number,
    name: string,
    astNodeIds: string[],
    steps: [id: string, text: string, type: string, astNodeIds: string[]][],
  ) => ({
    pickle: {
      id,
      uri,
      location: { line, column: 3 },
      name,
      language: 'en',
      tags: [],
      astNodeIds,
      steps: steps.map(([stepId, text, type, stepAst]) => ({ id: stepId, text, type, astNodeIds: stepAst })),
    },
  });
  return [
    pickle(
      'p-a1',
      FEATURE_A,
      3,
      'one reflector and one BGPPeer wire every node',
      ['a-s1'],
      [
        ['pa1-1', 'calico nodes "node-{1..4}"', 'Context', ['a-s1-1']],
        ['pa1-2', 'all configured BGP sessions are established', 'Outcome', ['a-s1-2']],
        ['pa1-3', '"node-2" has no BGP session with "node-3"', 'Outcome', ['a-s1-3']],
      ],
    ),
    pickle(
      'p-a2',
      FEATURE_A,
      8,
      "the route | carries the <reflector>'s cluster ID",
      ['a-s2'],
      [
        ['pa2-1', 'calico nodes "node-{1..4}"', 'Context', ['a-s2-1']],
        ['pa2-2', '"node-1" is stopped', 'Action', ['a-s2-2']],
        [
          'pa2-3',
          'on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.9"',
          'Outcome',
          ['a-s2-3'],
        ],
      ],
    ),
    pickle(
      'p-b1',
      FEATURE_B,
      9,
      'a BGPPeer with a bad asNumber is refused',
      ['b-o', 'b-r1'],
      [
        ['pb1-1', 'a Calico cluster', 'Context', ['b-o-1', 'b-r1']],
        ['pb1-2', 'applying a BGPPeer with a bad asNumber fails', 'Outcome', ['b-o-2', 'b-r1']],
      ],
    ),
    pickle(
      'p-b2',
      FEATURE_B,
      10,
      'a BGPPeer with a bad peerIP is refused',
      ['b-o', 'b-r2'],
      [
        ['pb2-1', 'a Calico cluster', 'Context', ['b-o-1', 'b-r2']],
        ['pb2-2', 'applying a BGPPeer with a bad peerIP fails', 'Outcome', ['b-o-2', 'b-r2']],
      ],
    ),
  ];
}

/** Test cases: each pickle's steps, then the After hook; `undefined` steps match no definition. */
function testCases() {
  const testCase = (id: string, pickleId: string, stepIds: string[], undefinedStep?: string) => ({
    testCase: {
      id,
      pickleId,
      testRunStartedId: 'run',
      testSteps: [
        ...stepIds.map((pickleStepId) => ({
          id: `${id}/${pickleStepId}`,
          pickleStepId,
          stepDefinitionIds: pickleStepId === undefinedStep ? [] : ['sd'],
          stepMatchArgumentsLists: pickleStepId === undefinedStep ? [] : [{ stepMatchArguments: [] }],
        })),
        { id: `${id}/after`, hookId: 'after-hook' },
      ],
    },
  });
  return [
    testCase('tc-a1', 'p-a1', ['pa1-1', 'pa1-2', 'pa1-3']),
    testCase('tc-a2', 'p-a2', ['pa2-1', 'pa2-2', 'pa2-3']),
    testCase('tc-b1', 'p-b1', ['pb1-1', 'pb1-2']),
    testCase('tc-b2', 'p-b2', ['pb2-1', 'pb2-2'], 'pb2-2'),
  ];
}

type Result = { status: string; seconds: number; message?: string; exception?: object };

/** One attempt of a test case: its steps' results, the After hook's attachments, its end. */
function attempt(
  startedId: string,
  testCaseId: string,
  attemptNumber: number,
  start: number,
  results: [pickleStepId: string, result: Result][],
  attachments: { body: string; mediaType: string; fileName?: string }[],
  willBeRetried: boolean,
) {
  const envelopes: object[] = [
    {
      testCaseStarted: {
        id: startedId,
        testCaseId,
        attempt: attemptNumber,
        workerId: testCaseId.startsWith('tc-a') ? 'worker-0' : 'worker-1',
        timestamp: at(start),
      },
    },
  ];
  let clock = start;
  const finish = (testStepId: string, result: Result) => {
    envelopes.push({ testStepStarted: { testCaseStartedId: startedId, testStepId, timestamp: at(clock) } });
    clock += result.seconds;
    const { seconds, ...rest } = result;
    envelopes.push({
      testStepFinished: {
        testCaseStartedId: startedId,
        testStepId,
        testStepResult: { duration: duration(seconds), ...rest },
        timestamp: at(clock),
      },
    });
  };
  for (const [pickleStepId, result] of results) finish(`${testCaseId}/${pickleStepId}`, result);
  const hookStep = `${testCaseId}/after`;
  envelopes.push({
    testStepStarted: { testCaseStartedId: startedId, testStepId: hookStep, timestamp: at(clock) },
  });
  for (const attachment of attachments) {
    envelopes.push({
      attachment: {
        ...attachment,
        contentEncoding: 'IDENTITY',
        testCaseStartedId: startedId,
        testStepId: hookStep,
        timestamp: at(clock),
      },
    });
  }
  clock += 0.8;
  envelopes.push({
    testStepFinished: {
      testCaseStartedId: startedId,
      testStepId: hookStep,
      testStepResult: { duration: duration(0.8), status: 'PASSED' },
      timestamp: at(clock),
    },
  });
  envelopes.push({ testCaseFinished: { testCaseStartedId: startedId, timestamp: at(clock), willBeRetried } });
  return envelopes;
}

const metricsAttachment = (metrics: ScenarioMetrics) => ({
  body: JSON.stringify(metrics),
  mediaType: 'application/vnd.rrlab.metrics+json',
});

function failed(message: string) {
  return {
    status: 'FAILED',
    message: `AssertionError: ${message}\n    at RrlabWorld.<anonymous> (file:///rrlab/dist/steps/routes.js:61:11)\n    at eventually (file:///rrlab/dist/src/lab/eventually.js:40:7)`,
    exception: {
      type: 'AssertionError',
      message,
      stackTrace: `    at RrlabWorld.<anonymous> (file:///rrlab/dist/steps/routes.js:61:11)`,
    },
  };
}

export function runMessages(): string {
  const envelopes: object[] = [
    { meta: { protocolVersion: '32.3.1', implementation: { name: 'cucumber-js', version: '12.9.0' } } },
    ...gherkinDocuments(),
    ...pickles(),
    {
      stepDefinition: {
        id: 'sd',
        pattern: { source: 'calico node(s) {names}', type: 'CUCUMBER_EXPRESSION' },
        sourceReference: { uri: 'dist/steps/calico-cluster.js', location: { line: 28 } },
      },
    },
    {
      hook: {
        id: 'after-hook',
        type: 'AFTER_TEST_CASE',
        sourceReference: { uri: 'dist/support/hooks.js', location: { line: 21 } },
      },
    },
    { testRunStarted: { id: 'run', timestamp: at(0) } },
    ...testCases(),
    // The second feature's worker starts first.
    ...attempt(
      'c-b1',
      'tc-b1',
      0,
      0.2,
      [
        ['pb1-1', { status: 'PASSED', seconds: 0.01 }],
        ['pb1-2', { status: 'PASSED', seconds: 0.02 }],
      ],
      [
        metricsAttachment({
          bringUpMs: null,
          nodesStarted: 0,
          nodesInLab: 0,
          convergences: [],
          controlPlane: null,
          sessionsChecked: 0,
          routesChecked: 0,
        }),
      ],
      false,
    ),
    ...attempt(
      'c-a1',
      'tc-a1',
      0,
      0.4,
      [
        ['pa1-1', { status: 'PASSED', seconds: 0.3 }],
        ['pa1-2', { status: 'PASSED', seconds: 25.6 }],
        ['pa1-3', { status: 'PASSED', seconds: 8.1 }],
      ],
      [
        {
          body: 'control plane: 2 live change(s), change to reconfigured: median 35 ms, max 80 ms',
          mediaType: 'text/plain',
        },
        metricsAttachment(METRICS.wired),
      ],
      false,
    ),
    ...attempt(
      'c-b2',
      'tc-b2',
      0,
      1.0,
      [
        ['pb2-1', { status: 'PASSED', seconds: 0.01 }],
        ['pb2-2', { status: 'UNDEFINED', seconds: 0 }],
      ],
      [],
      false,
    ),
    // First attempt of the failing scenario, retried: neither the summary nor cucumber's JUnit show it.
    ...attempt(
      'c-a2-0',
      'tc-a2',
      0,
      36,
      [
        ['pa2-1', { status: 'PASSED', seconds: 0.2 }],
        ['pa2-2', { seconds: 1.5, ...failed('the first attempt failed differently') }],
        ['pa2-3', { status: 'SKIPPED', seconds: 0 }],
      ],
      [
        metricsAttachment(METRICS.wired),
        { body: nodeReport('node-9'), mediaType: 'text/plain', fileName: 'node-9.txt' },
      ],
      true,
    ),
    ...attempt(
      'c-a2-1',
      'tc-a2',
      1,
      39,
      [
        ['pa2-1', { status: 'PASSED', seconds: 0.2 }],
        ['pa2-2', { status: 'PASSED', seconds: 10.4 }],
        ['pa2-3', { seconds: 60.1, ...failed(FAILURE_MESSAGE) }],
      ],
      [
        metricsAttachment(METRICS.clusterList),
        ...['node-1', 'node-2', 'node-3', 'node-4'].map((node) => ({
          body: nodeReport(node),
          mediaType: 'text/plain',
          fileName: `${node}.txt`,
        })),
      ],
      false,
    ),
    { testRunFinished: { success: false, timestamp: at(112.5), testRunStartedId: 'run' } },
  ];
  return `${envelopes.map((e) => JSON.stringify(e)).join('\n')}\n`;
}

interface JunitPrinter {
  update(envelope: unknown): void;
}

/**
 * junit.xml as cucumber writes it for the fixture run: its own JUnit formatter (the one
 * `--format junit:` loads), resolved from @cucumber/cucumber so it is the version rrlab runs.
 */
export function cucumberJunit(ndjson: string): string {
  const fromCucumber = createRequire(createRequire(import.meta.url).resolve('@cucumber/cucumber'));
  const { JUnitXmlPrinter } = fromCucumber('@cucumber/junit-xml-formatter') as {
    JUnitXmlPrinter: new (options: object, write: (text: string) => void) => JunitPrinter;
  };
  let xml = '';
  const printer = new JUnitXmlPrinter({}, (text) => (xml += text));
  for (const line of ndjson.split('\n')) if (line.trim()) printer.update(JSON.parse(line));
  return xml;
}
