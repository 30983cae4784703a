/**
 * The lab's front door: the only module `steps/` and `support/` import (the lint rules hold them to it).
 * What a step needs (the lab, its checks, observers and workloads) is named here; the modules
 * behind it are the lab's own business.
 */
export { Lab } from './lab.js';
export { nodesMatching } from './checks/select-nodes.js';
export { probePairs, ReachabilityMatrix } from './workloads/probe.js';
export { ContinuousPing } from './workloads/continuous-ping.js';
export type { Workload } from './workloads/workload.js';
export { eventually, holdsFor } from './eventually.js';
export { bestRoute, bgpPrefixCount, learnMismatches } from './checks/route-checks.js';
export type { RouteTarget } from './observe/route-target.js';
export type { RouteView } from './observe/views.js';
export { pairsOf } from './checks/endpoints.js';
export { sessionMismatches, sessionReasonMismatches } from './checks/session-checks.js';
export { unestablishedConfiguredSessions } from './checks/configured-sessions.js';
export { calicoNodeStatus } from './checks/node-status.js';
export { awaitConvergence } from './checks/convergence.js';
export {
  askForRouteRefresh,
  declareTsReflectors,
  limitReflectorPrefixes,
  tsReflector,
} from './nodes/ts-reflector.js';
export type { PathView, PeerView } from '../reflector/api/views.js';
export { METRICS_MEDIA_TYPE, nodeReportFileName, scenarioMetrics } from './scenario-report.js';
export { expandNames } from './names.js';
export { parseLabels } from './calico/labels.js';
export { formatIp, parseIpv6 } from '../net/index.js';
export { currentRunId } from './run-id.js';
export { nodesNamedIn, observeTopology } from './report/topology.js';
export { renderTopologySvg } from './report/topology-svg.js';
export { ProgressLine } from './progress.js';
