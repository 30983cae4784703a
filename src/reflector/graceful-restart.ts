/**
 * Graceful restart helper rules (RFC 4724 §4.2, RFC 8538): what a peer's OPEN promised, and whether
 * a session end keeps its routes as stale.
 */
import {
  CeaseSubcode,
  NotificationCode,
  familyKey,
  type FamilyKey,
  type OpenMessage,
} from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';

export interface GracefulRestartPromise {
  readonly restartTimeSeconds: number;
  /** RFC 4724 §3 R bit: the peer has restarted and does not wait for our End-of-RIB. */
  readonly restarting: boolean;
  /** RFC 8538 §2: the N bit was set by both sides, so NOTIFICATIONs (other than Hard Reset) keep routes too. */
  readonly notification: boolean;
  /** Families listed in the capability, with their F bit (forwarding state preserved). */
  readonly families: ReadonlyMap<FamilyKey, boolean>;
}

function lastGracefulRestart(open: OpenMessage) {
  // RFC 4724 §3: when the capability appears more than once, only the last instance counts.
  let found: Extract<OpenMessage['capabilities'][number], { kind: 'graceful-restart' }> | undefined;
  for (const capability of open.capabilities) if (capability.kind === 'graceful-restart') found = capability;
  return found;
}

/** What the peer's OPEN says about graceful restart; undefined when it did not advertise the capability. */
export function gracefulRestartPromise(
  localOpen: OpenMessage,
  remoteOpen: OpenMessage,
): GracefulRestartPromise | undefined {
  const remote = lastGracefulRestart(remoteOpen);
  if (remote === undefined) return undefined;
  const local = lastGracefulRestart(localOpen);
  const families = new Map<FamilyKey, boolean>();
  for (const family of remote.families)
    families.set(familyKey(family.afi, family.safi), family.forwardingPreserved);
  return {
    restartTimeSeconds: remote.restartTimeSeconds,
    restarting: remote.restarting,
    notification: remote.notification && (local?.notification ?? false),
    families,
  };
}

/**
 * Whether the peer's routes are kept as stale after the session ended for `reason`. RFC 4724 §4.2
 * covers the TCP session ending; RFC 8538 §3 adds NOTIFICATIONs when both sides set the N bit,
 * except Cease / Hard Reset. An operator stopping the session is not a restart.
 */
export function keepsRoutesStale(promise: GracefulRestartPromise | undefined, reason: DownReason): boolean {
  if (promise === undefined || promise.restartTimeSeconds === 0) return false;
  switch (reason.kind) {
    case 'socket':
    case 'misc':
      return true;
    case 'notification-sent':
    case 'notification-received': {
      const { code, subcode } = reason.notification;
      const hardReset = code === NotificationCode.Cease && subcode === CeaseSubcode.HardReset;
      return promise.notification && !hardReset;
    }
    case 'manual':
      return false;
  }
}
