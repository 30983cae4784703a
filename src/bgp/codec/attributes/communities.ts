/**
 * COMMUNITIES (type 8, RFC 1997), EXTENDED COMMUNITIES (type 16, RFC 4360) and LARGE_COMMUNITY
 * (type 32, RFC 8092): lists of fixed-size values, all optional transitive.
 */
import { readU32, toHex, writeU32 } from '../bytes.js';
import { UpdateMessageErrorSubcode as Sub, AttributeType, type LargeCommunity } from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';

/** RFC 7606 §7.8, §7.14; RFC 8092 §6: a length that is not a non-zero multiple of the item size. */
function badLength(value: Uint8Array, itemSize: number): AttributeFault | undefined {
  if (value.length === 0 || value.length % itemSize !== 0) {
    return new AttributeFault(
      'treat-as-withdraw',
      Sub.OptionalAttributeError,
      `invalid length (${value.length})`,
    );
  }
  return undefined;
}

export const communitiesCodec: AttributeCodec<readonly number[]> = {
  type: AttributeType.Communities,
  name: 'COMMUNITIES',
  flags: 0xc0,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value) => value.length * 4,
  encode(value, bytes, offset) {
    for (const community of value) offset = writeU32(bytes, offset, community);
    return offset;
  },
  decode(value) {
    const fault = badLength(value, 4);
    if (fault) return fault;
    const list: number[] = [];
    for (let offset = 0; offset < value.length; offset += 4) list.push(readU32(value, offset));
    return list;
  },
  // BIRD's `(65000,100)` notation.
  format: (value) => value.map((c) => `(${c >>> 16},${c & 0xffff})`).join(' '),
};

export const extendedCommunitiesCodec: AttributeCodec<readonly Uint8Array[]> = {
  type: AttributeType.ExtendedCommunities,
  name: 'EXTENDED_COMMUNITIES',
  flags: 0xc0,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value) => value.length * 8,
  encode(value, bytes, offset) {
    for (const community of value) {
      bytes.set(community.subarray(0, 8), offset);
      offset += 8;
    }
    return offset;
  },
  decode(value) {
    // Unknown types and subtypes are not errors (RFC 7606 §7.14): every 8-octet value is kept.
    const fault = badLength(value, 8);
    if (fault) return fault;
    const list: Uint8Array[] = [];
    for (let offset = 0; offset < value.length; offset += 8) list.push(value.slice(offset, offset + 8));
    return list;
  },
  format: (value) => value.map((c) => `(${toHex(c)})`).join(' '),
};

export const largeCommunitiesCodec: AttributeCodec<readonly LargeCommunity[]> = {
  type: AttributeType.LargeCommunities,
  name: 'LARGE_COMMUNITY',
  flags: 0xc0,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value) => value.length * 12,
  encode(value, bytes, offset) {
    for (const community of value) {
      offset = writeU32(bytes, offset, community.globalAdmin);
      offset = writeU32(bytes, offset, community.localData1);
      offset = writeU32(bytes, offset, community.localData2);
    }
    return offset;
  },
  decode(value) {
    const fault = badLength(value, 12);
    if (fault) return fault;
    const list: LargeCommunity[] = [];
    const seen = new Set<string>();
    for (let offset = 0; offset < value.length; offset += 12) {
      const community = {
        globalAdmin: readU32(value, offset),
        localData1: readU32(value, offset + 4),
        localData2: readU32(value, offset + 8),
      };
      // RFC 8092 §6: duplicates are not malformed; drop them so they are never sent on.
      const key = `${community.globalAdmin}:${community.localData1}:${community.localData2}`;
      if (seen.has(key)) continue;
      seen.add(key);
      list.push(community);
    }
    return list;
  },
  // RFC 8092 §5 canonical text, in BIRD's parentheses.
  format: (value) => value.map((c) => `(${c.globalAdmin}, ${c.localData1}, ${c.localData2})`).join(' '),
};
