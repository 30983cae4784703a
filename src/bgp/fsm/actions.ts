/**
 * FSM outputs: what the host (transport and speaker) must do after a transition, in order.
 */
import type {
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/messages.js';
import type { FsmTimer } from './state.js';
import type { DownReason } from './down-reason.js';

/** What the two OPENs agreed, handed out when the session comes up. */
export interface NegotiatedSession {
  /** Negotiated hold time in seconds (0: no hold timer, no keepalives). */
  readonly holdTime: number;
  /** Keepalive interval in seconds (0 when the hold time is 0). */
  readonly keepaliveTime: number;
  /** The peer's AS from capability 65 when present, else My AS (RFC 6793 §4.1). */
  readonly peerAs: number;
  readonly peerBgpId: number;
  readonly peerOpen: OpenMessage;
  readonly internal: boolean;
}

export type FsmAction =
  /** Initiate a TCP connection to the peer. */
  | { readonly type: 'connect' }
  /** Close the current TCP connection (after flushing anything sent before this action). */
  | { readonly type: 'dropConnection' }
  /** Send our OPEN; without optional parameters when the peer rejected them (RFC 5492 §3). */
  | { readonly type: 'sendOpen'; readonly withCapabilities: boolean }
  | { readonly type: 'sendKeepalive' }
  | { readonly type: 'sendNotification'; readonly notification: NotificationMessage }
  /** (Re)start a timer; its expiry must come back as the matching event. */
  | { readonly type: 'startTimer'; readonly timer: FsmTimer; readonly seconds: number }
  | { readonly type: 'stopTimer'; readonly timer: FsmTimer }
  /** RFC 9687: tear down if the peer accepts none of our data for this long (0 disables). */
  | { readonly type: 'setSendHoldTime'; readonly seconds: number }
  /** The OPEN checked out: the host may build its codec context now. */
  | { readonly type: 'openAccepted'; readonly negotiated: NegotiatedSession }
  /** Entered Established. */
  | { readonly type: 'sessionUp'; readonly negotiated: NegotiatedSession }
  /** Left Established: the peer's routes are withdrawn, or kept stale under graceful restart. */
  | { readonly type: 'sessionDown'; readonly reason: DownReason }
  | { readonly type: 'deliverUpdate'; readonly update: UpdateMessage; readonly treatAsWithdraw: boolean }
  | { readonly type: 'deliverRouteRefresh'; readonly refresh: RouteRefreshMessage };
