/**
 * The summary of one `rrlab run`, read back from cucumber's message stream (messages.ndjson): per
 * scenario its status and duration, the figures the lab attached (bring-up, convergence,
 * control-plane latency, reachability, sessions and routes checked), and for a failure its first failing step
 * and what each node reported. Printed as a plain table on stderr and written as reports/summary.md.
 */
import {
  METRICS_MEDIA_TYPE,
  nodeOfReportFileName,
  parseScenarioMetrics,
  type ScenarioMetrics,
} from '../lab/scenario-report.js';
import type { ReachabilityRecord } from '../lab/timeline.js';
import { readEnvelopes } from './message-stream.js';

/** Where a scenario failed: its first step that did not pass, and why. */
export interface ScenarioFailure {
  /** `Then "a" learns …` for a step; `After hook` for a hook. */
  step: string;
  /** `uri:line` of the failing step, when it is a step. */
  location?: string;
  /** The error message, without its stack trace. */
  message: string;
}

export interface NodeReport {
  node: string;
  text: string;
}

export interface ScenarioRow {
  uri: string;
  /** The scenario's line (an Examples row's line for an outline), when known. */
  line: number | undefined;
  /** `uri:line`, as `rrlab run` takes it back to run the scenario alone. */
  location: string;
  featureName: string | undefined;
  name: string;
  /** Lower-case cucumber status (passed, failed, undefined, …), or `unfinished` when it never ended. */
  status: string;
  durationMs: number | undefined;
  metrics: ScenarioMetrics | undefined;
  failure: ScenarioFailure | undefined;
  nodeReports: NodeReport[];
  /** The topology picture's body (SVG, base64 as cucumber.html embeds it), when one was attached. */
  topologyPicture: string | undefined;
}

export interface RunSummary {
  /** Ordered as cucumber's JUnit report orders them: by feature file, then line. */
  scenarios: ScenarioRow[];
  durationMs: number | undefined;
}

interface Timestamp {
  seconds: number;
  nanos: number;
}

interface GherkinStep {
  id: string;
  keyword: string;
  text: string;
  location: { line: number };
}

/** The fields of cucumber's message envelopes the summary reads. */
interface Envelope {
  gherkinDocument?: { uri?: string; feature?: { name: string } & Record<string, unknown> };
  pickle?: {
    id: string;
    uri: string;
    name: string;
    location?: { line: number };
    astNodeIds: string[];
    steps: { id: string; text: string; astNodeIds: string[] }[];
  };
  hook?: { id: string; name?: string; type?: string };
  testCase?: {
    id: string;
    pickleId: string;
    testSteps: { id: string; pickleStepId?: string; hookId?: string }[];
  };
  testCaseStarted?: { id: string; testCaseId: string; timestamp: Timestamp };
  testStepFinished?: {
    testCaseStartedId: string;
    testStepId: string;
    testStepResult: {
      status: string;
      message?: string;
      exception?: { type: string; message?: string };
    };
  };
  attachment?: {
    body: string;
    contentEncoding: string;
    mediaType: string;
    fileName?: string;
    testCaseStartedId?: string;
  };
  testCaseFinished?: { testCaseStartedId: string; timestamp: Timestamp; willBeRetried: boolean };
  testRunStarted?: { timestamp: Timestamp };
  testRunFinished?: { timestamp: Timestamp };
}

/** Cucumber's own order of severity: a scenario's status is the most severe of its steps'. */
const SEVERITY = ['UNKNOWN', 'PASSED', 'SKIPPED', 'PENDING', 'UNDEFINED', 'AMBIGUOUS', 'FAILED'];

const millis = (t: Timestamp): number => t.seconds * 1000 + Math.round(t.nanos / 1e6);

/** The AST nodes of a Gherkin document that the summary names: scenario and row lines, steps. */
function indexDocument(node: unknown, lines: Map<string, number>, steps: Map<string, GherkinStep>): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  const location = record.location as { line?: number } | undefined;
  if (typeof record.id === 'string' && typeof location?.line === 'number') {
    lines.set(record.id, location.line);
    if (typeof record.keyword === 'string' && typeof record.text === 'string')
      steps.set(record.id, record as unknown as GherkinStep);
  }
  for (const value of Object.values(record))
    if (value && typeof value === 'object') indexDocument(value, lines, steps);
}

/** An error's message without the stack trace cucumber appends to it. */
function withoutStack(message: string): string {
  return message
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .trimEnd();
}

function attachmentText(attachment: NonNullable<Envelope['attachment']>): string {
  return attachment.contentEncoding === 'BASE64'
    ? Buffer.from(attachment.body, 'base64').toString('utf8')
    : attachment.body;
}

interface Attempt {
  testCaseId: string;
  startedAt: number;
  finishedAt: number | undefined;
  retried: boolean;
  worst: string;
  failure: ScenarioFailure | undefined;
  metrics: ScenarioMetrics | undefined;
  nodeReports: NodeReport[];
  topologyPicture: string | undefined;
}

/** Read a run's message stream; attempts cucumber retried are left out, as its reports leave them out. */
export function readRunSummary(ndjson: string): RunSummary {
  const lines = new Map<string, number>();
  const gherkinSteps = new Map<string, GherkinStep>();
  const featureNames = new Map<string, string>();
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const hooks = new Map<string, NonNullable<Envelope['hook']>>();
  const testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  const attempts = new Map<string, Attempt>();
  let runStarted: number | undefined;
  let runFinished: number | undefined;

  const failureOf = (
    attempt: Attempt,
    finished: NonNullable<Envelope['testStepFinished']>,
  ): ScenarioFailure => {
    const { status, message, exception } = finished.testStepResult;
    const why =
      exception?.message ??
      (message ? withoutStack(message) : undefined) ??
      (status === 'UNDEFINED' ? 'no step definition matches this step' : status.toLowerCase());
    const testCase = testCases.get(attempt.testCaseId);
    const testStep = testCase?.testSteps.find((s) => s.id === finished.testStepId);
    const pickle = testCase && pickles.get(testCase.pickleId);
    const pickleStep = pickle?.steps.find((s) => s.id === testStep?.pickleStepId);
    if (!pickle || !pickleStep) {
      const hook = testStep?.hookId ? hooks.get(testStep.hookId) : undefined;
      const kind = !hook?.type ? 'a hook' : hook.type.startsWith('BEFORE') ? 'Before hook' : 'After hook';
      return { step: hook?.name ? `${kind} "${hook.name}"` : kind, message: why };
    }
    const gherkinStep = gherkinSteps.get(pickleStep.astNodeIds[0] ?? '');
    return {
      step: gherkinStep ? `${gherkinStep.keyword.trim()} ${pickleStep.text}` : pickleStep.text,
      ...(gherkinStep ? { location: `${pickle.uri}:${gherkinStep.location.line}` } : {}),
      message: why,
    };
  };

  for (const envelope of readEnvelopes<Envelope>(ndjson)) {
    if (envelope.gherkinDocument) {
      const { uri, feature } = envelope.gherkinDocument;
      indexDocument(feature, lines, gherkinSteps);
      if (uri && feature) featureNames.set(uri, feature.name);
    }
    if (envelope.pickle) pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.hook) hooks.set(envelope.hook.id, envelope.hook);
    if (envelope.testCase) testCases.set(envelope.testCase.id, envelope.testCase);
    if (envelope.testRunStarted) runStarted = millis(envelope.testRunStarted.timestamp);
    if (envelope.testRunFinished) runFinished = millis(envelope.testRunFinished.timestamp);
    if (envelope.testCaseStarted) {
      const { id, testCaseId, timestamp } = envelope.testCaseStarted;
      attempts.set(id, {
        testCaseId,
        startedAt: millis(timestamp),
        finishedAt: undefined,
        retried: false,
        worst: 'UNKNOWN',
        failure: undefined,
        metrics: undefined,
        nodeReports: [],
        topologyPicture: undefined,
      });
    }
    const step = envelope.testStepFinished;
    const stepAttempt = step && attempts.get(step.testCaseStartedId);
    if (step && stepAttempt) {
      const { status } = step.testStepResult;
      if (SEVERITY.indexOf(status) > SEVERITY.indexOf(stepAttempt.worst)) stepAttempt.worst = status;
      if (!['PASSED', 'SKIPPED'].includes(status) && !stepAttempt.failure)
        stepAttempt.failure = failureOf(stepAttempt, step);
    }
    const attachment = envelope.attachment;
    const attachmentAttempt = attachment?.testCaseStartedId && attempts.get(attachment.testCaseStartedId);
    if (attachment && attachmentAttempt) {
      if (attachment.mediaType === METRICS_MEDIA_TYPE)
        attachmentAttempt.metrics = parseScenarioMetrics(attachmentText(attachment));
      const node = attachment.mediaType === 'text/plain' && nodeOfReportFileName(attachment.fileName);
      if (node) attachmentAttempt.nodeReports.push({ node, text: attachmentText(attachment) });
      if (attachment.mediaType === 'image/svg+xml' && attachment.contentEncoding === 'BASE64')
        attachmentAttempt.topologyPicture = attachment.body;
    }
    const finished = envelope.testCaseFinished;
    const finishedAttempt = finished && attempts.get(finished.testCaseStartedId);
    if (finished && finishedAttempt) {
      finishedAttempt.finishedAt = millis(finished.timestamp);
      finishedAttempt.retried = finished.willBeRetried;
    }
  }

  const scenarios: ScenarioRow[] = [];
  for (const attempt of attempts.values()) {
    if (attempt.retried) continue;
    const testCase = testCases.get(attempt.testCaseId);
    const pickle = testCase && pickles.get(testCase.pickleId);
    if (!pickle) continue;
    const line =
      pickle.location?.line ??
      lines.get(pickle.astNodeIds.at(-1) ?? '') ??
      lines.get(pickle.astNodeIds[0] ?? '');
    const finished = attempt.finishedAt !== undefined;
    scenarios.push({
      uri: pickle.uri,
      line,
      location: `${pickle.uri}${line === undefined ? '' : `:${line}`}`,
      featureName: featureNames.get(pickle.uri),
      name: pickle.name,
      status: finished
        ? attempt.worst === 'UNKNOWN'
          ? 'passed'
          : attempt.worst.toLowerCase()
        : 'unfinished',
      durationMs: finished ? attempt.finishedAt! - attempt.startedAt : undefined,
      metrics: attempt.metrics,
      failure: attempt.failure,
      nodeReports: attempt.nodeReports,
      topologyPicture: attempt.topologyPicture,
    });
  }
  // Cucumber's JUnit formatter orders test cases this way; junit.xml is enriched in the same order.
  scenarios.sort((a, b) => (a.uri !== b.uri ? a.uri.localeCompare(b.uri) : (a.line ?? 0) - (b.line ?? 0)));
  return {
    scenarios,
    durationMs: runStarted !== undefined && runFinished !== undefined ? runFinished - runStarted : undefined,
  };
}

export const isFailure = (row: ScenarioRow): boolean => !['passed', 'skipped'].includes(row.status);

/** `42.1 s`, `3 min 5 s`; `—` for a figure not recorded. */
export function formatSeconds(ms: number | undefined | null): string {
  if (ms === undefined || ms === null) return '—';
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

function bringUpCell(metrics: ScenarioMetrics | undefined): string {
  if (!metrics || metrics.bringUpMs === null) return '—';
  return `${formatSeconds(metrics.bringUpMs)} (${metrics.nodesStarted} node${metrics.nodesStarted === 1 ? '' : 's'})`;
}

/** The first convergence, then any later one with what it followed. */
function convergenceCell(metrics: ScenarioMetrics | undefined): string {
  if (!metrics || metrics.convergences.length === 0) return '—';
  return metrics.convergences
    .map((c, i) =>
      i === 0 && c.after === 'bring-up' ? formatSeconds(c.ms) : `${formatSeconds(c.ms)} after ${c.after}`,
    )
    .join('; ');
}

function controlPlaneCell(metrics: ScenarioMetrics | undefined): string {
  const cp = metrics?.controlPlane;
  if (!cp) return '—';
  return `${cp.medianMs} ms (max ${cp.maxMs} ms, ${cp.changes} change${cp.changes === 1 ? '' : 's'})`;
}

/** The largest reachability check that held: its pairs and how long they took to answer. */
export function largestReachability(metrics: ScenarioMetrics | undefined) {
  return (metrics?.reachability ?? []).reduce<ReachabilityRecord | undefined>(
    (largest, r) => (largest === undefined || r.pairs > largest.pairs ? r : largest),
    undefined,
  );
}

function reachabilityCell(metrics: ScenarioMetrics | undefined): string {
  const r = largestReachability(metrics);
  return r ? `${r.pairs} pair${r.pairs === 1 ? '' : 's'} in ${formatSeconds(r.ms)}` : '—';
}

function countCell(metrics: ScenarioMetrics | undefined, key: 'sessionsChecked' | 'routesChecked'): string {
  return metrics ? String(metrics[key]) : '—';
}

function headline(summary: RunSummary): string {
  const counts = new Map<string, number>();
  for (const row of summary.scenarios) counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  const order = ['passed', 'failed', 'undefined', 'ambiguous', 'pending', 'skipped', 'unfinished'];
  const parts = [...counts]
    .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
    .map(([status, count]) => `${count} ${status}`);
  const total = summary.scenarios.length;
  const duration = summary.durationMs === undefined ? '' : ` in ${formatSeconds(summary.durationMs)}`;
  return `${total} scenario${total === 1 ? '' : 's'}${parts.length ? `: ${parts.join(', ')}` : ''}${duration}`;
}

const COLUMNS = [
  'scenario',
  'status',
  'duration',
  'bring-up',
  'convergence',
  'control plane',
  'reachability',
  'sessions',
  'routes',
];

function cells(row: ScenarioRow): string[] {
  return [
    `${row.location} ${row.name}`,
    row.status,
    formatSeconds(row.durationMs),
    bringUpCell(row.metrics),
    convergenceCell(row.metrics),
    controlPlaneCell(row.metrics),
    reachabilityCell(row.metrics),
    countCell(row.metrics, 'sessionsChecked'),
    countCell(row.metrics, 'routesChecked'),
  ];
}

const LEGEND = [
  'bring-up: the lab creating, starting and waiting for its nodes (all bring-ups of the scenario)',
  'convergence: from the end of a change (bring-up, a Calico change, a fault) to the first check that found every node unchanged over consecutive polls; an upper bound, shown only where a step waited for the lab to settle',
  'control plane: a datastore change to every affected node reconfigured, median over the live changes',
  'reachability: the largest set of workload pairs a step found reachable, and the time from its first probe until every pair had answered (later rounds probe only the pairs still silent)',
  'sessions, routes: distinct BGP sessions and (node, prefix) routes the Then steps checked',
];

/** The lines of an error message to print on a terminal: the first ones, and how many more. */
function abridgeLines(text: string, limit: number): string[] {
  const lines = text.split('\n');
  return lines.length <= limit ? lines : [...lines.slice(0, limit), `… ${lines.length - limit} more line(s)`];
}

/** A plain-text table for the terminal and CI logs, then each failure with its step and message. */
export function formatSummaryText(
  summary: RunSummary,
  { markdownPath }: { markdownPath?: string } = {},
): string {
  const rows = summary.scenarios.map(cells);
  // A long scenario name would push every figure off the screen; the Markdown summary has it whole.
  for (const row of rows) if (row[0]!.length > 70) row[0] = `${row[0]!.slice(0, 69)}…`;
  const widths = COLUMNS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const format = (row: string[]) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const out = [`Run summary: ${headline(summary)}`, format(COLUMNS), ...rows.map(format)];
  for (const row of summary.scenarios.filter(isFailure)) {
    out.push('', `${row.status.toUpperCase()}: ${row.location} ${row.name}`);
    if (row.failure) {
      out.push(`  at ${row.failure.step}${row.failure.location ? ` (${row.failure.location})` : ''}`);
      out.push(...abridgeLines(row.failure.message, 15).map((line) => `    ${line}`));
    }
    if (row.nodeReports.length > 0 && markdownPath)
      out.push(`  what each node reported (${row.nodeReports.length} nodes): ${markdownPath}`);
  }
  return out.join('\n');
}

/**
 * Escape text for a Markdown table cell or heading: one line, no markup, no column breaks. An
 * underscore inside a word (`CLUSTER_LIST`) is left as it is: it cannot start emphasis there.
 */
function markdownInline(text: string): string {
  return text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/([\\`*[\]<>|])/g, '\\$1')
    .replace(/(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, '\\_');
}

/** Text as a Markdown code span: delimited by more backticks than any run inside it. */
function codeSpan(text: string): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  const longest = Math.max(0, ...[...oneLine.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = oneLine.startsWith('`') || oneLine.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${oneLine}${pad}${ticks}`;
}

/** A fenced block longer than any backtick run in the text, so the text cannot close it. */
function fenced(text: string, info = 'text'): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Terminal colour codes and characters no report should carry (control characters but tab and newline). */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/**
 * A node's report for the Markdown summary: each titled section (`===== node: title =====`) cut to
 * its first lines, saying how many were left out; the full text is in cucumber.html and junit.xml.
 */
function abridgeReport(text: string, linesPerSection: number): string {
  const out: string[] = [];
  let kept = 0;
  let dropped = 0;
  const flush = () => {
    if (dropped > 0) out.push(`… ${dropped} more line(s)`);
    kept = 0;
    dropped = 0;
  };
  for (const line of text.split('\n')) {
    if (/^===== .+ =====$/.test(line)) {
      flush();
      out.push(line);
    } else if (kept < linesPerSection) {
      out.push(line);
      kept++;
    } else dropped++;
  }
  flush();
  return out.join('\n');
}

/** Nodes the failure message names come first: they are the ones a reader looks for. */
function reportsByRelevance(row: ScenarioRow): NodeReport[] {
  const message = row.failure?.message ?? '';
  const named = (report: NodeReport) => message.includes(`"${report.node}"`);
  return [...row.nodeReports.filter(named), ...row.nodeReports.filter((r) => !named(r))];
}

export interface MarkdownOptions {
  runId?: string;
  /** Node reports shown per failed scenario, and lines per section of each. */
  nodeLimit?: number;
  linesPerSection?: number;
}

/** reports/summary.md: a table per scenario, then each failure with its step, message and node reports. */
export function formatSummaryMarkdown(
  summary: RunSummary,
  { runId, nodeLimit = 12, linesPerSection = 40 }: MarkdownOptions = {},
): string {
  const out = ['# rrlab run summary', '', `${headline(summary)}${runId ? ` (run \`${runId}\`)` : ''}.`, ''];
  const header = COLUMNS.map((c) => c[0]!.toUpperCase() + c.slice(1));
  const align = ['---', '---', '---:', '---:', '---', '---', '---:', '---:', '---:'];
  out.push(`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`);
  for (const row of summary.scenarios) {
    const [, , ...figures] = cells(row);
    const scenario = `${codeSpan(row.location)} ${markdownInline(row.name)}`;
    const status = isFailure(row) ? `**${row.status}**` : row.status;
    out.push(`| ${[scenario, status, ...figures.map(markdownInline)].join(' | ')} |`);
  }
  const failures = summary.scenarios.filter(isFailure);
  if (failures.length > 0) out.push('', '## Failures');
  for (const row of failures) {
    out.push('', `### ${codeSpan(row.location)} ${markdownInline(row.name)}`, '');
    if (row.failure) {
      const where = row.failure.location ? ` (${codeSpan(row.failure.location)})` : '';
      out.push(`${row.status} at ${codeSpan(row.failure.step)}${where}:`, '');
      out.push(fenced(printable(row.failure.message)));
    } else out.push(`${row.status}: no step reported a result.`);
    if (row.nodeReports.length > 0) {
      const shown = reportsByRelevance(row).slice(0, nodeLimit);
      out.push('', 'What each node reported:');
      for (const report of shown) {
        out.push('', `<details><summary>${markdownInline(report.node)}</summary>`, '');
        out.push(fenced(printable(abridgeReport(report.text.trimEnd(), linesPerSection))), '', '</details>');
      }
      if (row.nodeReports.length > shown.length)
        out.push(
          '',
          `… and ${row.nodeReports.length - shown.length} more node(s): see cucumber.html or junit.xml.`,
        );
    }
  }
  out.push('', '---', '', ...LEGEND.map((line) => `- ${line}`), '');
  return out.join('\n');
}
