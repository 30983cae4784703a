import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { enrichJunit } from './junit-properties.js';
import { formatSummaryMarkdown, formatSummaryText, readRunSummary } from './run-summary.js';

export interface RunReportsOptions {
  runId: string;
  /** Print the summary table (a repeated run prints its flake table instead). */
  print: boolean;
  stderr: (text: string) => void;
}

/**
 * After cucumber: reports/summary.md, the same table on stderr, and each scenario's figures and node
 * reports added to junit.xml. A summary that cannot be made says why and leaves the run's result
 * and cucumber's reports alone.
 */
export function writeRunSummary(
  messages: string,
  reportsDir: string,
  { runId, print, stderr }: RunReportsOptions,
): void {
  const warn = (line: string) => stderr(`rrlab: ${line}\n`);
  const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
  let summary;
  try {
    summary = readRunSummary(messages);
  } catch (error) {
    warn(`no run summary: ${reason(error)}`);
    return;
  }
  const markdownPath = join(reportsDir, 'summary.md');
  writeFileSync(markdownPath, formatSummaryMarkdown(summary, { runId }));
  if (print) {
    const shown = relative(process.cwd(), markdownPath) || markdownPath;
    stderr(`\n${formatSummaryText(summary, { markdownPath: shown })}\n`);
  }
  const junitPath = join(reportsDir, 'junit.xml');
  if (!existsSync(junitPath)) return;
  try {
    const { xml, unmatched } = enrichJunit(readFileSync(junitPath, 'utf8'), summary.scenarios);
    writeFileSync(junitPath, xml);
    if (unmatched.length > 0)
      warn(`junit.xml has no test case for ${unmatched.join(', ')}: their figures are only in summary.md`);
  } catch (error) {
    warn(`junit.xml is left as cucumber wrote it: ${reason(error)}`);
  }
}
