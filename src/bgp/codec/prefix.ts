/**
 * NLRI encoding shared by the UPDATE NLRI and Withdrawn Routes fields (RFC 4271 §4.3) and by
 * MP_REACH_NLRI/MP_UNREACH_NLRI (RFC 4760 §5): a length octet in bits, then the fewest octets that
 * hold it. With ADD-PATH a 4-octet Path Identifier precedes each entry (RFC 7911 §3).
 */
import { formatIp, parseCidr, parseIp } from '../../net/index.js';
import { readU32, writeU32 } from './bytes.js';
import { Afi, type Nlri } from './messages.js';

/** Octets of a full address for the AFIs this codec understands, else undefined. */
export function addressWidth(afi: number): 4 | 16 | undefined {
  if (afi === Afi.Ipv4) return 4;
  if (afi === Afi.Ipv6) return 16;
  return undefined;
}

/** Octets `encodeNlri` writes for one entry. */
export function nlriLength(nlri: Nlri, addPath: boolean): number {
  return (addPath ? 5 : 1) + ((nlri.length + 7) >>> 3);
}

/** Writes one entry at `offset`; returns the offset after it. */
export function encodeNlri(bytes: Uint8Array, offset: number, nlri: Nlri, addPath: boolean): number {
  if (addPath) offset = writeU32(bytes, offset, nlri.pathId);
  bytes[offset++] = nlri.length;
  const octets = (nlri.length + 7) >>> 3;
  const address = nlri.address;
  for (let i = 0; i < octets; i++) bytes[offset + i] = address[i] ?? 0;
  return offset + octets;
}

/**
 * Decodes the entries in `bytes[start, end)`. Returns a reason string on a syntax error (a length
 * beyond the address width, or an entry running past `end`), which RFC 7606 §5.3 makes a session
 * reset because the remaining NLRI cannot be located.
 */
export function decodeNlriList(
  bytes: Uint8Array,
  start: number,
  end: number,
  afi: number,
  addPath: boolean,
): Nlri[] | string {
  const width = addressWidth(afi);
  if (width === undefined) return `unsupported AFI ${afi}`;
  const maxBits = width * 8;
  // First pass: validate and count, so every address can live in one allocation. A `Uint8Array` of
  // its own costs an `ArrayBuffer` per prefix (about twice the memory and GC work of a view).
  let count = 0;
  for (let offset = start; offset < end; count++) {
    if (addPath) {
      if (offset + 4 > end) return 'truncated path identifier';
      offset += 4;
    }
    if (offset >= end) return 'truncated prefix';
    const length = bytes[offset++] ?? 0;
    if (length > maxBits) return `invalid prefix length ${length}`;
    offset += (length + 7) >>> 3;
    if (offset > end) return 'truncated prefix';
  }
  const addresses = new Uint8Array(count * width);
  const list: Nlri[] = new Array<Nlri>(count);
  let offset = start;
  for (let index = 0; index < count; index++) {
    let pathId = 0;
    if (addPath) {
      pathId = readU32(bytes, offset);
      offset += 4;
    }
    const length = bytes[offset++] ?? 0;
    const octets = (length + 7) >>> 3;
    const base = index * width;
    for (let i = 0; i < octets; i++) addresses[base + i] = bytes[offset + i] ?? 0;
    // Bits past the prefix length are irrelevant (RFC 4271 §4.3); clear them so equal prefixes compare equal.
    const spare = octets * 8 - length;
    if (spare > 0)
      addresses[base + octets - 1] = (addresses[base + octets - 1] ?? 0) & ((0xff << spare) & 0xff);
    offset += octets;
    list[index] = { afi, length, address: addresses.subarray(base, base + width), pathId };
  }
  return list;
}

/** `10.65.0.0/26` or `fd00:10::/122` (IPv6 per RFC 5952). */
export function formatPrefix(nlri: Nlri): string {
  return `${formatIp(nlri.address)}/${nlri.length}`;
}

/**
 * The codec's text forms (configuration, scripts and tests, never wire input) read a leading zero
 * as decimal: `010.0.0.1` is 10.0.0.1.
 */
const CODEC_TEXT = { allowLeadingZeros: true } as const;

/** Parses an IPv4 or IPv6 address into 4 or 16 octets; undefined when malformed. */
export function parseAddress(text: string): Uint8Array | undefined {
  return parseIp(text, CODEC_TEXT)?.bytes;
}

/** Parses `10.65.0.0/26` (host bits cleared). Throws on malformed text: for configuration and tests, not wire input. */
export function parsePrefix(text: string, pathId = 0): Nlri {
  const cidr = parseCidr(text, CODEC_TEXT);
  if (cidr === undefined) throw new Error(`invalid prefix "${text}"`);
  const afi = cidr.family === 4 ? Afi.Ipv4 : Afi.Ipv6;
  return { afi, length: cidr.prefixLength, address: cidr.network.bytes, pathId };
}
