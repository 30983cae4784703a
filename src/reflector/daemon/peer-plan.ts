/**
 * Live reconfiguration, the diff: which sessions a new configuration adds, removes, changes or leaves
 * alone (holo's `NeighborUpdate` / `NeighborReset`). A session is unchanged only when every setting is
 * equal; a changed one is reset (Cease 6/6, RFC 4486 "Other Configuration Change") and started anew.
 * A new router ID, AS or cluster ID changes what every peer sees, so it resets everything.
 */
import type { DaemonConfig, SessionSettings } from './daemon-config.js';

export interface PeerPlan {
  readonly added: SessionSettings[];
  readonly removed: SessionSettings[];
  /** Old and new settings of sessions that must be reset. */
  readonly changed: { readonly before: SessionSettings; readonly after: SessionSettings }[];
  readonly unchanged: SessionSettings[];
  /** Identity (router ID, AS, cluster ID) changed: every session is in `changed`. */
  readonly identityChanged: boolean;
}

function sameSettings(a: SessionSettings, b: SessionSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof SessionSettings>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

export function planPeers(before: DaemonConfig, after: DaemonConfig): PeerPlan {
  const identityChanged =
    before.reflector.routerId !== after.reflector.routerId ||
    before.reflector.asn !== after.reflector.asn ||
    (before.reflector.clusterId ?? before.reflector.routerId) !==
      (after.reflector.clusterId ?? after.reflector.routerId);
  const old = new Map(before.sessions.map((session) => [session.address, session]));
  const plan: PeerPlan = { added: [], removed: [], changed: [], unchanged: [], identityChanged };
  for (const session of after.sessions) {
    const previous = old.get(session.address);
    old.delete(session.address);
    if (previous === undefined) plan.added.push(session);
    else if (identityChanged || !sameSettings(previous, session))
      plan.changed.push({ before: previous, after: session });
    else plan.unchanged.push(session);
  }
  plan.removed.push(...old.values());
  return plan;
}

/** True when nothing at all differs. */
export function isEmptyPlan(plan: PeerPlan): boolean {
  return plan.added.length === 0 && plan.removed.length === 0 && plan.changed.length === 0;
}
