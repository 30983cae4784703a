/**
 * MP_REACH_NLRI (type 14) and MP_UNREACH_NLRI (type 15), RFC 4760 §3, §4.
 *
 *   MP_REACH:   AFI (2) | SAFI (1) | NH length (1) | next hop | reserved (1) | NLRI ...
 *   MP_UNREACH: AFI (2) | SAFI (1) | withdrawn NLRI ...
 *
 * IPv6 next hops are 16 octets (global) or 32 (global + link-local), RFC 2545 §3. A malformed
 * instance makes the NLRI impossible to locate, so RFC 7606 §7.11 calls for a session reset (with
 * RFC 4760 §7's Optional Attribute Error) rather than treat-as-withdraw.
 */
import { readU16, toHex, writeU16 } from '../bytes.js';
import {
  Afi,
  Safi,
  UpdateMessageErrorSubcode as Sub,
  AttributeType,
  familyKey,
  type CodecContext,
  type MpReach,
  type MpUnreach,
  type Nlri,
} from '../messages.js';
import { decodeNlriList, encodeNlri, formatPrefix, nlriLength } from '../prefix.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';
import { formatIp } from '../../../net/index.js';

/** Families whose NLRI this codec can parse: IPv4 and IPv6, unicast and multicast (RFC 4760 §5). */
export function isSupportedFamily(afi: number, safi: number): boolean {
  return (afi === Afi.Ipv4 || afi === Afi.Ipv6) && (safi === Safi.Unicast || safi === Safi.Multicast);
}

function validNextHopLength(afi: number, length: number): boolean {
  return afi === Afi.Ipv4 ? length === 4 : length === 16 || length === 32;
}

const reset = (reason: string): AttributeFault =>
  new AttributeFault('session-reset', Sub.OptionalAttributeError, reason);

function nlriListLength(list: readonly Nlri[], addPath: boolean): number {
  let length = 0;
  for (const nlri of list) length += nlriLength(nlri, addPath);
  return length;
}

function encodeNlriList(list: readonly Nlri[], addPath: boolean, bytes: Uint8Array, offset: number): number {
  for (const nlri of list) offset = encodeNlri(bytes, offset, nlri, addPath);
  return offset;
}

export const mpReachCodec: AttributeCodec<MpReach> = {
  type: AttributeType.MpReachNlri,
  name: 'MP_REACH_NLRI',
  flags: 0x80,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value, context) =>
    5 +
    value.nextHop.length +
    nlriListLength(value.nlri, context.addPathSend.has(familyKey(value.afi, value.safi))),
  encode(value, bytes, offset, context) {
    offset = writeU16(bytes, offset, value.afi);
    bytes[offset++] = value.safi;
    bytes[offset++] = value.nextHop.length;
    bytes.set(value.nextHop, offset);
    offset += value.nextHop.length;
    bytes[offset++] = 0; // Reserved (RFC 4760 §3: MUST be 0)
    return encodeNlriList(
      value.nlri,
      context.addPathSend.has(familyKey(value.afi, value.safi)),
      bytes,
      offset,
    );
  },
  decode(value, context) {
    if (value.length < 5) return reset(`invalid length (${value.length})`);
    const afi = readU16(value, 0);
    const safi = value[2] ?? 0;
    if (!isSupportedFamily(afi, safi)) {
      return new AttributeFault(
        'attribute-discard',
        Sub.OptionalAttributeError,
        `unsupported AFI/SAFI ${afi}/${safi}`,
      );
    }
    const nextHopLength = value[3] ?? 0;
    if (4 + nextHopLength + 1 > value.length)
      return reset(`next hop length ${nextHopLength} overruns the attribute`);
    if (!validNextHopLength(afi, nextHopLength)) return reset(`invalid next hop length (${nextHopLength})`);
    const nextHop = value.slice(4, 4 + nextHopLength);
    // The Reserved octet (formerly the SNPA count) is ignored on receipt (RFC 4760 §3).
    const nlri = decodeNlriList(
      value,
      5 + nextHopLength,
      value.length,
      afi,
      context.addPathReceive.has(familyKey(afi, safi)),
    );
    if (typeof nlri === 'string') return reset(nlri);
    return { afi, safi, nextHop, nlri };
  },
  format: (value) =>
    `${value.afi}/${value.safi} via ${formatNextHop(value.nextHop)}: ${value.nlri.map(formatPrefix).join(' ')}`,
};

export const mpUnreachCodec: AttributeCodec<MpUnreach> = {
  type: AttributeType.MpUnreachNlri,
  name: 'MP_UNREACH_NLRI',
  flags: 0x80,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value, context) =>
    3 + nlriListLength(value.withdrawn, context.addPathSend.has(familyKey(value.afi, value.safi))),
  encode(value, bytes, offset, context) {
    offset = writeU16(bytes, offset, value.afi);
    bytes[offset++] = value.safi;
    return encodeNlriList(
      value.withdrawn,
      context.addPathSend.has(familyKey(value.afi, value.safi)),
      bytes,
      offset,
    );
  },
  decode(value, context) {
    if (value.length < 3) return reset(`invalid length (${value.length})`);
    const afi = readU16(value, 0);
    const safi = value[2] ?? 0;
    if (!isSupportedFamily(afi, safi)) {
      return new AttributeFault(
        'attribute-discard',
        Sub.OptionalAttributeError,
        `unsupported AFI/SAFI ${afi}/${safi}`,
      );
    }
    const withdrawn = decodeNlriList(
      value,
      3,
      value.length,
      afi,
      context.addPathReceive.has(familyKey(afi, safi)),
    );
    if (typeof withdrawn === 'string') return reset(withdrawn);
    return { afi, safi, withdrawn };
  },
  format: (value) => `${value.afi}/${value.safi}: ${value.withdrawn.map(formatPrefix).join(' ')}`,
};

/** `2001:db8::1` or, for 32 octets, `2001:db8::1 fe80::1` (BIRD 2's `BGP.next_hop` style). */
export function formatNextHop(nextHop: Uint8Array): string {
  if (nextHop.length === 4 || nextHop.length === 16) return formatIp(nextHop);
  if (nextHop.length === 32) return `${formatIp(nextHop.subarray(0, 16))} ${formatIp(nextHop.subarray(16))}`;
  return toHex(nextHop);
}

/** Whether a context would put path IDs on this family when sending (for callers sizing buffers). */
export function sendsPathIds(context: CodecContext, afi: number, safi: number): boolean {
  return context.addPathSend.has(familyKey(afi, safi));
}
