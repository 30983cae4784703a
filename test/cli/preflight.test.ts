/**
 * The step vocabulary driven through cucumber's own step matcher: every phrase of STEPS.md, their
 * singular and plural forms and brace ranges must match exactly one step definition, and bad input
 * (an unknown fault word, a typo, a Calico field calicoctl refuses) must be named with its line
 * before anything runs. These run a real cucumber dry run over rrlab's compiled steps.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { analyseDryRun, preflight, type PreflightReport } from '../../src/cli/preflight.js';

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const repoRoot = resolve(distRoot, '..');
const cucumberBin = join(
  dirname(createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json')),
  'bin',
  'cucumber.js',
);

async function check(feature: string): Promise<PreflightReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'rrlab-preflight-test-'));
  try {
    const path = join(scratch, 'check.feature');
    writeFileSync(path, feature);
    return await preflight({
      cucumberBin,
      paths: [path],
      imports: [join(distRoot, 'support', '**', '*.js'), join(distRoot, 'steps', '**', '*.js')],
      names: [],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function scenario(steps: readonly string[]): string {
  return `Feature: vocabulary\n  Scenario: every phrase\n${steps.map((s) => `    ${s}`).join('\n')}\n`;
}

/** Only the matching problems: docstrings written as `…` in STEPS.md are not meant to parse. */
function matchingProblems(report: PreflightReport): string[] {
  return report.errors.filter((e) => /undefined step|ambiguous step|could not load/.test(e));
}

/**
 * The steps of STEPS.md's gherkin blocks, each with the docstring or table that follows it and
 * without the trailing comments.
 */
function stepsOfContract(markdown: string): string[] {
  const blocks = [...markdown.matchAll(/```gherkin\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const steps: string[] = [];
  for (const block of blocks) {
    let inDocString = false;
    for (const raw of block.split('\n')) {
      const line = raw.replace(/\s{2,}#.*$/, '').trimEnd();
      const trimmed = line.trim();
      if (trimmed.startsWith('"""')) {
        steps[steps.length - 1] += `\n      """`;
        inDocString = !inDocString;
      } else if (inDocString) {
        steps[steps.length - 1] += `\n      ${trimmed}`;
      } else if (trimmed.startsWith('|')) {
        steps[steps.length - 1] += `\n      ${trimmed}`;
      } else if (/^(Given|When|Then|And|But) /.test(trimmed)) {
        steps.push(trimmed);
      }
    }
  }
  return steps;
}

const stepsMd = process.env.RRLAB_STEPS_MD ?? resolve(repoRoot, '..', 'shared', 'STEPS.md');

describe('STEPS.md: every phrase of the public vocabulary matches exactly one step', () => {
  test('each phrase of STEPS.md, as written', async (t) => {
    if (!existsSync(stepsMd)) {
      t.skip(`no STEPS.md at ${stepsMd} (set RRLAB_STEPS_MD)`);
      return;
    }
    const steps = stepsOfContract(readFileSync(stepsMd, 'utf8'));
    assert.ok(steps.length > 50, `STEPS.md yields ${steps.length} steps`);
    const report = await check(scenario(steps));
    assert.deepEqual(matchingProblems(report), []);
    assert.equal(report.steps, steps.length);
  });
});

/** STEPS.md's conventions: singular and plural forms are interchangeable, and a name takes a range. */
const SINGULAR_PLURAL_AND_RANGES = [
  'Given calico node "client-{1..3}"',
  'Given calico node "rr-1" is a route reflector with cluster ID "224.0.0.1"',
  'Given calico nodes "rr-{1..2}" are route reflectors with cluster ID "224.0.0.1"',
  'Given calico nodes "rack2-{1..2}" labelled "rack=r2"',
  'Given calico nodes "edge-{1..2}" with AS 64600',
  'Given TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1"',
  'Given TypeScript route reflectors "ts-rr-{2..3}" with cluster ID "224.0.0.1" labelled "route-reflector=true"',
  'Given BIRD routers "tor-{1..2}" in AS 65000 with configuration:\n      """\n      protocol bgp x { local as 65000; neighbor 10.0.0.1 as 64512; ipv4 { import all; export all; }; }\n      """',
  'Given each calico node hosts 2 workloads',
  'Given each calico node host 1 workload',
  'Given calico nodes "client-{1..2}" host workloads "web-{1..2}"',
  'Given calico node "client-3" hosts workload "db"',
  'When calico nodes "client-{2..3}" become route reflectors with cluster ID "224.0.0.2"',
  'When calico node "client-2" becomes a route reflector with cluster ID "224.0.0.2"',
  'When calico nodes "client-{1..2}" are labelled "route-reflector=true"',
  'When calico nodes "client-{2..3}" lose their route reflector cluster ID',
  'When the Calico BGPPeers "peer-{1..2}" are deleted',
  'When the Calico BGPPeer "peer-3" is deleted',
  'Then "client-1" have established BGP sessions with "rr-{1..2}"',
  'Then "client-{1..2}" has an established BGP session with "rr-1"',
  'Then "client-{1..2}" have no BGP sessions with "client-{3..4}"',
  'Then every node matching "!has(route-reflector)" has an established BGP session with every node matching "has(route-reflector)"',
  'Then every node matching "has(route-reflector)" have exactly 1 established BGP session',
  'Then calico nodes "client-{1..2}" show BGP peers:\n      | peer | type | state |\n      | rr-1 | node specific | Established |',
  'Then "client-{1..2}" learn the workload blocks of "client-{3..4}"',
  'Then "client-1" learns the workload block of "client-{3..4}"',
  'Then "client-{1..2}" do not learn the workload block of "client-3"',
  'Then "client-{1..2}" have 3 BGP routes',
  'Then "client-1" has 1 BGP route',
  'Then every calico node learn the workload blocks of every other calico node',
  'Then every node matching "rack == \'r1\'" learns the workload block of every node matching "rack == \'r2\'"',
  'Then on "client-{1..2}" the routes to the workload blocks of "client-{3..4}" have CLUSTER_LIST "224.0.0.1"',
  'Then on "client-{1..2}" the routes to the workload blocks of "client-{3..4}" have no CLUSTER_LIST',
  'Then on "client-{1..2}" the routes to the workload blocks of "client-{3..4}" have ORIGINATOR_ID of "client-{3..4}"',
  'Then on "client-{1..2}" the routes to the workload blocks of "client-{3..4}" have next hop of "client-{3..4}"',
  'Then on "tor-{1..2}" the routes to route "192.168.0.0/26" have AS path "64512"',
  'Then workloads "client-1/w{1..2}" can reach workloads "client-2/w{1..2}"',
  'Then workload "client-1/w1" cannot reach workloads "client-{2..3}/w1"',
  'Given continuous pings from workloads "client-1/w{1..2}" to workload "client-2/w1"',
  'Then the continuous pings from workloads "client-1/w{1..2}" to workload "client-2/w1" lost at most 1 consecutive packet',
  'When "rr-{1..2}" are stopped',
  'When "rr-{1..2}" are killed',
  'When "rr-{1..2}" are restarted',
  'When "rr-{1..2}" are paused',
  'When "rr-{1..2}" are unpaused',
  'When "rr-{1..2}" are disconnected from the network',
  'When "rr-{1..2}" are reconnected to the network',
  'Then "client-{1..2}" learn route "10.20.0.0/24" within 10 seconds',
  'Then the cluster converges within 1 second',
  'When "client-{1..2}" ask "ts-rr-1" for a route refresh',
  'Then "ts-rr-{1..2}" have answered a route refresh from "client-1"',
  'Then "ts-rr-1" has refused a connection from "client-{1..2}"',
  'Then "ts-rr-{1..2}" keep the routes of "client-1" as stale',
  'Then "ts-rr-1" holds no stale routes of "client-{1..2}"',
];

describe("STEPS.md conventions: singular and plural forms and brace ranges, through cucumber's matcher", () => {
  test(`${SINGULAR_PLURAL_AND_RANGES.length} variant phrases each match exactly one step`, async () => {
    // One dry run for all of them: each costs a cucumber start otherwise.
    const report = await check(scenario(SINGULAR_PLURAL_AND_RANGES));
    assert.deepEqual(report.errors, []);
    assert.equal(report.steps, SINGULAR_PLURAL_AND_RANGES.length);
  });
});

describe('bad input is named with its file and line before anything runs', () => {
  test('a fault word that is not a fault is an undefined step, and the known faults are listed', async () => {
    const report = await check(scenario(['Given calico node "rr-1"', 'When "rr-1" is rebooted']));
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0]!, /check\.feature:4: undefined step:\n {4}"rr-1" is rebooted/);
    assert.match(
      report.errors[0]!,
      /\{names\} is\/are \{fault\} +\(where \{fault\} is stopped, killed, restarted/,
    );
  });

  test('a typo gets the nearest defined phrases', async () => {
    const report = await check(scenario(['Then "c-1" has an establshed BGP session with "c-2"']));
    assert.match(
      report.errors[0]!,
      /Nearest defined phrases:\n\s+\{names\} has\/have \(an \)established BGP session/,
    );
  });

  test('a Calico field calicoctl refuses (peerIp) is named with the feature line of the field', async () => {
    const report = await check(
      scenario([
        'Given the Calico resources:',
        '  """',
        '  apiVersion: projectcalico.org/v3',
        '  kind: BGPPeer',
        '  metadata:',
        '    name: tor',
        '  spec:',
        '    peerIp: {{ip "tor"}}',
        '    asNumber: 65000',
        '  """',
      ]),
    );
    assert.equal(report.calicoDocstrings, 1);
    assert.equal(report.errors.length, 1);
    assert.match(report.errors[0]!, /check\.feature:3: the Calico resources would be rejected/);
    assert.match(
      report.errors[0]!,
      /check\.feature:10\): error parsing document: field in document is not recognized or is in the wrong location: peerIp/,
    );
  });

  test('warnings for a duplicate resource and a BGPPeer that names no peer; the run is not stopped', async () => {
    const doc = (name: string) => [
      '  ---',
      '  apiVersion: projectcalico.org/v3',
      '  kind: BGPPeer',
      '  metadata:',
      `    name: ${name}`,
      '  spec:',
      '    nodeSelector: all()',
    ];
    const report = await check(
      scenario(['Given the Calico resources:', '  """', ...doc('p'), ...doc('p'), '  """']),
    );
    assert.deepEqual(report.errors, []);
    assert.equal(report.warnings.length, 3);
    assert.ok(report.warnings.some((w) => /is also document 0.*this one replaces it/.test(w)));
  });

  test('the docstring of a rejection step is not checked: it is meant to be refused', async () => {
    const report = await check(
      scenario([
        'Then applying the Calico resources is rejected with "not recognized":',
        '  """',
        '  apiVersion: projectcalico.org/v3',
        '  kind: BGPPeer',
        '  metadata: { name: p }',
        '  spec: { peerIp: 10.0.0.1 }',
        '  """',
      ]),
    );
    assert.deepEqual(report.errors, []);
    assert.equal(report.calicoDocstrings, 0);
  });

  test('a step matching two phrases is reported as ambiguous, with both phrases', () => {
    const stream = [
      {
        gherkinDocument: {
          uri: 'a.feature',
          feature: {
            children: [
              { scenario: { steps: [{ id: 's1', keyword: 'Given ', text: 'x', location: { line: 3 } }] } },
            ],
          },
        },
      },
      { pickle: { uri: 'a.feature', steps: [{ id: 'p1', text: 'x', astNodeIds: ['s1'] }] } },
      { stepDefinition: { id: 'd1', pattern: { source: '{word}' } } },
      { stepDefinition: { id: 'd2', pattern: { source: 'x' } } },
      { testCase: { pickleId: 'q', testSteps: [{ pickleStepId: 'p1', stepDefinitionIds: ['d1', 'd2'] }] } },
    ]
      .map((e) => JSON.stringify(e))
      .join('\n');
    const report = analyseDryRun(stream);
    assert.deepEqual(report.errors, [
      'a.feature:3: ambiguous step (matches 2 phrases):\n    x\n      {word}\n      x',
    ]);
  });

  test('a Gherkin syntax error is reported with its place', async () => {
    const report = await check(
      'Feature: broken\n  Scenario: s\n    Given a Calico cluster\n  Examples without outline\n',
    );
    assert.ok(report.errors.length > 0, 'a parse error is an error');
    assert.match(report.errors.join('\n'), /check\.feature/);
  });
});

describe('rrlab run stops at a typo before it touches Docker', () => {
  test('exit 1, the problem named, and no Docker engine needed', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'rrlab-typo-'));
    try {
      const feature = join(scratch, 'typo.feature');
      writeFileSync(feature, scenario(['Given calico nodes "rr-{1..2}"', 'When "rr-1" is rebooted']));
      // An engine that cannot exist: reaching for Docker would fail with a different message.
      const result = await execa(process.execPath, [join(repoRoot, 'bin', 'rrlab.js'), 'run', feature], {
        reject: false,
        all: true,
        env: { DOCKER_HOST: `unix://${join(scratch, 'no-docker.sock')}` },
      });
      assert.equal(result.exitCode, 1, result.all);
      assert.match(result.all ?? '', /1 problem\(s\) in the features; nothing was started/);
      assert.match(result.all ?? '', /typo\.feature:4: undefined step/);
      assert.doesNotMatch(result.all ?? '', /docker|Reports:/i);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
