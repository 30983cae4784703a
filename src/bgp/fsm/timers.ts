/**
 * Timer arithmetic: hold-time negotiation, keepalive interval, jitter, back-off, send hold time.
 */
import type { FsmConfig } from './config.js';

/**
 * RFC 4271 §4.2: the session uses the smaller of the two offered hold times; 1 and 2 are not
 * acceptable (the caller rejects them with 2/6 before getting here).
 */
export function negotiateHoldTime(local: number, remote: number): number {
  return Math.min(local, remote);
}

/** RFC 4271 §4.2: a hold time of 1 or 2 seconds MUST be rejected. */
export function isAcceptableHoldTime(seconds: number): boolean {
  return seconds === 0 || seconds >= 3;
}

/**
 * RFC 4271 §10: a random factor in [0.75, 1.0] applied to ConnectRetry and Keepalive timers, so
 * peers that restart together do not stay in lockstep.
 */
export function jitter(seconds: number, random: () => number): number {
  return seconds * (0.75 + 0.25 * random());
}

/**
 * Keepalive interval for a negotiated hold time: none when it is 0 (§4.4), else one third of it
 * (§10) or the configured value if smaller, jittered, and never more often than once a second (§4.4).
 */
export function keepaliveInterval(holdTime: number, config: FsmConfig): number {
  if (holdTime === 0) return 0;
  const base = Math.min(config.keepaliveTime ?? holdTime / 3, holdTime / 3);
  return Math.max(1, jitter(base, config.random));
}

/** Back-off before the automatic restart that follows the n-th consecutive failure (§8.1.1). */
export function idleHoldSeconds(failures: number, config: FsmConfig): number {
  const doublings = Math.min(Math.max(failures - 1, 0), 16);
  return Math.min(config.maxIdleHoldTime, config.idleHoldTime * 2 ** doublings);
}

/**
 * RFC 9687 §3 (paraphrased): SendHoldTime defaults to the greater of 8 minutes and twice the hold
 * time; it is not used when the negotiated hold time is 0.
 */
export function sendHoldSeconds(holdTime: number, config: FsmConfig): number {
  if (holdTime === 0) return 0;
  return config.sendHoldTime ?? Math.max(480, 2 * holdTime);
}
