/**
 * Golden test against Calico master's confd (`confd/tests/compiled_templates`): every case of
 * cases.json, every step of the daemon-mode ones, rendered and compared byte for byte after removing
 * blank lines, as upstream's tests compare. Then every rendered config without the Calico-fork-only
 * `krt_tunnel` is parsed by stock BIRD 1.6.8 (`bird -p -c`), as confd's `check_cmd` does.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIRD_FILE_NAMES, renderBirdConfig, type BirdFileName } from '../../src/calico/bird/render.js';
import { locateFixtures, withoutBlankLines } from './confd-fixtures.js';
import { checkpointsOf } from './confd-case-driver.js';
import { unifiedDiff } from './unified-diff.js';

const fixtures = locateFixtures();
const rendered: { label: string; files: Record<BirdFileName, string> }[] = [];

test('confd golden fixtures render identically (Calico master confd, blank lines removed)', (t) => {
  if ('missing' in fixtures) {
    t.skip(fixtures.missing);
    return;
  }
  const failures: string[] = [];
  let identical = 0;
  for (const fixtureCase of fixtures.cases) {
    const problems: string[] = [];
    try {
      for (const checkpoint of checkpointsOf(fixtures, fixtureCase)) {
        const files = renderBirdConfig(checkpoint.state, fixtureCase.nodeName);
        rendered.push({ label: checkpoint.label, files });
        if (checkpoint.expectedDir !== undefined) {
          const folder = fixtures.expectedDir(checkpoint.expectedDir);
          for (const name of BIRD_FILE_NAMES) {
            const expected = withoutBlankLines(readFileSync(path.join(folder, name), 'utf8'));
            const actual = withoutBlankLines(files[name]);
            if (expected !== actual) {
              problems.push(
                `${checkpoint.label}: ${name}\n${unifiedDiff(expected, actual, `expected/${name}`, `rendered/${name}`)}`,
              );
            }
          }
        }
        if (checkpoint.expectedPeeringCount !== undefined) {
          const count = (files['bird.cfg'] + files['bird6.cfg']).split('\nprotocol bgp ').length - 1;
          if (count !== checkpoint.expectedPeeringCount) {
            problems.push(
              `${checkpoint.label}: ${count} peerings, expected ${checkpoint.expectedPeeringCount}`,
            );
          }
        }
      }
    } catch (error) {
      problems.push(`${fixtureCase.case}: ${(error as Error).stack ?? String(error)}`);
    }
    if (problems.length === 0) identical++;
    else failures.push(...problems);
  }
  const summary = `confd fixtures: ${identical}/${fixtures.cases.length} identical`;
  console.log(summary);
  for (const failure of failures) console.log(failure);
  assert.equal(failures.length, 0, `${summary}\n${failures.join('\n')}`);
});

function birdCommand(): { run: (dir: string, main: string) => { ok: boolean; output: string } } | string {
  const found = spawnSync('sh', ['-c', 'command -v bird && command -v bird6'], { encoding: 'utf8' });
  if (found.status === 0) {
    return {
      run: (dir, main) => {
        const binary = main === 'bird6.cfg' ? 'bird6' : 'bird';
        const result = spawnSync(binary, ['-p', '-c', main], { cwd: dir, encoding: 'utf8' });
        return { ok: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
      },
    };
  }
  return 'bird/bird6 not on PATH';
}

test('rendered configs without krt_tunnel parse with stock BIRD 1.6.8 (confd check_cmd: bird -p -c)', (t) => {
  if ('missing' in fixtures) {
    t.skip(fixtures.missing);
    return;
  }
  const bird = birdCommand();
  if (typeof bird === 'string') {
    const image = spawnSync('docker', ['image', 'inspect', 'rrlab/calico-node:latest'], { encoding: 'utf8' });
    if (image.status !== 0) {
      t.skip(`${bird} and no rrlab/calico-node:latest image to run it in`);
      return;
    }
    checkInOneContainer(t);
    return;
  }
  const root = mkdtempSync(path.join(tmpdir(), 'rrlab-bird-parse-'));
  const failures: string[] = [];
  let parsed = 0;
  try {
    rendered.forEach(({ label, files }, index) => {
      const dir = path.join(root, String(index));
      mkdirSync(dir);
      for (const name of BIRD_FILE_NAMES) writeFileSync(path.join(dir, name), files[name]);
      for (const main of ['bird.cfg', 'bird6.cfg'] as const) {
        const prefix = main === 'bird.cfg' ? 'bird' : 'bird6';
        const family = [main, `${prefix}_aggr.cfg`, `${prefix}_ipam.cfg`] as const;
        if (family.some((name) => files[name as BirdFileName].includes('krt_tunnel'))) continue;
        const result = bird.run(dir, main);
        parsed++;
        if (!result.ok) failures.push(`${label}: ${main}: ${result.output}`);
      }
    });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(`bird -p: ${parsed - failures.length}/${parsed} rendered configs parse`);
  assert.deepEqual(failures, []);
});

/** Without a local BIRD: one container of the lab's calico-node image checks every file. */
function checkInOneContainer(t: { diagnostic: (message: string) => void }): void {
  const root = mkdtempSync(path.join(tmpdir(), 'rrlab-bird-parse-'));
  try {
    const script: string[] = ['status=0'];
    rendered.forEach(({ files }, index) => {
      const dir = path.join(root, String(index));
      mkdirSync(dir);
      for (const name of BIRD_FILE_NAMES) writeFileSync(path.join(dir, name), files[name]);
      for (const [main, binary, prefix] of [
        ['bird.cfg', 'bird', 'bird'],
        ['bird6.cfg', 'bird6', 'bird6'],
      ] as const) {
        const names = [main, `${prefix}_aggr.cfg`, `${prefix}_ipam.cfg`] as BirdFileName[];
        if (names.some((name) => files[name].includes('krt_tunnel'))) continue;
        script.push(
          `(cd /configs/${index} && ${binary} -p -c ${main}) || { echo "FAIL ${index} ${main}"; status=1; }`,
        );
      }
    });
    script.push('exit $status');
    writeFileSync(path.join(root, 'check.sh'), script.join('\n'));
    if (!existsSync(path.join(root, 'check.sh'))) throw new Error('could not write the check script');
    const output = execFileSync(
      'docker',
      [
        'run',
        '--rm',
        '--network',
        'none',
        '--label',
        'io.rrlab.run=confd-golden-test',
        '-v',
        `${root}:/configs:ro`,
        // The image's entrypoint starts BIRD; this container only parses.
        '--entrypoint',
        'sh',
        'rrlab/calico-node:latest',
        '/configs/check.sh',
      ],
      { encoding: 'utf8' },
    );
    t.diagnostic(output);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
