/**
 * Graceful restart helper rule (RFC 4724 §4.2, RFC 8538): whether a session end keeps the peer's
 * routes as stale, given what its capability promised (as the speaker negotiated it).
 */
import { CeaseSubcode, NotificationCode } from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';
import type { NegotiatedGracefulRestart } from '../bgp/speaker/negotiated-context.js';

/**
 * Whether the peer's routes are kept as stale after the session ended for `reason`. RFC 4724 §4.2
 * covers the TCP session ending; RFC 8538 §3 adds NOTIFICATIONs when both sides set the N bit,
 * except Cease / Hard Reset. An operator stopping the session is not a restart.
 */
export function keepsRoutesStale(
  promise: NegotiatedGracefulRestart | undefined,
  reason: DownReason,
): boolean {
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
