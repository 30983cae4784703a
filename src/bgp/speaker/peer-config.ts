/**
 * What a speaker needs to know about one peer, and the OPEN it sends (RFC 4271 §4.2).
 */
import { AS_TRANS, type AddressFamily, type Capability, type OpenMessage } from '../codec/messages.js';
import { parseIpv4 } from '../codec/bytes.js';
import { DEFAULT_FSM_TIMERS, fsmConfig, type FsmConfig } from '../fsm/config.js';
import type { ConnectionOptions } from '../transport/connection.js';
import type { TcpSecurity } from '../transport/socket-options.js';

export interface PeerConfig {
  /** The peer's address: where active opens go, and how the listener recognises its connections. */
  readonly peerAddress: string;
  /** The peer's port for active opens (default 179). */
  readonly peerPort?: number;
  /** Source address for active opens (BIRD `source address`). */
  readonly localAddress?: string;
  /** TCP-MD5 key (RFC 2385, BIRD `password`) and GTSM (RFC 5082, BIRD `ttl security`). */
  readonly security?: TcpSecurity;
  readonly localAs: number;
  readonly peerAs: number;
  /** Our BGP Identifier, dotted quad or unsigned 32-bit number. */
  readonly routerId: string | number;
  /** Capabilities offered in our OPEN (default: `defaultCapabilities(localAs)`). */
  readonly capabilities?: readonly Capability[];
  /** Never connect, wait for the peer (BIRD `passive on`). */
  readonly passive?: boolean;
  /** Hold time offered, seconds (default 90; 0 or ≥ 3, RFC 4271 §4.2). */
  readonly holdTime?: number;
  readonly keepaliveTime?: number;
  readonly connectRetryTime?: number;
  readonly openHoldTime?: number;
  /** Back-off before automatic restarts after errors (default 5 s doubling to 30 s; 0: no restart). */
  readonly idleHoldTime?: number;
  readonly maxIdleHoldTime?: number;
  /** RFC 9687 SendHoldTime override, seconds. */
  readonly sendHoldTime?: number;
  /** Jitter source (RFC 4271 §10), injectable for tests. */
  readonly random?: () => number;
  /** Transport limits (messages per tick, queue bytes). */
  readonly connection?: ConnectionOptions;
  /** Name for logs and events (default `peer <address>`). */
  readonly name?: string;
}

/**
 * Capabilities most peers expect: Multiprotocol for each family (RFC 4760 §8), Route Refresh
 * (RFC 2918), 4-octet AS (RFC 6793).
 */
export function defaultCapabilities(
  localAs: number,
  families: readonly AddressFamily[] = [{ afi: 1, safi: 1 }],
): Capability[] {
  return [
    ...families.map((family): Capability => ({ kind: 'multiprotocol', afi: family.afi, safi: family.safi })),
    { kind: 'route-refresh' },
    { kind: 'four-octet-as', asn: localAs },
  ];
}

export function routerIdNumber(routerId: string | number): number {
  if (typeof routerId === 'number') return routerId >>> 0;
  const value = parseIpv4(routerId);
  if (value === undefined) throw new Error(`router ID ${JSON.stringify(routerId)} is not a dotted quad`);
  return value >>> 0;
}

export function peerFsmConfig(config: PeerConfig): FsmConfig {
  const holdTime = config.holdTime ?? DEFAULT_FSM_TIMERS.holdTime;
  if (holdTime === 1 || holdTime === 2 || holdTime < 0 || holdTime > 65535) {
    throw new Error(`hold time ${holdTime} is not 0 or 3–65535 seconds (RFC 4271 §4.2)`);
  }
  const overrides: Partial<FsmConfig> = { holdTime, passive: config.passive ?? false };
  for (const key of [
    'keepaliveTime',
    'connectRetryTime',
    'openHoldTime',
    'idleHoldTime',
    'maxIdleHoldTime',
    'sendHoldTime',
    'random',
  ] as const) {
    if (config[key] !== undefined) Object.assign(overrides, { [key]: config[key] });
  }
  return fsmConfig(
    { localAs: config.localAs, peerAs: config.peerAs, routerId: routerIdNumber(config.routerId) },
    overrides,
  );
}

/**
 * Our OPEN. RFC 6793 §4.1: a 4-octet local AS goes in capability 65, with AS_TRANS in My AS.
 * `withCapabilities` false gives the bare OPEN RFC 5492 §3 falls back to.
 */
export function buildOpen(config: PeerConfig, withCapabilities: boolean): OpenMessage {
  const capabilities = config.capabilities ?? defaultCapabilities(config.localAs);
  return {
    type: 'open',
    version: 4,
    myAs: config.localAs > 0xffff ? AS_TRANS : config.localAs,
    holdTime: config.holdTime ?? DEFAULT_FSM_TIMERS.holdTime,
    bgpId: routerIdNumber(config.routerId),
    capabilities: withCapabilities ? capabilities : [],
  };
}
