/**
 * Route reflection as one pure function of the route, the peer it came from and the peer (or update
 * group) it would go to (GoBGP `UpdatePathAttrs`, BIRD `bgp_preexport` + `bgp_update_attrs`).
 *
 * Who gets what (RFC 4456 §6; RFC 4271 §9.2):
 *
 *   from \ to        client        non-client iBGP   eBGP
 *   client           reflect (1)   reflect           advertise
 *   non-client iBGP  reflect       -                 advertise
 *   eBGP             advertise     advertise         advertise
 *
 *   (1) unless client-to-client reflection is turned off (RFC 4456 §6, clients fully meshed).
 *
 * Never back to the peer the route came from. NO_ADVERTISE goes nowhere, NO_EXPORT and
 * NO_EXPORT_SUBCONFED not to eBGP (RFC 1997).
 */
import { propagatedUnknownAttributes } from '../bgp/codec/attributes/unknown-attributes.js';
import { AsPathSegmentType, type AsPathSegment, type PathAttributes } from '../bgp/codec/messages.js';
import type { SourcePeer } from './route.js';
import { ipv4ToNumber } from '../net/index.js';

/** Well-known communities (RFC 1997). */
export const WellKnownCommunity = {
  NoExport: 0xffffff01,
  NoAdvertise: 0xffffff02,
  NoExportSubconfed: 0xffffff03,
} as const;

/** What reflection needs to know about the receiving side: a peer, or an update group's shared policy. */
export interface TargetPolicy {
  /** Same AS as ours. */
  readonly internal: boolean;
  /** RFC 4456 §5: a route reflection client. */
  readonly rrClient: boolean;
  /** Our address on the session, 4 or 16 octets: NEXT_HOP toward external peers (RFC 4271 §5.1.3). */
  readonly localAddress: Uint8Array | undefined;
  /**
   * Calico's `nextHopMode` (BIRD `next hop self` / `next hop keep`): `Self` puts our address in
   * NEXT_HOP toward internal peers too; `Keep` leaves it unchanged toward external ones. Default Auto.
   */
  readonly nextHopMode?: 'Auto' | 'Self' | 'Keep';
  /** The peer's identity, when deciding for one peer: a route never goes back to its source. */
  readonly address?: string;
}

export interface LocalIdentity {
  readonly routerId: number;
  readonly asn: number;
  readonly clusterId: number;
  readonly clientToClientReflection: boolean;
}

export interface RouteToExport {
  readonly attributes: PathAttributes;
  /** MP_REACH next hop for non-IPv4 families; undefined for IPv4 unicast (NEXT_HOP attribute). */
  readonly mpNextHop: Uint8Array | undefined;
}

export type ExportRejection =
  | 'source-peer'
  | 'no-advertise'
  | 'no-export'
  | 'non-client-to-non-client'
  | 'client-to-client-disabled'
  | 'no-local-address';

export type ExportDecision =
  | {
      readonly kind: 'export';
      readonly attributes: PathAttributes;
      readonly mpNextHop: Uint8Array | undefined;
    }
  | { readonly kind: 'reject'; readonly reason: ExportRejection };

const reject = (reason: ExportRejection): ExportDecision => ({ kind: 'reject', reason });

function hasCommunity(attributes: PathAttributes, community: number): boolean {
  return attributes.communities?.includes(community) ?? false;
}

/** RFC 4456 §6 and RFC 4271 §9.2: may a route from `source` go to `target` at all? */
function exportRejection(
  attributes: PathAttributes,
  source: SourcePeer,
  target: TargetPolicy,
  local: LocalIdentity,
): ExportRejection | undefined {
  if (target.address !== undefined && target.address === source.address) return 'source-peer';
  // RFC 1997: NO_ADVERTISE is not advertised to any peer.
  if (hasCommunity(attributes, WellKnownCommunity.NoAdvertise)) return 'no-advertise';
  if (!target.internal) {
    // RFC 1997: NO_EXPORT stays inside the AS (and, without confederations, so does NO_EXPORT_SUBCONFED).
    if (
      hasCommunity(attributes, WellKnownCommunity.NoExport) ||
      hasCommunity(attributes, WellKnownCommunity.NoExportSubconfed)
    ) {
      return 'no-export';
    }
    return undefined;
  }
  if (!source.internal) return undefined;
  // RFC 4456 §6: iBGP to iBGP only when one side is a client; routes from non-clients go to clients only.
  if (!source.rrClient && !target.rrClient) return 'non-client-to-non-client';
  if (source.rrClient && target.rrClient && !local.clientToClientReflection)
    return 'client-to-client-disabled';
  return undefined;
}

/** RFC 4271 §5.1.2: our AS goes first, in the leading AS_SEQUENCE if it has room for one more. */
function prependAs(path: readonly AsPathSegment[] | undefined, asn: number): AsPathSegment[] {
  const segments = path ?? [];
  const first = segments[0];
  if (first !== undefined && first.type === AsPathSegmentType.AsSequence && first.asns.length < 255) {
    return [{ type: AsPathSegmentType.AsSequence, asns: [asn, ...first.asns] }, ...segments.slice(1)];
  }
  return [{ type: AsPathSegmentType.AsSequence, asns: [asn] }, ...segments];
}

/** RFC 4271 §5: unknown optional transitive attributes go on with Partial set, non-transitive ones stop here. */
function withPropagatedUnknown(attributes: PathAttributes): PathAttributes {
  if (attributes.unknown === undefined) return attributes;
  const kept = propagatedUnknownAttributes(attributes.unknown);
  const { unknown: _dropped, ...rest } = attributes;
  return kept.length > 0 ? { ...rest, unknown: kept } : rest;
}

/** Our address as the route's next hop, of the route's family; undefined when we have none. */
function selfNextHop(
  route: RouteToExport,
  target: TargetPolicy,
): { nextHop?: number; mpNextHop: Uint8Array | undefined } | undefined {
  const ipv4 = route.mpNextHop === undefined;
  const self = target.localAddress;
  if (self === undefined || self.length !== (ipv4 ? 4 : 16)) return undefined;
  return ipv4 ? { nextHop: ipv4ToNumber(self), mpNextHop: undefined } : { mpNextHop: self };
}

/** Toward an internal peer: reflection adds ORIGINATOR_ID and CLUSTER_LIST, everything else stays. */
function towardInternal(
  route: RouteToExport,
  source: SourcePeer,
  target: TargetPolicy,
  local: LocalIdentity,
): ExportDecision {
  let attributes = withPropagatedUnknown(route.attributes);
  if (source.internal) {
    // RFC 4456 §8: ORIGINATOR_ID is the BGP Identifier of the originator in the local AS, created
    // only when absent; our CLUSTER_ID is prepended on every reflection (client to non-client too).
    // NEXT_HOP, AS_PATH, LOCAL_PREF and MED pass unchanged (RFC 4456 §10).
    attributes = {
      ...attributes,
      originatorId: attributes.originatorId ?? source.bgpId,
      clusterList: [local.clusterId, ...(attributes.clusterList ?? [])],
    };
  }
  if (target.nextHopMode === 'Self') {
    // BIRD `next hop self` on an iBGP session: our address replaces the route's.
    const self = selfNextHop(route, target);
    if (self === undefined) return reject('no-local-address');
    const { nextHop, mpNextHop } = self;
    return {
      kind: 'export',
      attributes: nextHop === undefined ? attributes : { ...attributes, nextHop },
      mpNextHop,
    };
  }
  return { kind: 'export', attributes, mpNextHop: route.mpNextHop };
}

/** Toward an external peer (RFC 4271 §5.1): our AS in front, ourselves as next hop, iBGP-only attributes gone. */
function towardExternal(route: RouteToExport, target: TargetPolicy, local: LocalIdentity): ExportDecision {
  const keep = target.nextHopMode === 'Keep';
  const self = keep ? undefined : selfNextHop(route, target);
  if (!keep && self === undefined) return reject('no-local-address');
  const {
    // RFC 4456 §8 / RFC 7606 §7.9-§7.10: ORIGINATOR_ID and CLUSTER_LIST never leave the AS.
    originatorId: _originatorId,
    clusterList: _clusterList,
    // RFC 4271 §5.1.5: LOCAL_PREF is not sent to external peers.
    localPref: _localPref,
    // RFC 4271 §5.1.4: a MED received from a neighbouring AS is not passed to other ASes.
    med: _med,
    ...kept
  } = withPropagatedUnknown(route.attributes);
  const asPath = prependAs(kept.asPath, local.asn);
  // BIRD `next hop keep`: the route's own next hop goes out unchanged.
  if (self === undefined)
    return { kind: 'export', attributes: { ...kept, asPath }, mpNextHop: route.mpNextHop };
  const attributes: PathAttributes = {
    ...kept,
    asPath,
    ...(self.nextHop !== undefined ? { nextHop: self.nextHop } : {}),
  };
  return { kind: 'export', attributes, mpNextHop: self.mpNextHop };
}

/**
 * The attributes `target` should receive for a route learned from `source`, or why it gets nothing.
 * Pure: the inputs are not modified, the result shares unchanged values with the input.
 */
export function exportRoute(
  route: RouteToExport,
  source: SourcePeer,
  target: TargetPolicy,
  local: LocalIdentity,
): ExportDecision {
  const rejection = exportRejection(route.attributes, source, target, local);
  if (rejection !== undefined) return reject(rejection);
  return target.internal
    ? towardInternal(route, source, target, local)
    : towardExternal(route, target, local);
}
