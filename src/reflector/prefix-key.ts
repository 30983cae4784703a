/**
 * Map keys for prefixes: a short latin1 string of AFI, length and the significant address octets.
 * Strings hash well in V8 maps and keep equal prefixes equal whatever `Uint8Array` holds them.
 */
import type { Nlri } from '../bgp/codec/messages.js';

export type PrefixKey = string;

export function prefixKey(nlri: Nlri): PrefixKey {
  if (nlri instanceof KeyedPrefix) return nlri.key;
  const octets = (nlri.length + 7) >>> 3;
  let key = String.fromCharCode(nlri.afi, nlri.length);
  for (let i = 0; i < octets; i++) key += String.fromCharCode(nlri.address[i] ?? 0);
  return key;
}

/** A key for one path of a prefix: the prefix key plus an ADD-PATH Path Identifier (RFC 7911 §3). */
export function pathKey(prefix: PrefixKey, pathId: number): string {
  return pathId === 0 ? prefix : `${prefix}#${pathId}`;
}

/**
 * A prefix held as its key alone. A decoded `Nlri` costs about 280 bytes (the object, a `Uint8Array`
 * and its `ArrayBuffer`); this one costs the key the tables share anyway plus one field. The
 * address is rebuilt from the key when asked for (encoding, display), which is rare next to storing.
 */
export class KeyedPrefix implements Nlri {
  readonly key: PrefixKey;

  constructor(key: PrefixKey) {
    this.key = key;
  }

  get afi(): number {
    return this.key.charCodeAt(0);
  }

  get length(): number {
    return this.key.charCodeAt(1);
  }

  get pathId(): number {
    return 0;
  }

  get address(): Uint8Array {
    const key = this.key;
    const address = new Uint8Array(key.charCodeAt(0) === 2 ? 16 : 4);
    const octets = (key.charCodeAt(1) + 7) >>> 3;
    for (let i = 0; i < octets; i++) address[i] = key.charCodeAt(2 + i);
    return address;
  }
}

/** A prefix with an ADD-PATH Path Identifier, as a plain `Nlri` (safe to spread and compare). */
export function withPathId(prefix: Nlri, pathId: number): Nlri {
  return { afi: prefix.afi, length: prefix.length, address: prefix.address, pathId };
}
