/**
 * The six session states of RFC 4271 §8.2.2, and the timers the FSM asks its host to run.
 */

/** RFC 4271 §8.2.2 states. Established is entered only after the peer's KEEPALIVE confirms our OPEN. */
export type SessionState = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/**
 * Timers the FSM starts and stops (RFC 4271 §8, §10). Their expiry comes back as the matching
 * `*_Expires` event, so the FSM itself never reads a clock (holo: timers are events).
 * `IdleHold` is the RFC 4271 §8.1.1 back-off between an error and the automatic restart.
 */
export type FsmTimer = 'ConnectRetry' | 'Hold' | 'Keepalive' | 'IdleHold';

/** States in which a TCP connection is open and BGP messages flow. */
export function hasConnection(state: SessionState): boolean {
  return state === 'OpenSent' || state === 'OpenConfirm' || state === 'Established';
}
