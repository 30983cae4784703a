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
import { readRunSummary } from '../../src/cli/run-summary.js';
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

const reportDir = process.env.RRLAB_REPORT_DIR;

test(
  "a conformance run's report shows every lab's picture, rendered, with the lab's node count",
  {
    skip:
      noBrowser ||
      (reportDir === undefined && 'RRLAB_REPORT_DIR is not set (npm test sets it after the suite)'),
  },
  async () => {
    const { scenarios: all } = readRunSummary(await readFile(join(reportDir!, 'messages.ndjson'), 'utf8'));
    const scenarios = all.filter((row) => (row.metrics?.nodesInLab ?? 0) > 0);
    assert.ok(scenarios.length > 0, `${reportDir}/messages.ndjson holds no scenario with a lab`);
    const rendered = new Map(
      (await picturesInReport(join(reportDir!, 'cucumber.html'), chromium!)).map((p) => [p.base64, p]),
    );
    for (const { location, name, metrics, topologyPicture: picture } of scenarios) {
      const scenario = `${location} ${name}`;
      assert.ok(picture !== undefined, `${scenario}: no topology picture attached`);
      const drawn = rendered.get(picture);
      assert.ok(drawn, `${scenario}: its picture is not shown in cucumber.html`);
      assert.ok(drawn.inkedPixels > 1000, `${scenario}: its picture did not render`);
      assert.equal(
        drawn.nodesDrawn,
        metrics!.nodesInLab,
        `${scenario}: the picture draws every node of the lab`,
      );
    }
  },
);
