/**
 * RFC 4456 §8 loop checks, applied when a route arrives: a route that carries our CLUSTER_ID in its
 * CLUSTER_LIST, or our BGP Identifier as ORIGINATOR_ID, has already passed through us. The RFC says
 * such routes SHOULD be ignored; like BIRD (`bgp_cluster_list_loopy`, `bgp_originator_id_loopy`) the
 * reflector treats them as a withdrawal of the peer's previous route for the prefix, so a route that
 * turns into a loop does not linger.
 */
import type { PathAttributes } from '../bgp/codec/messages.js';

/** RFC 4456 §8: our CLUSTER_ID is already in the CLUSTER_LIST. */
export function clusterListLoops(attributes: PathAttributes, clusterId: number): boolean {
  return attributes.clusterList?.includes(clusterId) ?? false;
}

/** RFC 4456 §8: the route was originated by us (ORIGINATOR_ID is our BGP Identifier). */
export function originatorIdLoops(attributes: PathAttributes, routerId: number): boolean {
  return attributes.originatorId === routerId;
}

/**
 * RFC 4271 §9.1.2: our AS in the AS_PATH makes a route ineligible (any segment type). `allowed`
 * occurrences are tolerated (BIRD `allow local as N`, Calico `numAllowedLocalASNumbers`).
 */
export function asPathLoops(attributes: PathAttributes, asn: number, allowed = 0): boolean {
  let occurrences = 0;
  for (const segment of attributes.asPath ?? [])
    for (const member of segment.asns) if (member === asn && ++occurrences > allowed) return true;
  return false;
}
