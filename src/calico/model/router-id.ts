/**
 * BGP identifier selection, as calico/node does it (`CALICO_ROUTER_ID`): RFC 4271 needs a 4-octet
 * identifier even for the IPv6 daemon, so the node's IPv4 address is the default.
 */
import { createHash } from 'node:crypto';
import { formatIp } from '../../net/index.js';
import type { CalicoEnvironment } from './state.js';

/**
 * `CALICO_ROUTER_ID=hash`: the first four bytes of sha256(node name) as a dotted quad, with 32
 * taken off a first octet above 223 so the result is never a multicast/reserved address.
 */
export function hashedRouterId(nodeName: string): string {
  const digest = createHash('sha256').update(nodeName).digest();
  const first = digest[0] ?? 0;
  return formatIp(
    Uint8Array.of(first > 223 ? first - 32 : first, digest[1] ?? 0, digest[2] ?? 0, digest[3] ?? 0),
  );
}

export function routerIdFor(env: CalicoEnvironment, nodeName: string, nodeIpv4: string): string {
  if (env.routerId === 'hash') return hashedRouterId(nodeName);
  if (env.routerId !== undefined && env.routerId !== '') return env.routerId;
  return nodeIpv4;
}
