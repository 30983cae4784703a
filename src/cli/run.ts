import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { ensureDockerEngine } from '../lab/docker/engine.js';
import { buildImages } from '../lab/images/build-images.js';
import { removeLabelled } from '../lab/cleanup.js';
import { RUN_ID_ENV } from '../lab/run-id.js';
import { CHECKOUT_ENV, OWNER_PID_ENV } from '../lab/docker/labels.js';
import { removeStaleRunsOf } from '../lab/stale-runs.js';
import { chooseRuntime, describeRuntimeChoice, RUNTIME_ENV } from '../lab/docker/runtime.js';
import { NETWORK_MODE_ENV } from '../lab/network/lab-network.js';
import { labNetworkMode } from '../lab/network/create-network.js';
import { parseCommandArgs } from './main.js';
import { formatPreflight, preflight } from './preflight.js';
import { flakeRows, formatFlakeTable, scenarioOutcomes, type ScenarioOutcome } from './scenario-outcomes.js';
import { writeRunSummary } from './run-reports.js';
import { defaultWorkers } from './workers.js';

const distRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The checkout this rrlab runs from: its runs own the labs labelled with it. */
const checkoutRoot = resolve(distRoot, '..');

function featurePaths(positionals: string[]): string[] {
  const paths = positionals.length > 0 ? positionals : ['features'];
  return paths.map((p) => {
    // `file.feature:25` (or `:25:40`) picks scenarios by line, as cucumber does.
    const [, file = p, lines = ''] = /^(.*?)((?::\d+)*)$/.exec(p) ?? [];
    const absolute = resolve(file);
    if (!existsSync(absolute)) throw new Error(`no such feature file or folder: ${file}`);
    if (statSync(absolute).isDirectory()) {
      if (lines) throw new Error(`line numbers need a feature file, not a folder: ${p}`);
      return join(absolute, '**/*.feature');
    }
    return `${absolute}${lines}`;
  });
}

/**
 * `rrlab run [files or folders…] [--tags EXPR] [--parallel N] [--name REGEX] [--repeat N] [--fail-fast]
 * [--dry-run] [--runtime runc|crun] [--network-mode own|docker]`: cucumber with rrlab's steps on any feature files, reports in reports/, and every
 * container of the run removed on success, failure, SIGINT and SIGTERM. Every run first checks the
 * selection without Docker (undefined and ambiguous steps, Calico docstrings); `--dry-run` stops there.
 */
export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, {
    tags: { type: 'string' },
    parallel: { type: 'string' },
    name: { type: 'string', multiple: true },
    reports: { type: 'string' },
    repeat: { type: 'string' },
    'fail-fast': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    runtime: { type: 'string' },
    'network-mode': { type: 'string' },
  });
  const paths = featurePaths(positionals);
  const parallel = values.parallel === undefined ? defaultWorkers() : Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 0)
    throw new Error(`--parallel takes a whole number, not "${values.parallel}"`);
  const repeat = values.repeat === undefined ? 1 : Number(values.repeat);
  if (!Number.isInteger(repeat) || repeat < 1)
    throw new Error(`--repeat takes a whole number of at least 1, not "${values.repeat}"`);
  const failFast = values['fail-fast'] === true;
  const reportsRoot = resolve((values.reports as string | undefined) ?? 'reports');

  const checked = await preflight({
    cucumberBin: cucumberBin(),
    paths,
    imports: stepImports(),
    ...(typeof values.tags === 'string' ? { tags: values.tags } : {}),
    names: (values.name as string[] | undefined) ?? [],
  });
  process.stderr.write(`${formatPreflight(checked)}\n`);
  if (checked.errors.length > 0) return 1;
  if (values['dry-run'] === true) return 0;

  await ensureDockerEngine();
  const runId =
    process.env[RUN_ID_ENV] ??
    `${new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  process.env[RUN_ID_ENV] = runId;
  await removeStaleRunsOf(checkoutRoot, runId, (line) => process.stderr.write(`${line}\n`));
  await buildImages();
  // Chosen once for the run (the workers inherit it): the runtime after a trial start, the wiring.
  if (typeof values.runtime === 'string') process.env[RUNTIME_ENV] = values.runtime;
  if (typeof values['network-mode'] === 'string') process.env[NETWORK_MODE_ENV] = values['network-mode'];
  const runtime = await chooseRuntime();
  process.env[RUNTIME_ENV] = runtime.runtime;
  process.env[NETWORK_MODE_ENV] = labNetworkMode();
  process.stderr.write(
    `rrlab: containers under ${describeRuntimeChoice(runtime)}; network mode ${process.env[NETWORK_MODE_ENV]}; ${parallel || 1} scenario(s) at once\n`,
  );

  const runs: ScenarioOutcome[][] = [];
  let exitCode = 0;
  for (let round = 1; round <= repeat; round++) {
    if (repeat > 1) process.stderr.write(`\nrrlab: run ${round} of ${repeat}\n`);
    // One run keeps its reports in reports/; repeated runs keep each run's apart, so that the
    // report of a failing run is not overwritten by a later passing one.
    const reports = repeat > 1 ? join(reportsRoot, `run-${round}`) : reportsRoot;
    // A repeated run ends with the flake table; each run's summary is in its summary.md.
    const printSummary = repeat === 1;
    const outcome = await runCucumberOnce({
      paths,
      reports,
      runId,
      parallel,
      failFast,
      printSummary,
      values,
    });
    runs.push(outcome.scenarios);
    if (outcome.exitCode !== 0) exitCode = 1;
    if (exitCode !== 0 && failFast) break;
  }
  if (repeat > 1) process.stderr.write(`\n${formatFlakeTable(flakeRows(runs), runs.length)}\n`);
  return exitCode;
}

/** One cucumber run of the selection; every container of the run is gone when it returns. */
async function runCucumberOnce({
  paths,
  reports,
  runId,
  parallel,
  failFast,
  printSummary,
  values,
}: {
  paths: string[];
  reports: string;
  runId: string;
  parallel: number;
  failFast: boolean;
  printSummary: boolean;
  values: Record<string, string | boolean | string[] | undefined>;
}): Promise<{ exitCode: number; scenarios: ScenarioOutcome[] }> {
  mkdirSync(reports, { recursive: true });
  const messages = join(reports, 'messages.ndjson');
  // A run that dies before cucumber reports must not leave an earlier run's summary looking like its own.
  for (const stale of [messages, join(reports, 'summary.md')]) rmSync(stale, { force: true });
  const cucumberArgs = [
    cucumberBin(),
    ...paths,
    ...stepImports().flatMap((glob) => ['--import', glob]),
    '--format',
    'progress',
    '--format',
    `html:${join(reports, 'cucumber.html')}`,
    '--format',
    `junit:${join(reports, 'junit.xml')}`,
    '--format',
    `message:${messages}`,
    '--parallel',
    String(parallel),
    '--strict',
  ];
  if (typeof values.tags === 'string') cucumberArgs.push('--tags', values.tags);
  if (failFast) cucumberArgs.push('--fail-fast');
  for (const name of (values.name as string[] | undefined) ?? []) cucumberArgs.push('--name', name);

  // Cucumber runs as a child process: src/ stays a library that never imports cucumber, and a crash in
  // a scenario cannot take the cleanup below with it.
  const child = execa(process.execPath, cucumberArgs, {
    stdio: 'inherit',
    reject: false,
    env: {
      [RUN_ID_ENV]: runId,
      [OWNER_PID_ENV]: String(process.pid),
      [CHECKOUT_ENV]: checkoutRoot,
      [RUNTIME_ENV]: process.env[RUNTIME_ENV],
      [NETWORK_MODE_ENV]: process.env[NETWORK_MODE_ENV],
    },
  });
  const interrupted = installInterruptCleanup(runId, child);
  try {
    const result = await child;
    let scenarios: ScenarioOutcome[] = [];
    if (existsSync(messages)) {
      const stream = readFileSync(messages, 'utf8');
      scenarios = scenarioOutcomes(stream);
      writeRunSummary(stream, reports, {
        runId,
        print: printSummary,
        stderr: (text) => process.stderr.write(text),
      });
    }
    process.stderr.write(
      `\nReports: ${reports}/cucumber.html, junit.xml, messages.ndjson, summary.md (run ${runId})\n`,
    );
    return { exitCode: result.exitCode === 0 ? 0 : 1, scenarios };
  } finally {
    interrupted.dispose();
    // Scenarios clean up after themselves; this sweep catches whatever a crash left.
    const left = await removeLabelled({ runId });
    if (left.containers + left.networks > 0) {
      process.stderr.write(
        `rrlab: removed ${left.containers} container(s) and ${left.networks} network(s) left by run ${runId}\n`,
      );
    }
  }
}

/** rrlab's support code and steps, compiled. */
function stepImports(): string[] {
  return [join(distRoot, 'support', '**', '*.js'), join(distRoot, 'steps', '**', '*.js')];
}

function cucumberBin(): string {
  const packageJson = createRequire(import.meta.url).resolve('@cucumber/cucumber/package.json');
  return join(dirname(packageJson), 'bin', 'cucumber.js');
}

/**
 * On Ctrl-C or SIGTERM: let cucumber's workers stop (they remove their own labs), then remove whatever
 * of the run is left — twice, since container starts may have been in flight — and exit.
 */
/** The process and every process below it (cucumber and the workers it forked), from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The parent PID is the second field after the command, which is in parentheses.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // Gone meanwhile.
    }
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Signal cucumber and its workers alike (each removes its own labs), then resolve once all of them
 * are gone: a worker left behind would outlive the run.
 */
async function stopProcessTree(root: number | undefined, signal: NodeJS.Signals): Promise<void> {
  if (root === undefined) return;
  const tree = processTree(root);
  for (const pid of tree) {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  }
  while (tree.some(alive)) await new Promise((r) => setTimeout(r, 100));
}

function installInterruptCleanup(
  runId: string,
  child: Promise<unknown> & { pid?: number | undefined },
): { dispose(): void } {
  let cleaning = false;
  const handler = (signal: NodeJS.Signals) => {
    if (cleaning) return;
    cleaning = true;
    process.stderr.write(`\nrrlab: ${signal}: removing the run's containers and networks…\n`);
    const sweep = () => removeLabelled({ runId });
    const childGone = Promise.race([
      stopProcessTree(child.pid, signal),
      new Promise((r) => setTimeout(r, 10_000)),
    ]);
    void childGone
      .then(sweep)
      .then(() => new Promise((r) => setTimeout(r, 1500)))
      .then(sweep)
      .catch((error) => process.stderr.write(`rrlab: cleanup failed: ${String(error)}\n`))
      .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
