/**
 * Inputs of the reflector core, as data (holo's `ProtocolMsg`): the daemon turns sockets, the FSM
 * and timers into these, and a recorded list of them replays a run without any I/O.
 */
import type { RouteRefreshMessage, UpdateMessage } from '../bgp/codec/messages.js';
import type { DownReason } from '../bgp/fsm/down-reason.js';
import type { NegotiatedContext } from '../bgp/speaker/negotiated-context.js';
import type { ReflectorTimer } from './actions.js';

export type ReflectorEvent =
  /**
   * The session reached Established (RFC 4271 §8.2.2) with what its OPENs negotiated (families,
   * ADD-PATH, 4-octet AS, graceful restart, enhanced refresh), as the speaker worked it out; the
   * peer's role (client or not) comes from configuration (RFC 4456 §5).
   */
  | { readonly type: 'peer-up'; readonly peer: string; readonly negotiated: NegotiatedContext }
  /** The session left Established, for this reason (decides whether graceful restart applies). */
  | { readonly type: 'peer-down'; readonly peer: string; readonly reason: DownReason }
  /**
   * A decoded UPDATE. `treatAsWithdraw` carries the RFC 7606 outcome: every prefix in it, announced or
   * withdrawn, is handled as withdrawn.
   */
  | {
      readonly type: 'update';
      readonly peer: string;
      readonly update: UpdateMessage;
      readonly treatAsWithdraw?: boolean;
    }
  /** ROUTE-REFRESH (RFC 2918), or BoRR / EoRR (RFC 7313). */
  | { readonly type: 'route-refresh'; readonly peer: string; readonly refresh: RouteRefreshMessage }
  /** A timer the core started has run out. */
  | { readonly type: 'timer-expired'; readonly peer: string; readonly timer: ReflectorTimer };
