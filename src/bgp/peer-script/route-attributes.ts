/**
 * Route attributes as a script writes them (`"communities": ["65000:100"]`), turned into the
 * codec's typed attributes.
 */
import { parseIpv4 } from '../codec/bytes.js';
import { parseAddress } from '../codec/prefix.js';
import type { LargeCommunity, OriginValue, PathAttributes } from '../codec/messages.js';

export interface RouteAttributesInput {
  readonly origin?: 'igp' | 'egp' | 'incomplete';
  /** One AS_SEQUENCE. */
  readonly asPath?: readonly number[];
  /** IPv4 next hop for IPv4 prefixes, IPv6 for IPv6 prefixes. Default: the session's source address. */
  readonly nextHop?: string;
  readonly med?: number;
  readonly localPref?: number;
  /** RFC 1997 `asn:value`. */
  readonly communities?: readonly string[];
  /** RFC 8092 `a:b:c`. */
  readonly largeCommunities?: readonly string[];
  readonly originatorId?: string;
  readonly clusterList?: readonly string[];
}

const ORIGINS: Record<string, OriginValue> = { igp: 0, egp: 1, incomplete: 2 };

function ipv4(text: string, what: string): number {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`${what} ${JSON.stringify(text)} is not an IPv4 address`);
  return value;
}

function numbers(text: string, count: number, what: string): number[] {
  const parts = text.split(':').map(Number);
  if (
    parts.length !== count ||
    parts.some((part) => !Number.isInteger(part) || part < 0 || part > 0xffffffff)
  ) {
    throw new Error(`${what} ${JSON.stringify(text)} is not ${count} numbers separated by colons`);
  }
  return parts;
}

/**
 * Typed attributes for `afi`, plus the MP next hop bytes for non-IPv4 families (RFC 4760 §3).
 * ORIGIN and AS_PATH are always present (RFC 4271 §5.1.1, §5.1.2), LOCAL_PREF on iBGP (§5.1.5).
 */
export function toPathAttributes(
  input: RouteAttributesInput,
  afi: number,
  defaultNextHop: string,
  internal: boolean,
): { attributes: PathAttributes; mpNextHop?: Uint8Array } {
  const nextHopText = input.nextHop ?? defaultNextHop;
  const attributes: Record<string, unknown> = {
    origin: ORIGINS[input.origin ?? 'igp'] ?? 0,
    asPath:
      input.asPath !== undefined && input.asPath.length > 0 ? [{ type: 2, asns: [...input.asPath] }] : [],
  };
  let mpNextHop: Uint8Array | undefined;
  if (afi === 1) attributes['nextHop'] = ipv4(nextHopText, 'next hop');
  else {
    mpNextHop = parseAddress(nextHopText);
    if (mpNextHop === undefined || mpNextHop.length !== 16) {
      throw new Error(`next hop ${JSON.stringify(nextHopText)} is not an IPv6 address`);
    }
  }
  if (input.med !== undefined) attributes['med'] = input.med;
  if (input.localPref !== undefined || internal) attributes['localPref'] = input.localPref ?? 100;
  if (input.communities !== undefined) {
    attributes['communities'] = input.communities.map((text) => {
      const [high, low] = numbers(text, 2, 'community');
      if ((high ?? 0) > 0xffff || (low ?? 0) > 0xffff)
        throw new Error(`community ${text} has a part over 65535`);
      return (((high ?? 0) << 16) | (low ?? 0)) >>> 0;
    });
  }
  if (input.largeCommunities !== undefined) {
    attributes['largeCommunities'] = input.largeCommunities.map((text): LargeCommunity => {
      const [globalAdmin, localData1, localData2] = numbers(text, 3, 'large community');
      return { globalAdmin: globalAdmin ?? 0, localData1: localData1 ?? 0, localData2: localData2 ?? 0 };
    });
  }
  if (input.originatorId !== undefined)
    attributes['originatorId'] = ipv4(input.originatorId, 'originator ID');
  if (input.clusterList !== undefined) {
    attributes['clusterList'] = input.clusterList.map((id) => ipv4(id, 'cluster ID'));
  }
  return { attributes: attributes as PathAttributes, ...(mpNextHop !== undefined ? { mpNextHop } : {}) };
}
