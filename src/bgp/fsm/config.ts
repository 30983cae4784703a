/**
 * Per-peer FSM settings (RFC 4271 §8.1 "optional session attributes" and §10 timers).
 */

export interface FsmConfig {
  /** Our AS number (4-octet values allowed, RFC 6793). */
  readonly localAs: number;
  /** The AS the peer must announce (RFC 4271 §6.2: otherwise 2/2 Bad Peer AS). */
  readonly peerAs: number;
  /** Our BGP Identifier as an unsigned 32-bit number. */
  readonly routerId: number;
  /** Hold time we offer, seconds: 0, or 3 and above (RFC 4271 §4.2). */
  readonly holdTime: number;
  /** Keepalive interval override in seconds; default one third of the negotiated hold time (§10). */
  readonly keepaliveTime?: number;
  /** ConnectRetryTime, seconds (§10 suggests 120; Calico's BIRD uses 5). */
  readonly connectRetryTime: number;
  /** Hold time while waiting for the peer's OPEN, seconds (§8.2.2 suggests 4 minutes). */
  readonly openHoldTime: number;
  /** Never initiate connections; wait for the peer (BIRD `passive on`). */
  readonly passive: boolean;
  /**
   * Back-off before an automatic restart after an error, seconds; doubles with each consecutive
   * failure up to `maxIdleHoldTime` (§8.1.1 IdleHoldTime; BIRD's `error wait time 5,30`). 0 disables
   * automatic restart: the session stays Idle until started again.
   */
  readonly idleHoldTime: number;
  readonly maxIdleHoldTime: number;
  /** RFC 9687 SendHoldTime override, seconds; default the greater of 8 minutes and twice the hold time. */
  readonly sendHoldTime?: number;
  /** Random source in [0, 1) for timer jitter (§10), injected so tests are deterministic. */
  readonly random: () => number;
}

export const DEFAULT_FSM_TIMERS = {
  holdTime: 90,
  connectRetryTime: 120,
  openHoldTime: 240,
  idleHoldTime: 5,
  maxIdleHoldTime: 30,
} as const;

/** A full config from the identity fields plus any overrides. */
export function fsmConfig(
  identity: Pick<FsmConfig, 'localAs' | 'peerAs' | 'routerId'>,
  overrides: Partial<FsmConfig> = {},
): FsmConfig {
  return {
    ...DEFAULT_FSM_TIMERS,
    passive: false,
    random: Math.random,
    ...identity,
    ...overrides,
  };
}
