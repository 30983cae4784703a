/**
 * The HTML report in a real browser (Debian's headless Chromium): every topology picture renders,
 * and draws as many nodes as the lab had.
 *
 * The first test makes its own report with cucumber and rrlab's picture renderer (no Docker). The
 * second reads a conformance run's report, `RRLAB_REPORT_DIR/cucumber.html` with the
 * messages.ndjson beside it: `npm test` runs it after the suite.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { readEnvelopes } from '../../src/cli/message-stream.js';
import { METRICS_MEDIA_TYPE, parseScenarioMetrics } from '../../src/lab/scenario-report.js';
import { chromiumPath, picturesInReport } from './report-browser.js';

const chromium = chromiumPath();
const noBrowser = chromium === undefined && "Debian's chromium is not installed (apt-get install chromium)";

const FEATURE = `Feature: pictures
  Scenario: three clients of one reflector
    Given a picture of a reflector with 3 clients

  Scenario: two hundred clients, collapsed into one box
    Given a picture of a reflector with 200 clients
`;

function supportModule(cucumberEntry: string): string {
  const renderer = new URL('../../src/lab/report/topology-svg.js', import.meta.url).href;
  return `import { Given } from ${JSON.stringify(cucumberEntry)};
import { renderTopologySvg } from ${JSON.stringify(renderer)};
Given('a picture of a reflector with {int} clients', async function (count) {
  const clients = Array.from({ length: count }, (_, i) => 'client-' + (i + 1));
  const svg = await renderTopologySvg({
    nodes: [{ name: 'rr-1', kind: 'calico-node', clusterId: '224.0.0.1' },
      ...clients.map((name) => ({ name, kind: 'calico-node', clusterId: undefined }))],
    sessions: clients.map((to) => ({ from: 'rr-1', to, state: 'established', reflectsToClient: true })),
  }, { title: this.scenarioName });
  this.attach(Buffer.from(svg), { mediaType: 'image/svg+xml', fileName: 'topology.svg' });
});
`;
}

test(
  'a report made by cucumber shows each topology picture, rendered, with every node',
  { skip: noBrowser },
  async () => {
    const scratch = await mkdtemp(join(tmpdir(), 'rrlab-report-'));
    try {
      const require = createRequire(import.meta.url);
      const cucumberPackage = require.resolve('@cucumber/cucumber/package.json');
      const cucumberEntry = new URL('lib/index.js', `file://${dirname(cucumberPackage)}/`).href;
      await writeFile(join(scratch, 'pictures.feature'), FEATURE);
      await writeFile(join(scratch, 'steps.mjs'), supportModule(cucumberEntry));
      await promisify(execFile)(
        process.execPath,
        [
          join(dirname(cucumberPackage), 'bin', 'cucumber.js'),
          'pictures.feature',
          '--import',
          'steps.mjs',
          '--format',
          'html:cucumber.html',
        ],
        { cwd: scratch },
      );
      const pictures = await picturesInReport(join(scratch, 'cucumber.html'), chromium!);
      assert.deepEqual(
        pictures.map((p) => p.nodesDrawn).sort((a, b) => a - b),
        [4, 201],
      );
      for (const picture of pictures) {
        assert.ok(picture.width > 0 && picture.height > 0, 'the picture has a size');
        assert.ok(
          picture.inkedPixels > 1000,
          `the browser painted the picture (${picture.inkedPixels} pixels)`,
        );
      }
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  },
);

interface Envelope {
  pickle?: { id: string; uri: string; name: string };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
  attachment?: { testCaseStartedId?: string; mediaType: string; body: string };
}

interface LabScenario {
  name: string;
  picture: string | undefined;
  nodesInLab: number;
}

/** Every finished scenario (its last attempt) whose lab had nodes: its picture and its node count. */
function labScenarios(ndjson: string): LabScenario[] {
  const pickles = new Map<string, { uri: string; name: string }>();
  const testCases = new Map<string, string>();
  const attempts = new Map<string, string>();
  const pictures = new Map<string, string>();
  const nodes = new Map<string, number>();
  const scenarios: LabScenario[] = [];
  for (const envelope of readEnvelopes<Envelope>(ndjson)) {
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) testCases.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted)
      attempts.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const attachment = envelope.attachment;
    if (attachment?.testCaseStartedId !== undefined) {
      if (attachment.mediaType === 'image/svg+xml')
        pictures.set(attachment.testCaseStartedId, attachment.body);
      const metrics =
        attachment.mediaType === METRICS_MEDIA_TYPE ? parseScenarioMetrics(attachment.body) : undefined;
      if (metrics) nodes.set(attachment.testCaseStartedId, metrics.nodesInLab);
    }
    const finished = envelope.testCaseFinished;
    const nodesInLab = finished && nodes.get(finished.testCaseStartedId);
    if (finished && !finished.willBeRetried && nodesInLab) {
      const pickle = pickles.get(testCases.get(attempts.get(finished.testCaseStartedId) ?? '') ?? '');
      const name = pickle ? `${pickle.uri}: ${pickle.name}` : finished.testCaseStartedId;
      scenarios.push({ name, picture: pictures.get(finished.testCaseStartedId), nodesInLab });
    }
  }
  return scenarios;
}

const reportDir = process.env.RRLAB_REPORT_DIR;

test(
  "a conformance run's report shows every lab's picture, rendered, with the lab's node count",
  {
    skip:
      noBrowser ||
      (reportDir === undefined && 'RRLAB_REPORT_DIR is not set (npm test sets it after the suite)'),
  },
  async () => {
    const scenarios = labScenarios(await readFile(join(reportDir!, 'messages.ndjson'), 'utf8'));
    assert.ok(scenarios.length > 0, `${reportDir}/messages.ndjson holds no scenario with a lab`);
    const rendered = new Map(
      (await picturesInReport(join(reportDir!, 'cucumber.html'), chromium!)).map((p) => [p.base64, p]),
    );
    for (const { name, picture, nodesInLab } of scenarios) {
      assert.ok(picture !== undefined, `${name}: no topology picture attached`);
      const drawn = rendered.get(picture);
      assert.ok(drawn, `${name}: its picture is not shown in cucumber.html`);
      assert.ok(drawn.inkedPixels > 1000, `${name}: its picture did not render`);
      assert.equal(drawn.nodesDrawn, nodesInLab, `${name}: the picture draws every node of the lab`);
    }
  },
);
