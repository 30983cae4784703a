/**
 * AS_PATH (type 2, well-known mandatory; RFC 4271 §4.3, §5.1.2) and AS4_PATH (type 17, RFC 6793 §3),
 * plus the RFC 6793 §4.2 conversions between them for sessions with OLD (2-octet) speakers.
 *
 *   segment:  +------+--------+-----------------------------+
 *             | type | count  | count × AS (2 or 4 octets)  |
 *             +------+--------+-----------------------------+
 */
import { readU16, readU32, writeU16, writeU32 } from '../bytes.js';
import {
  AS_TRANS,
  AsPathSegmentType as Seg,
  UpdateMessageErrorSubcode as Sub,
  AttributeType,
  type AsPathSegment,
} from '../messages.js';
import { AttributeFault, type AttributeCodec } from './attribute-codec.js';

/**
 * Decodes segments; returns a reason string when malformed (RFC 7606 §7.2: unknown segment type,
 * zero segment length, overrun or underrun; RFC 7607 §2: AS 0).
 */
export function decodeSegments(
  value: Uint8Array,
  asWidth: 2 | 4,
  allowConfederation: boolean,
): AsPathSegment[] | string {
  const segments: AsPathSegment[] = [];
  let offset = 0;
  while (offset < value.length) {
    if (offset + 2 > value.length) return 'truncated segment header';
    const type = value[offset] ?? 0;
    const count = value[offset + 1] ?? 0;
    const maxType = allowConfederation ? Seg.ConfedSet : Seg.AsSequence;
    if (type < Seg.AsSet || type > maxType) return `invalid segment type (${type})`;
    if (count === 0) return 'zero segment length';
    offset += 2;
    if (offset + count * asWidth > value.length) return 'segment overrun';
    const asns: number[] = new Array<number>(count);
    for (let i = 0; i < count; i++) {
      const asn = asWidth === 4 ? readU32(value, offset) : readU16(value, offset);
      if (asn === 0) return 'AS 0';
      asns[i] = asn;
      offset += asWidth;
    }
    segments.push({ type, asns });
  }
  return segments;
}

export function segmentsLength(segments: readonly AsPathSegment[], asWidth: 2 | 4): number {
  let length = 0;
  for (const segment of segments) length += 2 + segment.asns.length * asWidth;
  return length;
}

/** Writes segments; a 2-octet AS field gets AS_TRANS for an AS that needs 4 octets (RFC 6793 §4.2.2). */
export function encodeSegments(
  segments: readonly AsPathSegment[],
  asWidth: 2 | 4,
  bytes: Uint8Array,
  offset: number,
): number {
  for (const segment of segments) {
    bytes[offset++] = segment.type;
    bytes[offset++] = segment.asns.length;
    if (asWidth === 4) {
      for (const asn of segment.asns) offset = writeU32(bytes, offset, asn);
    } else {
      for (const asn of segment.asns) offset = writeU16(bytes, offset, asn > 0xffff ? AS_TRANS : asn);
    }
  }
  return offset;
}

/** `65001 65002 {65003 65004}`; confederation segments in parentheses / brackets. */
export function formatSegments(segments: readonly AsPathSegment[]): string {
  return segments
    .map((segment) => {
      const list = segment.asns.join(' ');
      if (segment.type === Seg.AsSet) return `{${list}}`;
      if (segment.type === Seg.ConfedSequence) return `(${list})`;
      if (segment.type === Seg.ConfedSet) return `[${list}]`;
      return list;
    })
    .join(' ');
}

export const asPathCodec: AttributeCodec<readonly AsPathSegment[]> = {
  type: AttributeType.AsPath,
  name: 'AS_PATH',
  flags: 0x40,
  flagsErrorAction: 'treat-as-withdraw',
  length: (value, context) => segmentsLength(value, context.fourOctetAs ? 4 : 2),
  encode: (value, bytes, offset, context) =>
    encodeSegments(value, context.fourOctetAs ? 4 : 2, bytes, offset),
  decode(value, context) {
    const segments = decodeSegments(value, context.fourOctetAs ? 4 : 2, true);
    if (typeof segments === 'string')
      return new AttributeFault('treat-as-withdraw', Sub.MalformedAsPath, segments);
    return segments;
  },
  format: formatSegments,
};

/** AS4_PATH: always 4-octet ASes, never confederation segments (RFC 6793 §3); malformed → discard (§6). */
export const as4PathCodec: AttributeCodec<readonly AsPathSegment[]> = {
  type: AttributeType.As4Path,
  name: 'AS4_PATH',
  flags: 0xc0,
  flagsErrorAction: 'attribute-discard',
  length: (value) => segmentsLength(value, 4),
  encode: (value, bytes, offset) => encodeSegments(value, 4, bytes, offset),
  decode(value) {
    if (value.length === 0)
      return new AttributeFault('attribute-discard', Sub.AttributeLengthError, 'invalid length (0)');
    const segments = decodeSegments(value, 4, false);
    if (typeof segments === 'string')
      return new AttributeFault('attribute-discard', Sub.MalformedAsPath, segments);
    return segments;
  },
  format: formatSegments,
};

/** Path length as RFC 4271 §9.1.2.2(a) counts it: an AS_SET counts one, confederation segments none. */
export function countAsPathLength(segments: readonly AsPathSegment[]): number {
  let count = 0;
  for (const segment of segments) {
    if (segment.type === Seg.AsSequence) count += segment.asns.length;
    else if (segment.type === Seg.AsSet) count += 1;
  }
  return count;
}

/** Whether an OLD speaker needs AS4_PATH to learn this path (some AS does not fit in 2 octets). */
export function needsAs4Path(segments: readonly AsPathSegment[]): boolean {
  return segments.some((segment) => segment.asns.some((asn) => asn > 0xffff));
}

/** The AS4_PATH to send with a path toward an OLD speaker: the path without confederation segments (RFC 6793 §4.2.2). */
export function as4PathFor(segments: readonly AsPathSegment[]): AsPathSegment[] {
  return segments.filter((segment) => segment.type === Seg.AsSequence || segment.type === Seg.AsSet);
}

/**
 * RFC 6793 §4.2.3: rebuild the 4-octet path from an OLD speaker's AS_PATH and AS4_PATH. When AS_PATH
 * counts fewer ASes than AS4_PATH, AS4_PATH is ignored; otherwise the leading ASes of AS_PATH that
 * AS4_PATH does not cover are kept, followed by AS4_PATH.
 */
export function mergeAs4Path(
  asPath: readonly AsPathSegment[],
  as4Path: readonly AsPathSegment[],
): AsPathSegment[] {
  const excess = countAsPathLength(asPath) - countAsPathLength(as4Path);
  if (excess < 0) return [...asPath];
  const merged: AsPathSegment[] = [];
  let remaining = excess;
  for (const segment of asPath) {
    if (remaining === 0) {
      // Confederation segments in front of the covered part belong to the leading part too.
      if (segment.type === Seg.ConfedSequence || segment.type === Seg.ConfedSet) merged.push(segment);
      else break;
      continue;
    }
    if (segment.type === Seg.AsSequence) {
      if (segment.asns.length <= remaining) {
        merged.push(segment);
        remaining -= segment.asns.length;
      } else {
        merged.push({ type: segment.type, asns: segment.asns.slice(0, remaining) });
        remaining = 0;
      }
    } else if (segment.type === Seg.AsSet) {
      merged.push(segment);
      remaining -= 1;
    } else {
      merged.push(segment);
    }
  }
  // Join a split sequence with AS4_PATH's leading sequence so the result is what a NEW speaker would send.
  const last = merged[merged.length - 1];
  const first = as4Path[0];
  if (
    last &&
    first &&
    last.type === Seg.AsSequence &&
    first.type === Seg.AsSequence &&
    last.asns.length + first.asns.length <= 255
  ) {
    merged[merged.length - 1] = { type: Seg.AsSequence, asns: [...last.asns, ...first.asns] };
    return [...merged, ...as4Path.slice(1)];
  }
  return [...merged, ...as4Path];
}
