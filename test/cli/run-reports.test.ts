import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRunSummary } from '../../src/cli/run-reports.js';
import { cucumberJunit, runMessages } from './run-messages-fixture.js';

function reportsDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'rrlab-reports-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('after a run: summary.md written, the table printed, junit.xml given the figures', (t) => {
  const dir = reportsDir(t);
  const stream = runMessages();
  writeFileSync(join(dir, 'junit.xml'), cucumberJunit(stream));
  let printed = '';
  writeRunSummary(stream, dir, { runId: 'r1', print: true, stderr: (text) => (printed += text) });
  const markdown = readFileSync(join(dir, 'summary.md'), 'utf8');
  assert.match(
    markdown,
    /^# rrlab run summary\n\n4 scenarios: 2 passed, 1 failed, 1 undefined in 1 min 53 s \(run `r1`\)\./,
  );
  assert.match(printed, /^\nRun summary: 4 scenarios/);
  assert.match(printed, /what each node reported \(4 nodes\): .*summary\.md/);
  assert.doesNotMatch(printed, /^rrlab: /m, 'no warnings');
  assert.equal((readFileSync(join(dir, 'junit.xml'), 'utf8').match(/<properties>/g) ?? []).length, 3);
});

test('a repeated run writes its summary.md without printing the table', (t) => {
  const dir = reportsDir(t);
  let printed = '';
  writeRunSummary(runMessages(), dir, { runId: 'r1', print: false, stderr: (text) => (printed += text) });
  assert.ok(existsSync(join(dir, 'summary.md')));
  assert.equal(printed, '');
});

test('a junit.xml that cannot be read is left as cucumber wrote it, and the run says so', (t) => {
  const dir = reportsDir(t);
  writeFileSync(join(dir, 'junit.xml'), '<testsuite><testcase>');
  let printed = '';
  writeRunSummary(runMessages(), dir, { runId: 'r1', print: false, stderr: (text) => (printed += text) });
  assert.equal(readFileSync(join(dir, 'junit.xml'), 'utf8'), '<testsuite><testcase>');
  assert.match(printed, /^rrlab: junit\.xml is left as cucumber wrote it: <testcase> is never closed\n$/);
  assert.ok(existsSync(join(dir, 'summary.md')));
});

test('a message stream cut short mid-line (an interrupted run) still gives the summary of what it holds', (t) => {
  const dir = reportsDir(t);
  let printed = '';
  writeRunSummary(`${runMessages()}{"testCaseStarted":{"id"`, dir, {
    runId: 'r1',
    print: true,
    stderr: (text) => (printed += text),
  });
  assert.match(printed, /Run summary: 4 scenarios/);
  assert.ok(existsSync(join(dir, 'summary.md')));
});
