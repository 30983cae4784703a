/**
 * The two unicast families the reflector carries and their (AFI, SAFI) numbers (RFC 4760 §3).
 */
import { Afi, Safi, familyKey, type FamilyKey } from '../bgp/codec/messages.js';
import type { UnicastFamily } from './config.js';

export const IPV4_UNICAST: FamilyKey = familyKey(Afi.Ipv4, Safi.Unicast);
export const IPV6_UNICAST: FamilyKey = familyKey(Afi.Ipv6, Safi.Unicast);

export function familyKeyOf(family: UnicastFamily): FamilyKey {
  return family === 'ipv4' ? IPV4_UNICAST : IPV6_UNICAST;
}

/** The family of a key, or undefined for families the reflector does not carry. */
export function unicastFamilyOf(key: FamilyKey): UnicastFamily | undefined {
  if (key === IPV4_UNICAST) return 'ipv4';
  if (key === IPV6_UNICAST) return 'ipv6';
  return undefined;
}

export function afiOf(family: UnicastFamily): number {
  return family === 'ipv4' ? Afi.Ipv4 : Afi.Ipv6;
}
