/**
 * What the reflector core asks its host to do (holo style: the core is pure, the daemon performs).
 * Actions come out in the order they must be carried out.
 */
import type { NotificationMessage } from '../bgp/codec/messages.js';

/** Timers the core asks for; their expiry comes back as a `timer-expired` event. */
export type ReflectorTimer =
  /** RFC 4724 §4.2: how long a restarting peer's routes are kept while its session is down. */
  | 'restart'
  /** RFC 4724 §4.2: upper bound on waiting for the restarted peer's End-of-RIB once it is back. */
  | 'stale'
  /**
   * RFC 4724 §4.1: upper bound on deferring route selection after our own restart. Not a peer's
   * timer: it runs under `SPEAKER_TIMER`.
   */
  | 'selection-deferral';

/** The `peer` of timers that belong to the speaker rather than to one peer. */
export const SPEAKER_TIMER = '';

export type ReflectorAction =
  /**
   * Write these encoded messages, in order, to each of these peers. One action serves a whole update
   * group: the same buffers go to every listed peer.
   */
  | { readonly type: 'send'; readonly peers: readonly string[]; readonly messages: readonly Uint8Array[] }
  /**
   * Send this NOTIFICATION and close the session (RFC 4271 §6). `internalError` is set when the reset
   * is our fault rather than the peer's: the exception's text (stack included), for the log.
   */
  | {
      readonly type: 'reset-session';
      readonly peer: string;
      readonly notification: NotificationMessage;
      readonly internalError?: string;
    }
  | {
      readonly type: 'start-timer';
      readonly peer: string;
      readonly timer: ReflectorTimer;
      readonly seconds: number;
    }
  | { readonly type: 'stop-timer'; readonly peer: string; readonly timer: ReflectorTimer }
  /** Something an operator should see (RFC 7606 §6 style): the core stays free of a logger. */
  | { readonly type: 'log'; readonly peer?: string; readonly text: string };
