/**
 * The decision process: RFC 4271 §9.1.2.2 tie-breaking as amended by RFC 4456 §9, as a list of named
 * comparators in RFC order (GoBGP `destination.go`, BIRD `bgp_rte_better`). The winner carries the
 * name of the step that made it win, in FRR's wording (`bestpath.selectionReason`).
 *
 * Degree of preference (RFC 4271 §9.1.1) is LOCAL_PREF: for internal routes as received, for
 * external ones the configured default set on import, so step (a) can compare LOCAL_PREF directly.
 */
import { AsPathSegmentType, type AsPathSegment } from '../bgp/codec/messages.js';
import { countAsPathLength } from '../bgp/codec/attributes/as-path.js';
import type { Route } from './route.js';

export type BestPathReason =
  | 'First path received'
  | 'Local Pref'
  | 'AS Path'
  | 'Origin'
  | 'MED'
  | 'Peer Type'
  | 'IGP Metric'
  | 'Router ID'
  | 'Cluster length'
  | 'Neighbor IP';

/** Negative when `a` is preferred, positive when `b` is, 0 when this step cannot decide. */
type Compare = (a: Route, b: Route) => number;

interface Step {
  readonly reason: Exclude<BestPathReason, 'First path received'>;
  readonly compare: Compare;
}

/** RFC 4271 §9.1.2.2(c): a missing MED counts as 0 (the lowest, so the most preferred). */
const medOf = (route: Route): number => route.attributes.attributes.med ?? 0;

/**
 * The neighbouring AS of a route (RFC 4271 §9.1.2.2(c)): the first AS of an AS_SEQUENCE that starts
 * the path; 0 (our own AS) for a path that is empty or starts with a set.
 */
function neighbourAs(path: readonly AsPathSegment[] | undefined): number {
  const first = path?.[0];
  if (first === undefined || first.type !== AsPathSegmentType.AsSequence) return 0;
  return first.asns[0] ?? 0;
}

/** RFC 4456 §9: the ORIGINATOR_ID stands in for the BGP Identifier when the route carries one. */
const routerIdOf = (route: Route): number => route.attributes.attributes.originatorId ?? route.source.bgpId;

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < a.length; i++) {
    const difference = (a[i] ?? 0) - (b[i] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * The IGP cost to a next hop (RFC 4271 §9.1.2.2(e)). A reflector outside the forwarding path has
 * none, so every route costs the same and the step never decides; kept so the order reads as the RFC.
 */
const igpCost = (_route: Route): number => 0;

export const decisionSteps: readonly Step[] = [
  // RFC 4271 §9.1.1 / §9.1.2.2: highest degree of preference (LOCAL_PREF) first.
  {
    reason: 'Local Pref',
    compare: (a, b) => (b.attributes.attributes.localPref ?? 0) - (a.attributes.attributes.localPref ?? 0),
  },
  // §9.1.2.2(a): fewest AS numbers (an AS_SET counts 1, confederation segments 0).
  {
    reason: 'AS Path',
    compare: (a, b) =>
      countAsPathLength(a.attributes.attributes.asPath ?? []) -
      countAsPathLength(b.attributes.attributes.asPath ?? []),
  },
  // §9.1.2.2(b): lowest ORIGIN (IGP < EGP < INCOMPLETE).
  {
    reason: 'Origin',
    compare: (a, b) => (a.attributes.attributes.origin ?? 2) - (b.attributes.attributes.origin ?? 2),
  },
  // §9.1.2.2(c): lowest MED, only between routes from the same neighbouring AS.
  {
    reason: 'MED',
    compare: (a, b) =>
      neighbourAs(a.attributes.attributes.asPath) === neighbourAs(b.attributes.attributes.asPath)
        ? medOf(a) - medOf(b)
        : 0,
  },
  // §9.1.2.2(d): routes learned from external peers over internal ones.
  { reason: 'Peer Type', compare: (a, b) => Number(a.source.internal) - Number(b.source.internal) },
  // §9.1.2.2(e): lowest IGP cost to the next hop (always equal here, see igpCost).
  { reason: 'IGP Metric', compare: (a, b) => igpCost(a) - igpCost(b) },
  // §9.1.2.2(f) with RFC 4456 §9: lowest BGP Identifier, ORIGINATOR_ID in its place when present.
  { reason: 'Router ID', compare: (a, b) => routerIdOf(a) - routerIdOf(b) },
  // RFC 4456 §9: then the shorter CLUSTER_LIST.
  {
    reason: 'Cluster length',
    compare: (a, b) =>
      (a.attributes.attributes.clusterList?.length ?? 0) - (b.attributes.attributes.clusterList?.length ?? 0),
  },
  // §9.1.2.2(g): lowest peer address.
  { reason: 'Neighbor IP', compare: (a, b) => compareBytes(a.source.addressBytes, b.source.addressBytes) },
];

export interface Comparison {
  /** Negative when `a` wins, positive when `b` wins, 0 for two paths from one peer that tie everywhere. */
  readonly order: number;
  /** The step that decided, undefined on a full tie. */
  readonly step: number | undefined;
}

/** Runs the steps in order until one decides. */
export function compareRoutes(a: Route, b: Route): Comparison {
  for (let step = 0; step < decisionSteps.length; step++) {
    const order = (decisionSteps[step] as Step).compare(a, b);
    if (order !== 0) return { order, step };
  }
  // Two ADD-PATH paths from one peer can tie on every step: the lower received Path Identifier wins,
  // so the choice never depends on arrival order.
  return { order: a.receivedPathId - b.receivedPathId, step: undefined };
}

export interface BestPath {
  readonly route: Route;
  readonly reason: BestPathReason;
}

/**
 * Chooses among the candidates of one prefix. Ineligible routes (AS loop, unusable next hop) take no
 * part (RFC 4271 §9.1.2). The reason is the latest step the winner needed to beat every other eligible
 * path, so "Router ID" means LOCAL_PREF, AS_PATH, ... all tied with at least one rival.
 *
 * MED makes the order intransitive when neighbour ASes differ (RFC 4271 §9.1.2.2(c)); candidates
 * are scanned in a fixed order (peer address, then Path Identifier) so the result does not depend on
 * the order routes arrived in.
 */
export function selectBestPath(candidates: readonly Route[]): BestPath | undefined {
  const eligible = candidates.filter((route) => route.ineligible === undefined);
  if (eligible.length === 0) return undefined;
  eligible.sort(
    (a, b) =>
      compareBytes(a.source.addressBytes, b.source.addressBytes) || a.receivedPathId - b.receivedPathId,
  );
  let best = eligible[0] as Route;
  for (let i = 1; i < eligible.length; i++) {
    const rival = eligible[i] as Route;
    if (compareRoutes(rival, best).order < 0) best = rival;
  }
  if (eligible.length === 1) return { route: best, reason: 'First path received' };
  let decidingStep = -1;
  for (const rival of eligible) {
    if (rival === best) continue;
    const { order, step } = compareRoutes(best, rival);
    if (order < 0 && step !== undefined && step > decidingStep) decidingStep = step;
  }
  // No step separated the winner from a rival when the only rivals are the winner's own ADD-PATH
  // siblings (decided by Path Identifier, from the same neighbour) or beat it through MED's
  // intransitivity: both come down to which neighbour path came first in the scan.
  const step = decisionSteps[decidingStep];
  return { route: best, reason: step === undefined ? 'Neighbor IP' : step.reason };
}
