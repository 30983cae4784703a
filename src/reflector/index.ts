/**
 * The route reflector's routing core: pure modules, events in and actions out (holo style).
 *
 * - `config.ts`: own identity and per-peer settings, shaped after Calico's per-node BGP intent.
 * - `events.ts` / `actions.ts`: what the daemon feeds in and what it must carry out.
 * - `reflector-core.ts`: `ReflectorCore.handle` / `handleBatch` tie everything together.
 * - `attribute-interner.ts`: one shared object per distinct attribute set.
 * - `adj-rib-in.ts`, `loc-rib.ts`, `route.ts`: the RIBs (RFC 4271 §3.2).
 * - `decision.ts`: RFC 4271 §9.1.2.2 with RFC 4456 §9, each winner carrying its reason.
 * - `reflection.ts`, `loop-prevention.ts`, `next-hop.ts`: RFC 4456 §6/§8 rules, RFC 4271 §5.1.
 * - `update-group.ts`, `bucket-queue.ts`: shared Adj-RIB-Out and BIRD-style buckets, encode once per group.
 * - `import-policy.ts`: what a peer's route becomes on the way in (LOCAL_PREF, eligibility, import filter, limit).
 * - `stale-routes.ts`: stale marks and their sweep (RFC 4724 §4.2, RFC 7313 §4).
 * - `graceful-restart-helper.ts`, `end-of-rib.ts`: RFC 4724 §4.2, a restarting peer's routes and timers.
 * - `selection-deferral.ts`: RFC 4724 §4.1, waiting for End-of-RIB after our own restart.
 * - `describe-actions.ts`: actions as text lines, for logs and recorded-event tests.
 */
export type { ReflectorConfig, PeerConfig, UnicastFamily } from './config.js';
export type { ReflectorEvent } from './events.js';
export type { ReflectorAction, ReflectorTimer } from './actions.js';
export { ReflectorCore } from './reflector-core.js';
export {
  selectBestPath,
  compareRoutes,
  decisionSteps,
  type BestPath,
  type BestPathReason,
} from './decision.js';
export {
  exportRoute,
  WellKnownCommunity,
  type ExportDecision,
  type ExportRejection,
  type LocalIdentity,
  type TargetPolicy,
} from './reflection.js';
export { AttributeInterner, type AttributeSet } from './attribute-interner.js';
export { UpdateGroup, groupKey, type GroupPolicy } from './update-group.js';
export { describeActions } from './describe-actions.js';
export type { Route, SourcePeer, IneligibleReason } from './route.js';
export type { Destination } from './loc-rib.js';
