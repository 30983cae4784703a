/**
 * Bad input is caught before Docker starts: cucumber matches every step of the selection in a dry
 * run (no step runs, no hook runs), and this module reads its message stream for steps that match
 * no phrase or more than one, and for Calico resource docstrings that calicoctl would refuse. A
 * typo in a feature then costs a second, not a lab bring-up.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { judgeDocuments, loadCalicoYaml } from '../calico/index.js';
import { expandPlaceholders } from '../lab/template.js';
import { nearestPhrases } from './nearest-phrases.js';
import { readEnvelopes } from './message-stream.js';

/**
 * The phrases whose docstring is a Calico document set to apply. (`applying the Calico resources is
 * rejected with …` is left out: its docstring is meant to be refused.)
 */
export const CALICO_DOCSTRING_PHRASES: readonly string[] = [
  'the Calico resources:',
  'the Calico resources are applied:',
];

export interface PreflightReport {
  scenarios: number;
  steps: number;
  calicoDocstrings: number;
  /** Each a complete message naming the file and line. */
  errors: string[];
  warnings: string[];
}

/** The few fields of cucumber's message envelopes that the checks read. */
interface Envelope {
  gherkinDocument?: { uri: string; feature?: unknown };
  pickle?: {
    uri: string;
    steps: {
      id: string;
      text: string;
      astNodeIds: string[];
      argument?: { docString?: { content: string } };
    }[];
  };
  stepDefinition?: { id: string; pattern: { source: string } };
  parameterType?: { name: string; regularExpressions: string[] };
  testCase?: { pickleId: string; testSteps: { pickleStepId?: string; stepDefinitionIds?: string[] }[] };
  parseError?: { source: { uri?: string; location?: { line: number } }; message: string };
}

interface AstStep {
  line: number;
  docStringLine?: number;
}

/** Placeholders stand for lab addresses that exist only once nodes run; any address parses the same. */
const PLACEHOLDER_ADDRESSES = { ipv4: () => '10.255.255.254', ipv6: () => 'fd00:ffff::fffe' };

/** Reads a dry run's message stream (NDJSON) into the problems it shows. */
export function analyseDryRun(stream: string): PreflightReport {
  const envelopes = readEnvelopes<Envelope>(stream);
  const astSteps = new Map<string, AstStep>();
  const pickleSteps = new Map<
    string,
    { uri: string; step: NonNullable<Envelope['pickle']>['steps'][number] }
  >();
  const patterns = new Map<string, string>();
  const closedParameterTypes = new Map<string, string[]>();
  const errors = new Map<string, string>();
  const warnings = new Set<string>();
  const checkedDocstrings = new Set<string>();
  let scenarios = 0;
  let steps = 0;
  let calicoDocstrings = 0;

  for (const envelope of envelopes) {
    if (envelope.gherkinDocument) collectAstSteps(envelope.gherkinDocument.feature, astSteps);
    if (envelope.pickle) {
      for (const step of envelope.pickle.steps) pickleSteps.set(step.id, { uri: envelope.pickle.uri, step });
    }
    if (envelope.stepDefinition)
      patterns.set(envelope.stepDefinition.id, envelope.stepDefinition.pattern.source);
    if (envelope.parameterType) {
      const [regexp] = envelope.parameterType.regularExpressions;
      if (regexp !== undefined && /^[\w-]+(\|[\w-]+)+$/.test(regexp)) {
        closedParameterTypes.set(envelope.parameterType.name, regexp.split('|'));
      }
    }
    if (envelope.parseError) {
      const { source, message } = envelope.parseError;
      const where = `${source.uri ?? '?'}${source.location ? `:${source.location.line}` : ''}`;
      errors.set(`parse ${where}`, `${where}: ${message}`);
    }
  }

  const phraseList = [...new Set(patterns.values())];
  for (const envelope of envelopes) {
    if (!envelope.testCase) continue;
    scenarios++;
    for (const testStep of envelope.testCase.testSteps) {
      if (testStep.pickleStepId === undefined) continue; // a hook
      const pickled = pickleSteps.get(testStep.pickleStepId);
      if (!pickled) continue;
      steps++;
      const { uri, step } = pickled;
      const ast = astSteps.get(step.astNodeIds[0] ?? '');
      const where = `${uri}:${ast?.line ?? '?'}`;
      const matched = (testStep.stepDefinitionIds ?? []).map((id) => patterns.get(id) ?? id);
      if (matched.length === 0) {
        const near = nearestPhrases(step.text, phraseList).map(
          (phrase) => `      ${phrase}${parameterChoices(phrase, closedParameterTypes)}`,
        );
        errors.set(
          `${where} ${step.text}`,
          `${where}: undefined step:\n    ${step.text}\n  Nearest defined phrases:\n${near.join('\n')}`,
        );
      } else if (matched.length > 1) {
        errors.set(
          `${where} ${step.text}`,
          `${where}: ambiguous step (matches ${matched.length} phrases):\n    ${step.text}\n${matched.map((p) => `      ${p}`).join('\n')}`,
        );
      } else if (CALICO_DOCSTRING_PHRASES.includes(matched[0]!)) {
        const content = step.argument?.docString?.content;
        if (content === undefined || ast?.docStringLine === undefined) continue;
        // A Background's docstring comes once per scenario; an Outline's once per example.
        const key = `${uri}:${ast.docStringLine} ${content}`;
        if (checkedDocstrings.has(key)) continue;
        checkedDocstrings.add(key);
        calicoDocstrings++;
        const problems = checkCalicoDocstring(content, uri, ast.line, ast.docStringLine);
        if (problems.error) errors.set(key, problems.error);
        for (const warning of problems.warnings) warnings.add(warning);
      }
    }
  }
  return { scenarios, steps, calicoDocstrings, errors: [...errors.values()], warnings: [...warnings] };
}

/** calicoctl's verdict on one docstring, with lines counted in the feature file. */
function checkCalicoDocstring(
  content: string,
  uri: string,
  stepLine: number,
  docStringLine: number,
): { error?: string; warnings: string[] } {
  // Padding the text with the lines above the docstring makes every line the parser and the
  // validator report a line of the feature file.
  const text = '\n'.repeat(docStringLine) + content;
  try {
    const documents = loadCalicoYaml(expandPlaceholders(text, PLACEHOLDER_ADDRESSES), uri);
    const { issues, warnings } = judgeDocuments(documents);
    if (issues.length === 0) return { warnings: [...warnings] };
    return {
      error: `${uri}:${stepLine}: the Calico resources would be rejected:\n${issues.map((i) => `  - ${i.message}`).join('\n')}`,
      warnings: [],
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: `${uri}:${stepLine}: the Calico resources do not parse: ${message}`, warnings: [] };
  }
}

/** `  (where {fault} is stopped, killed, …)` for a phrase with a parameter of a closed set of words. */
function parameterChoices(phrase: string, closed: ReadonlyMap<string, string[]>): string {
  const parts = [...phrase.matchAll(/\{(\w+)\}/g)]
    .map((match) => match[1]!)
    .filter((name) => closed.has(name))
    .map((name) => `{${name}} is ${closed.get(name)!.join(', ')}`);
  return parts.length > 0 ? `   (where ${parts.join('; ')})` : '';
}

/** Steps of a feature, Background and Rule included, by AST node id: their line and docstring's. */
function collectAstSteps(node: unknown, into: Map<string, AstStep>): void {
  if (!node || typeof node !== 'object') return;
  const record = node as Record<string, unknown>;
  if (
    typeof record.id === 'string' &&
    typeof record.keyword === 'string' &&
    typeof record.text === 'string'
  ) {
    const location = record.location as { line: number } | undefined;
    const docString = record.docString as { location?: { line: number } } | undefined;
    if (location) {
      const step: AstStep = { line: location.line };
      if (docString?.location) step.docStringLine = docString.location.line;
      into.set(record.id, step);
    }
  }
  for (const value of Object.values(record)) if (typeof value === 'object') collectAstSteps(value, into);
}

export interface PreflightSelection {
  cucumberBin: string;
  /** Cucumber's path arguments (files, globs, `file:line`). */
  paths: readonly string[];
  /** Support and step code globs. */
  imports: readonly string[];
  tags?: string;
  names: readonly string[];
}

/** Dry-runs the selection in cucumber and reports what would fail before any step ran. */
export async function preflight(selection: PreflightSelection): Promise<PreflightReport> {
  const scratch = mkdtempSync(join(tmpdir(), 'rrlab-preflight-'));
  const messages = join(scratch, 'messages.ndjson');
  try {
    const args = [selection.cucumberBin, ...selection.paths];
    for (const glob of selection.imports) args.push('--import', glob);
    args.push('--dry-run', '--format', `message:${messages}`);
    if (selection.tags !== undefined) args.push('--tags', selection.tags);
    for (const name of selection.names) args.push('--name', name);
    const result = await execa(process.execPath, args, { reject: false, all: true });
    let stream = '';
    try {
      stream = readFileSync(messages, 'utf8');
    } catch {
      // No stream at all: cucumber failed before it ran (a support file that does not load).
    }
    const report = analyseDryRun(stream);
    if (result.exitCode !== 0 && !stream.includes('"testRunFinished"')) {
      report.errors.push(`cucumber could not load the features or the steps:\n${result.all ?? ''}`.trim());
    }
    return report;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The report as the terminal shows it. */
export function formatPreflight(report: PreflightReport): string {
  const lines: string[] = [];
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  if (report.errors.length > 0) {
    lines.push(
      `rrlab: ${report.errors.length} problem(s) in the features; nothing was started:`,
      '',
      report.errors.join('\n\n'),
    );
  } else {
    lines.push(
      `rrlab: checked ${report.scenarios} scenario(s), ${report.steps} step(s) and ${report.calicoDocstrings} Calico docstring(s): no problem found`,
    );
  }
  return lines.join('\n');
}
