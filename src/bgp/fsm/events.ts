/**
 * FSM inputs, named as in RFC 4271 §8.1 (event numbers in the comments), plus the SendHoldTimer of
 * RFC 9687 and the ROUTE-REFRESH message of RFC 2918, which RFC 4271 does not know.
 *
 * Message events carry the decoded message; error events carry the NOTIFICATION the error maps to.
 * Optional events not implemented: DelayOpen (12, 20), Tcp_CR_Invalid (15) and TcpConnection_Valid
 * (14), which only matter to hosts that can inspect a SYN before accepting it.
 */
import type {
  NotificationMessage,
  OpenMessage,
  RouteRefreshMessage,
  UpdateMessage,
} from '../codec/messages.js';

/** Why a TCP connection went away, in BIRD's wording (`Socket: Connection closed`, `Error: Graceful restart`). */
export interface ConnectionLoss {
  readonly kind: 'socket' | 'misc';
  readonly text: string;
}

export type FsmEvent =
  /** Event 1: an operator starts the session; we connect actively and also accept. */
  | { readonly type: 'ManualStart' }
  /** Event 2: an operator stops the session; sends Cease 6/2 with an optional RFC 9003 message. */
  | { readonly type: 'ManualStop'; readonly shutdownMessage?: string }
  /** Event 3: the system restarts the session (e.g. after a back-off). */
  | { readonly type: 'AutomaticStart' }
  /** Event 4: operator start, waiting for the peer to connect. */
  | { readonly type: 'ManualStart_with_PassiveTcpEstablishment' }
  /** Event 5: automatic start, waiting for the peer to connect. */
  | { readonly type: 'AutomaticStart_with_PassiveTcpEstablishment' }
  /** Event 8: the system stops the session with a Cease subcode (e.g. 6/1 prefix limit, 6/3 de-configured). */
  | { readonly type: 'AutomaticStop'; readonly ceaseSubcode: number; readonly data?: Uint8Array }
  /** Event 9. */
  | { readonly type: 'ConnectRetryTimer_Expires' }
  /** Event 10. */
  | { readonly type: 'HoldTimer_Expires' }
  /** Event 11. */
  | { readonly type: 'KeepaliveTimer_Expires' }
  /** Event 13: the back-off after an error is over. */
  | { readonly type: 'IdleHoldTimer_Expires' }
  /** Event 16: our outgoing connection completed. */
  | { readonly type: 'Tcp_CR_Acked' }
  /** Event 17: we accepted the peer's connection. */
  | { readonly type: 'TcpConnectionConfirmed' }
  /** Event 18: the connection failed or closed. */
  | { readonly type: 'TcpConnectionFails'; readonly loss: ConnectionLoss }
  /** Event 19: a syntactically valid OPEN; the FSM checks its semantics (RFC 4271 §6.2). */
  | { readonly type: 'BGPOpen'; readonly open: OpenMessage }
  /** Event 21: message header error (RFC 4271 §6.1). */
  | { readonly type: 'BGPHeaderErr'; readonly notification: NotificationMessage }
  /** Event 22: OPEN the codec could not accept (e.g. 2/4 unsupported optional parameter). */
  | { readonly type: 'BGPOpenMsgErr'; readonly notification: NotificationMessage }
  /** Event 23: this connection lost a collision (RFC 4271 §6.8). */
  | { readonly type: 'OpenCollisionDump' }
  /** Event 24: the peer's NOTIFICATION is a version error (2/1). */
  | { readonly type: 'NotifMsgVerErr'; readonly notification: NotificationMessage }
  /** Event 25: any other NOTIFICATION from the peer. */
  | { readonly type: 'NotifMsg'; readonly notification: NotificationMessage }
  /** Event 26. */
  | { readonly type: 'KeepAliveMsg' }
  /** Event 27: a usable UPDATE (RFC 7606 treat-as-withdraw and attribute-discard outcomes included). */
  | { readonly type: 'UpdateMsg'; readonly update: UpdateMessage; readonly treatAsWithdraw?: boolean }
  /** Event 28: an UPDATE error that resets the session (RFC 4271 §6.3, RFC 7606 session-reset). */
  | { readonly type: 'UpdateMsgErr'; readonly notification: NotificationMessage }
  /** RFC 2918 ROUTE-REFRESH (and RFC 7313 BoRR/EoRR) received. */
  | { readonly type: 'RouteRefreshMsg'; readonly refresh: RouteRefreshMessage }
  /** RFC 9687: the peer has not accepted our data for SendHoldTime. */
  | { readonly type: 'SendHoldTimer_Expires' };

export type FsmEventType = FsmEvent['type'];
