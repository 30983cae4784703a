/**
 * Connection collision resolution (RFC 4271 §6.8) with the graceful-restart exception of
 * RFC 4724 §4.2.
 *
 * Called when an OPEN arrives on one connection while another connection to the same peer exists.
 */
import type { SessionState } from './state.js';

export interface ConnectionView {
  readonly state: SessionState;
  /** We opened this connection (active open), as opposed to accepting it. */
  readonly initiatedLocally: boolean;
}

export type CollisionOutcome =
  /** No collision to resolve yet: the other connection has not seen the peer's OPEN. */
  | 'no-collision'
  /** Close the connection that just received the OPEN with Cease 6/7. */
  | 'dump-incoming'
  /** Close the existing connection with Cease 6/7 and continue on the new one. */
  | 'dump-existing'
  /**
   * The peer restarted (RFC 4724 §4.2, paraphrased): it opened a new connection while ours is still
   * Established and graceful restart was negotiated, so the old connection is dead. Close it without
   * a NOTIFICATION, keep the peer's routes as stale, and continue on the new connection.
   */
  | 'replace-established';

export interface CollisionInput {
  readonly localBgpId: number;
  readonly remoteBgpId: number;
  readonly existing: ConnectionView;
  /** The connection on which the OPEN arrived. */
  readonly incoming: ConnectionView;
  /** Both sides advertised the Graceful Restart capability on the existing session. */
  readonly gracefulRestartNegotiated: boolean;
  /**
   * The connection carrying the OPEN was opened after the existing one reached Established. Only
   * then can it come from a restarted peer: one opened earlier is the other half of a simultaneous
   * open by the same incarnation of the peer.
   */
  readonly incomingOpenedAfterEstablished: boolean;
}

export function resolveCollision(input: CollisionInput): CollisionOutcome {
  const { existing, incoming } = input;
  if (existing.state === 'Established') {
    // §6.8: a collision with an Established connection closes the new one, unless RFC 4724 applies:
    // a peer that restarted opens its new connection after ours was Established. Replacing an
    // Established session for the other half of a simultaneous open would drop a healthy session,
    // and a peer already keeping our routes stale (BIRD) flushes them on that second drop.
    return input.gracefulRestartNegotiated && input.incomingOpenedAfterEstablished
      ? 'replace-established'
      : 'dump-incoming';
  }
  // §6.8: only connections whose peer identifier is known (OpenConfirm) can be compared.
  if (existing.state !== 'OpenConfirm') return 'no-collision';
  if (existing.initiatedLocally === incoming.initiatedLocally) {
    // Both in the same direction (the peer reconnected): the newer connection is the live one.
    return 'dump-existing';
  }
  // §6.8: if our identifier is lower, close the connection we initiated; otherwise close the one
  // the peer initiated. Identifiers compare as unsigned 32-bit integers in host order.
  const closeLocallyInitiated = input.localBgpId >>> 0 < input.remoteBgpId >>> 0;
  const dumpIncoming = incoming.initiatedLocally === closeLocallyInitiated;
  return dumpIncoming ? 'dump-incoming' : 'dump-existing';
}
