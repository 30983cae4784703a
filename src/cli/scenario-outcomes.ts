import { readEnvelopes } from './message-stream.js';
/**
 * What each scenario of one cucumber run came to, read back from its message stream
 * (messages.ndjson), and the flake table of several runs of the same selection.
 */

/** One scenario of one run: where it is, and for a failure the first step that did not pass. */
export interface ScenarioOutcome {
  /** `uri:line` of the scenario (or of its Examples row). */
  location: string;
  name: string;
  passed: boolean;
  firstFailingStep?: string;
}

interface PickleStep {
  id: string;
  text: string;
}

interface Envelope {
  gherkinDocument?: { uri?: string; feature?: unknown };
  pickle?: { id: string; uri: string; name: string; astNodeIds: string[]; steps: PickleStep[] };
  testCase?: { id: string; pickleId: string; testSteps: { id: string; pickleStepId?: string }[] };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: {
    testCaseStartedId: string;
    testStepId: string;
    testStepResult: { status: string; message?: string };
  };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
}

/** Every AST node id of a Gherkin document with the line it sits on (scenarios and example rows). */
function linesOf(node: unknown, lines: Map<string, number>): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const location = record.location as { line?: number } | undefined;
  if (typeof record.id === 'string' && typeof location?.line === 'number')
    lines.set(record.id, location.line);
  for (const value of Object.values(record)) if (value && typeof value === 'object') linesOf(value, lines);
}

/** Outcomes of every scenario that finished, in the order they finished. */
export function scenarioOutcomes(ndjson: string): ScenarioOutcome[] {
  const lines = new Map<string, number>();
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  const started = new Map<string, string>();
  const failures = new Map<string, string>();
  const outcomes: ScenarioOutcome[] = [];
  for (const envelope of readEnvelopes<Envelope>(ndjson)) {
    if (envelope.gherkinDocument) linesOf(envelope.gherkinDocument.feature, lines);
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testCaseStarted)
      started.set(envelope.testCaseStarted.id, envelope.testCaseStarted.testCaseId);
    const finishedStep = envelope.testStepFinished;
    if (finishedStep && !['PASSED', 'SKIPPED'].includes(finishedStep.testStepResult.status)) {
      if (!failures.has(finishedStep.testCaseStartedId)) {
        const testCase = testCases.get(started.get(finishedStep.testCaseStartedId) ?? '');
        const pickle = testCase && pickles.get(testCase.pickleId);
        const pickleStepId = testCase?.testSteps.find((s) => s.id === finishedStep.testStepId)?.pickleStepId;
        const text = pickle?.steps.find((s) => s.id === pickleStepId)?.text ?? 'a hook';
        const reason =
          finishedStep.testStepResult.message?.split('\n')[0] ?? finishedStep.testStepResult.status;
        failures.set(finishedStep.testCaseStartedId, `${text} — ${reason}`);
      }
    }
    const finished = envelope.testCaseFinished;
    if (finished && !finished.willBeRetried) {
      const testCase = testCases.get(started.get(finished.testCaseStartedId) ?? '');
      const pickle = testCase && pickles.get(testCase.pickleId);
      if (!pickle) continue;
      const line = lines.get(pickle.astNodeIds.at(-1) ?? '') ?? lines.get(pickle.astNodeIds[0] ?? '');
      const failure = failures.get(finished.testCaseStartedId);
      outcomes.push({
        location: `${pickle.uri}${line ? `:${line}` : ''}`,
        name: pickle.name,
        passed: failure === undefined,
        ...(failure === undefined ? {} : { firstFailingStep: failure }),
      });
    }
  }
  return outcomes;
}

/** One row of the flake table: a scenario over every run of the selection. */
export interface FlakeRow {
  location: string;
  name: string;
  passes: number;
  failures: number;
  firstFailingStep?: string;
}

export function flakeRows(runs: readonly (readonly ScenarioOutcome[])[]): FlakeRow[] {
  const rows = new Map<string, FlakeRow>();
  for (const run of runs) {
    for (const outcome of run) {
      const row = rows.get(outcome.location) ?? {
        location: outcome.location,
        name: outcome.name,
        passes: 0,
        failures: 0,
      };
      if (outcome.passed) row.passes++;
      else {
        row.failures++;
        row.firstFailingStep ??= outcome.firstFailingStep;
      }
      rows.set(outcome.location, row);
    }
  }
  return [...rows.values()];
}

/** A plain-text table for the terminal and CI logs, failing scenarios first. */
export function formatFlakeTable(rows: readonly FlakeRow[], runs: number): string {
  const sorted = [...rows].sort((a, b) => b.failures - a.failures || a.location.localeCompare(b.location));
  const failed = rows.filter((r) => r.failures > 0).length;
  const header = ['scenario', 'passes', 'failures', 'first failing step'];
  const body = sorted.map((r) => [
    `${r.location} ${r.name}`,
    String(r.passes),
    String(r.failures),
    r.firstFailingStep ?? '',
  ]);
  const widths = header.slice(0, 3).map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) => (i < 3 ? cell.padEnd(widths[i]!) : cell))
      .join('  ')
      .trimEnd();
  return [
    `${runs} run(s) of ${rows.length} scenario(s): ${failed === 0 ? 'no failures' : `${failed} scenario(s) failed at least once`}`,
    format(header),
    ...body.map(format),
  ].join('\n');
}
