/**
 * Packs many NLRI sharing one attribute set into as few UPDATEs as fit the negotiated message size
 * (RFC 4271 App. F.1; BIRD's `bgp_create_update` fills a packet from one bucket). The attributes are
 * encoded once and copied into each message; all messages live in one allocation, so a reflector can
 * encode once per update group and write the same bytes to every peer in it.
 *
 * IPv4 unicast goes in the NLRI / Withdrawn Routes fields (as BIRD sends it); other families in
 * MP_REACH_NLRI / MP_UNREACH_NLRI, placed first (RFC 7606 §5.1).
 */
import { writeU16 } from './bytes.js';
import { maxMessageLength, writeHeader } from './header.js';
import {
  Afi,
  AttributeFlag,
  AttributeType,
  HEADER_LENGTH,
  MessageType,
  Safi,
  familyKey,
  type CodecContext,
  type Nlri,
  type PathAttributes,
} from './messages.js';
import { encodeNlri, nlriLength } from './prefix.js';
import { encodePathAttributes, pathAttributesLength, writeAttributeHeader } from './update.js';

export interface Announcement {
  readonly afi: number;
  readonly safi: number;
  /** For IPv4 unicast, `attributes.nextHop` is the next hop; other families need `nextHop` (RFC 4760 §3). */
  readonly attributes: PathAttributes;
  readonly nextHop?: Uint8Array;
  readonly nlri: readonly Nlri[];
}

const isIpv4Unicast = (afi: number, safi: number): boolean => afi === Afi.Ipv4 && safi === Safi.Unicast;

/** Splits `nlri` into runs whose encoded size stays within `budget`; returns the run end indexes and byte sizes. */
function chunk(nlri: readonly Nlri[], addPath: boolean, budget: number): { ends: number[]; sizes: number[] } {
  const ends: number[] = [];
  const sizes: number[] = [];
  let size = 0;
  for (let i = 0; i < nlri.length; i++) {
    const item = nlri[i] as Nlri;
    const length = nlriLength(item, addPath);
    if (length > budget) throw new RangeError('attributes leave no room for NLRI in a message');
    if (size + length > budget) {
      ends.push(i);
      sizes.push(size);
      size = 0;
    }
    size += length;
  }
  if (size > 0) {
    ends.push(nlri.length);
    sizes.push(size);
  }
  return { ends, sizes };
}

function slices(buffer: Uint8Array, lengths: number[]): Uint8Array[] {
  const result: Uint8Array[] = [];
  let offset = 0;
  for (const length of lengths) {
    result.push(buffer.subarray(offset, offset + length));
    offset += length;
  }
  return result;
}

/**
 * UPDATEs announcing `nlri` with one attribute set. Throws a RangeError when the attributes alone
 * leave no room for a prefix (the caller should then withdraw, as BIRD does).
 */
export function packAnnouncements(announcement: Announcement, context: CodecContext): Uint8Array[] {
  const { afi, safi, attributes, nlri } = announcement;
  if (nlri.length === 0) return [];
  const addPath = context.addPathSend.has(familyKey(afi, safi));
  const max = maxMessageLength(context);
  const attributesSize = pathAttributesLength(attributes, context);
  const scratch = new Uint8Array(attributesSize);
  encodePathAttributes(attributes, context, scratch, 0);
  const fixed = HEADER_LENGTH + 4 + attributesSize;

  if (isIpv4Unicast(afi, safi)) {
    const { ends, sizes } = chunk(nlri, addPath, max - fixed);
    const lengths = sizes.map((size) => fixed + size);
    const buffer = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
    let offset = 0;
    let from = 0;
    ends.forEach((end, i) => {
      offset = writeHeader(buffer, offset, lengths[i] ?? 0, MessageType.Update);
      offset = writeU16(buffer, offset, 0);
      offset = writeU16(buffer, offset, attributesSize);
      buffer.set(scratch, offset);
      offset += attributesSize;
      for (let j = from; j < end; j++) offset = encodeNlri(buffer, offset, nlri[j] as Nlri, addPath);
      from = end;
    });
    return slices(buffer, lengths);
  }

  const nextHop = announcement.nextHop;
  if (nextHop === undefined) throw new TypeError(`announcement for AFI/SAFI ${afi}/${safi} needs a next hop`);
  // MP_REACH_NLRI header (4 octets, Extended Length, the worst case) + AFI, SAFI, NH length, NH, Reserved.
  const mpFixed = 4 + 5 + nextHop.length;
  const { ends, sizes } = chunk(nlri, addPath, max - fixed - mpFixed);
  const lengths = sizes.map((size) => {
    const value = 5 + nextHop.length + size;
    return fixed + (value > 255 ? 4 : 3) + value;
  });
  const buffer = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let offset = 0;
  let from = 0;
  ends.forEach((end, i) => {
    const value = 5 + nextHop.length + (sizes[i] ?? 0);
    offset = writeHeader(buffer, offset, lengths[i] ?? 0, MessageType.Update);
    offset = writeU16(buffer, offset, 0);
    offset = writeU16(buffer, offset, (value > 255 ? 4 : 3) + value + attributesSize);
    offset = writeAttributeHeader(buffer, offset, AttributeFlag.Optional, AttributeType.MpReachNlri, value);
    offset = writeU16(buffer, offset, afi);
    buffer[offset++] = safi;
    buffer[offset++] = nextHop.length;
    buffer.set(nextHop, offset);
    offset += nextHop.length;
    buffer[offset++] = 0;
    for (let j = from; j < end; j++) offset = encodeNlri(buffer, offset, nlri[j] as Nlri, addPath);
    buffer.set(scratch, offset);
    offset += attributesSize;
    from = end;
  });
  return slices(buffer, lengths);
}

/** UPDATEs withdrawing `nlri` (no path attributes besides MP_UNREACH_NLRI). */
export function packWithdrawals(
  afi: number,
  safi: number,
  nlri: readonly Nlri[],
  context: CodecContext,
): Uint8Array[] {
  if (nlri.length === 0) return [];
  const addPath = context.addPathSend.has(familyKey(afi, safi));
  const max = maxMessageLength(context);
  const ipv4 = isIpv4Unicast(afi, safi);
  const fixed = HEADER_LENGTH + 4 + (ipv4 ? 0 : 4 + 3);
  const { ends, sizes } = chunk(nlri, addPath, max - fixed);
  const lengths = sizes.map((size) =>
    ipv4 ? fixed + size : HEADER_LENGTH + 4 + (size + 3 > 255 ? 4 : 3) + 3 + size,
  );
  const buffer = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let offset = 0;
  let from = 0;
  ends.forEach((end, i) => {
    const size = sizes[i] ?? 0;
    offset = writeHeader(buffer, offset, lengths[i] ?? 0, MessageType.Update);
    if (ipv4) {
      offset = writeU16(buffer, offset, size);
      for (let j = from; j < end; j++) offset = encodeNlri(buffer, offset, nlri[j] as Nlri, addPath);
      offset = writeU16(buffer, offset, 0);
    } else {
      offset = writeU16(buffer, offset, 0);
      const value = 3 + size;
      offset = writeU16(buffer, offset, (value > 255 ? 4 : 3) + value);
      offset = writeAttributeHeader(
        buffer,
        offset,
        AttributeFlag.Optional,
        AttributeType.MpUnreachNlri,
        value,
      );
      offset = writeU16(buffer, offset, afi);
      buffer[offset++] = safi;
      for (let j = from; j < end; j++) offset = encodeNlri(buffer, offset, nlri[j] as Nlri, addPath);
    }
    from = end;
  });
  return slices(buffer, lengths);
}

/**
 * End-of-RIB (RFC 4724 §2): an UPDATE with nothing in it for IPv4 unicast (23 octets), else one
 * carrying only an empty MP_UNREACH_NLRI for the family (29 octets).
 */
export function encodeEndOfRib(afi: number, safi: number): Uint8Array {
  const ipv4 = isIpv4Unicast(afi, safi);
  const bytes = new Uint8Array(ipv4 ? 23 : 29);
  let offset = writeHeader(bytes, 0, bytes.length, MessageType.Update);
  offset = writeU16(bytes, offset, 0);
  if (ipv4) {
    writeU16(bytes, offset, 0);
    return bytes;
  }
  offset = writeU16(bytes, offset, 6);
  offset = writeAttributeHeader(bytes, offset, AttributeFlag.Optional, AttributeType.MpUnreachNlri, 3);
  offset = writeU16(bytes, offset, afi);
  bytes[offset] = safi;
  return bytes;
}
