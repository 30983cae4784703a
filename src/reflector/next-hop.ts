/**
 * Next-hop usability (RFC 4271 §9.1.2.1, §5.1.3). A route reflector is usually outside the forwarding
 * path (RFC 4456 §11), so it cannot resolve next hops through an IGP; its policy, like BIRD's as a
 * reflector, is to consider every plausible unicast next hop usable. What it rejects:
 *
 * - the unspecified address (0.0.0.0, ::) and multicast / IPv4 class E (224.0.0.0/3, ff00::/8):
 *   no router can be reached at them;
 * - an IPv6 next hop whose global part is link-local (fe80::/10): RFC 2545 §3 puts the global address
 *   first, and a link-local one means nothing across a reflector;
 * - one of our own addresses (RFC 4271 §5.1.3 / §6.3: a route pointing back at the receiver is
 *   ignored);
 * - anything a host-supplied resolver rejects.
 */

export type NextHopCheck = (nextHop: Uint8Array) => boolean;

function isUnspecified(address: Uint8Array): boolean {
  for (const octet of address) if (octet !== 0) return false;
  return true;
}

function isMulticastOrReserved(address: Uint8Array): boolean {
  const first = address[0] ?? 0;
  if (address.length === 4) return first >= 224;
  return first === 0xff;
}

function isIpv6LinkLocal(address: Uint8Array): boolean {
  return address.length === 16 && address[0] === 0xfe && ((address[1] ?? 0) & 0xc0) === 0x80;
}

function sameAddress(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether a next hop (4 octets, or 16/32 for IPv6 where only the first 16 are the global address)
 * can be used. `ownAddresses` are our addresses on all sessions.
 */
export function isUsableNextHop(
  nextHop: Uint8Array,
  ownAddresses: readonly Uint8Array[],
  isReachable?: NextHopCheck,
): boolean {
  const global = nextHop.length === 32 ? nextHop.subarray(0, 16) : nextHop;
  if (global.length !== 4 && global.length !== 16) return false;
  if (isUnspecified(global) || isMulticastOrReserved(global) || isIpv6LinkLocal(global)) return false;
  for (const own of ownAddresses) if (sameAddress(global, own)) return false;
  return isReachable === undefined || isReachable(global);
}
