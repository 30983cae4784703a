import type { CheckedTally } from './checks/checked.js';
import type { LabTimeline, ConvergenceRecord, ReachabilityRecord } from './timeline.js';

/**
 * What a scenario attaches to the cucumber report for `rrlab run` to read back from messages.ndjson:
 * its figures as one JSON attachment, and each node's diagnostics as a text file per node.
 */
export const METRICS_MEDIA_TYPE = 'application/vnd.rrlab.metrics+json';

/** A scenario's figures, as the lab observed them. */
export interface ScenarioMetrics {
  /** Total time of the lab's bring-ups (nodes created, started and answering); null when none ran. */
  bringUpMs: number | null;
  nodesStarted: number;
  /** Nodes in the lab when the scenario ended: the boxes its topology picture draws. */
  nodesInLab: number;
  /** One record per change the lab was later seen to settle after, the first one after bring-up. */
  convergences: ConvergenceRecord[];
  /** Datastore change to every affected node reconfigured, over the scenario's live changes. */
  controlPlane: { changes: number; medianMs: number; maxMs: number } | null;
  /** Each reachability check that held: pairs, time from its first probe, rounds (absent before 0.1). */
  reachability?: ReachabilityRecord[];
  /** Distinct BGP sessions and (node, prefix) routes the scenario's checks looked at. */
  sessionsChecked: number;
  routesChecked: number;
}

/** The parts of a lab the figures come from (a `Lab` has them all). */
export interface MeasuredLab {
  readonly timeline: LabTimeline;
  readonly syncLatenciesMs: readonly number[];
  readonly checked: CheckedTally;
  allNodes(): readonly unknown[];
}

export function scenarioMetrics(lab: MeasuredLab): ScenarioMetrics {
  const { bringUps, convergences, reachability } = lab.timeline;
  const latencies = [...lab.syncLatenciesMs].sort((a, b) => a - b);
  return {
    bringUpMs: bringUps.length === 0 ? null : bringUps.reduce((sum, b) => sum + b.ms, 0),
    nodesStarted: bringUps.reduce((sum, b) => sum + b.nodes, 0),
    nodesInLab: lab.allNodes().length,
    convergences: convergences.map((c) => ({ ...c })),
    reachability: reachability.map((r) => ({ ...r })),
    controlPlane:
      latencies.length === 0
        ? null
        : {
            changes: latencies.length,
            medianMs: latencies[Math.floor(latencies.length / 2)]!,
            maxMs: latencies[latencies.length - 1]!,
          },
    sessionsChecked: lab.checked.sessions,
    routesChecked: lab.checked.routes,
  };
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * The figures of a metrics attachment, or undefined when the body is not one (an attachment written
 * by an older rrlab, or cut short): the summary then shows the scenario without figures.
 */
export function parseScenarioMetrics(body: string): ScenarioMetrics | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  const controlPlane = m.controlPlane as Record<string, unknown> | null | undefined;
  const valid =
    (m.bringUpMs === null || isCount(m.bringUpMs)) &&
    isCount(m.nodesStarted) &&
    isCount(m.nodesInLab) &&
    Array.isArray(m.convergences) &&
    m.convergences.every(
      (c: unknown) =>
        !!c && typeof (c as ConvergenceRecord).after === 'string' && isCount((c as ConvergenceRecord).ms),
    ) &&
    (controlPlane === null ||
      (!!controlPlane &&
        isCount(controlPlane.changes) &&
        isCount(controlPlane.medianMs) &&
        isCount(controlPlane.maxMs))) &&
    (m.reachability === undefined ||
      (Array.isArray(m.reachability) &&
        m.reachability.every(
          (r: unknown) =>
            !!r &&
            isCount((r as ReachabilityRecord).pairs) &&
            isCount((r as ReachabilityRecord).ms) &&
            isCount((r as ReachabilityRecord).rounds),
        ))) &&
    isCount(m.sessionsChecked) &&
    isCount(m.routesChecked);
  return valid ? (value as ScenarioMetrics) : undefined;
}

const NODE_REPORT_SUFFIX = '.txt';

/** The file name a node's diagnostics are attached under. */
export function nodeReportFileName(node: string): string {
  return `${node}${NODE_REPORT_SUFFIX}`;
}

/** The node a text attachment reports on, or undefined when it is not a node report. */
export function nodeOfReportFileName(fileName: string | undefined): string | undefined {
  if (!fileName?.endsWith(NODE_REPORT_SUFFIX)) return undefined;
  return fileName.slice(0, -NODE_REPORT_SUFFIX.length) || undefined;
}
