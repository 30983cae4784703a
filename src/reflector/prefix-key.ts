/**
 * Map keys for prefixes: a short latin1 string of AFI, length and the significant address octets.
 * Strings hash well in V8 maps and keep equal prefixes equal whatever `Uint8Array` holds them.
 */
import type { Nlri } from '../bgp/codec/messages.js';

export type PrefixKey = string;

export function prefixKey(nlri: Nlri): PrefixKey {
  const octets = (nlri.length + 7) >>> 3;
  let key = String.fromCharCode(nlri.afi, nlri.length);
  for (let i = 0; i < octets; i++) key += String.fromCharCode(nlri.address[i] ?? 0);
  return key;
}

/** A key for one path of a prefix: the prefix key plus an ADD-PATH Path Identifier (RFC 7911 §3). */
export function pathKey(prefix: PrefixKey, pathId: number): string {
  return pathId === 0 ? prefix : `${prefix}#${pathId}`;
}
