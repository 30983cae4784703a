/**
 * Reflector configuration: who we are and who our peers are, shaped after Calico's per-node BGP
 * intent (`src/calico/intent.ts`) so one fills from the other without a second copy of Calico's rules:
 *
 *   NodeIntent.routerId                  → routerId (dotted quad parsed to a number)
 *   NodeIntent.asNumber                  → asn
 *   NodeIntent.routeReflectorClusterId   → clusterId
 *   PeerIntent.address / asNumber        → PeerConfig.address / asn
 *   PeerIntent.routeReflectorClient      → PeerConfig.rrClient
 *   PeerIntent.family (4 | 6)            → PeerConfig.families (['ipv4'] | ['ipv6']; one session per family)
 *   PeerIntent.sourceAddress             → PeerConfig.localAddress
 *
 * Session-level fields (port, passive, keepalive, graceful-restart time, password) belong to the FSM
 * and transport, not to this routing core. This module does not import `src/calico`.
 */

import type { ExportPolicy, PolicyFilters } from './route-policy.js';

/** Address families the reflector carries (RFC 4760 AFI 1 and 2, SAFI 1). */
export type UnicastFamily = 'ipv4' | 'ipv6';

export interface PeerConfig {
  /** The peer's address as text (IPv4 dotted quad or IPv6): the peer's identity in events and actions. */
  readonly address: string;
  /** The AS the peer must be in; equal to the local AS makes the session internal (iBGP). */
  readonly asn: number;
  /** RFC 4456 §5: the peer is a route reflection client (only meaningful for internal peers). */
  readonly rrClient: boolean;
  /** Families configured on the session; the negotiated set is the intersection with the OPENs. */
  readonly families: readonly UnicastFamily[];
  /** Our address on the session: NEXT_HOP toward external peers (RFC 4271 §5.1.3). */
  readonly localAddress?: string;
  /** Occurrences of our AS tolerated in AS_PATH (BIRD `allow local as N`, Calico `numAllowedLocalASNumbers`). */
  readonly allowLocalAs?: number;
  /** Calico's `nextHopMode` (BIRD `next hop self` / `next hop keep`); default Auto. */
  readonly nextHopMode?: 'Auto' | 'Self' | 'Keep';
  /** Upper bound on prefixes accepted per family; exceeding it ends the session with Cease 6/1 (RFC 4486). */
  readonly maxPrefixes?: number;
  /**
   * The peer's import filter (Calico BGPFilters). Absent: every route of an internal peer is accepted,
   * and none of an external peer's (RFC 8212 §3, BIRD 2's eBGP default).
   */
  readonly importFilters?: PolicyFilters;
  /**
   * What may be advertised to the peer (Calico's export filter). Absent: every reflected route to an
   * internal peer, nothing to an external one (RFC 8212 §3).
   */
  readonly exportPolicy?: ExportPolicy;
}

export interface ReflectorConfig {
  /** Our BGP Identifier (RFC 4271 §4.2; RFC 6286: any non-zero 32-bit value), as an unsigned number. */
  readonly routerId: number;
  readonly asn: number;
  /** RFC 4456 §7: CLUSTER_ID; defaults to the router ID when absent. */
  readonly clusterId?: number;
  readonly peers: readonly PeerConfig[];
  /** LOCAL_PREF given to routes that arrive without one (BIRD `default local pref`, 100). */
  readonly defaultLocalPref?: number;
  /** FRR `bgp client-to-client reflection`; default true (RFC 4456 §6 allows turning it off). */
  readonly clientToClientReflection?: boolean;
  /**
   * Put peers with the same outbound policy into one update group (default true). False gives every
   * peer a group of its own: per-peer Adj-RIB-Out and per-peer encoding, the naive baseline.
   */
  readonly shareUpdateGroups?: boolean;
  /**
   * RFC 4724 §4.2 upper bound on how long stale routes of a restarted peer wait for its End-of-RIB
   * after the session is back (FRR `stalepath-time`, 360 s).
   */
  readonly staleRoutesSeconds?: number;
  /**
   * RFC 4724 §4.1, the restarting speaker: set when this reflector has just restarted gracefully.
   * Route selection is then deferred, and nothing is advertised, until every configured peer that
   * supports graceful restart (and is not restarting itself) has sent End-of-RIB for each of its
   * families, or until this many seconds (the Selection_Deferral_Timer) have passed.
   */
  readonly selectionDeferralSeconds?: number;
  /**
   * RFC 4271 §9.1.2.1 next-hop resolvability. The reflector is not in the forwarding path (RFC 4456
   * §11), so by default any unicast next hop that is not one of our own addresses counts as
   * resolvable; a host can plug in a real lookup here.
   */
  readonly isNextHopReachable?: (nextHop: Uint8Array) => boolean;
}

export const DEFAULT_LOCAL_PREF = 100;
export const DEFAULT_STALE_ROUTES_SECONDS = 360;
/** No longer than peers keep our routes as stale by default (Calico's BIRD restart time, 120 s). */
export const DEFAULT_SELECTION_DEFERRAL_SECONDS = 120;
