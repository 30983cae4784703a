/**
 * The reflector daemon: `ReflectorCore` driven by a `BgpSpeaker`, configured from Calico's intent.
 *
 * - `daemon-config.ts`, `intent-config.ts`: `NodeIntent` → `DaemonConfig` (core config + session settings).
 * - `capabilities.ts`: what the reflector offers in its OPEN (Calico's BIRD set).
 * - `reflector-daemon.ts`: sessions, batching into the core, actions carried out, live reconfiguration.
 * - `peer-plan.ts`, `core-handover.ts`: the diff of a new configuration, and routes moved into a new core.
 * - `peer-runtime.ts`, `timer-table.ts`: per-session status, counters and write queue; RFC 4724 timers.
 * - `json-log.ts`: JSON line logs. `run-reflector.ts`: daemon + API + signals. `main.ts`: container entry.
 */
export { ReflectorDaemon, type DaemonOptions, type RefusedSource } from './reflector-daemon.js';
export { daemonConfigFromIntent, type IntentMappingOptions } from './intent-config.js';
export { CALICO_SESSION_DEFAULTS, type DaemonConfig, type SessionSettings } from './daemon-config.js';
export { reflectorCapabilities } from './capabilities.js';
export { planPeers, type PeerPlan } from './peer-plan.js';
export { handOver, type CarriedPeer, type Handover } from './core-handover.js';
export { JsonLog, SILENT_LOG, type LogLevel } from './json-log.js';
export { runReflector, type RunOptions, type RunningReflector } from './run-reflector.js';
