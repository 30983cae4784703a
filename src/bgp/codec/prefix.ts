/**
 * NLRI encoding shared by the UPDATE NLRI and Withdrawn Routes fields (RFC 4271 §4.3) and by
 * MP_REACH_NLRI/MP_UNREACH_NLRI (RFC 4760 §5): a length octet in bits, then the fewest octets that
 * hold it. With ADD-PATH a 4-octet Path Identifier precedes each entry (RFC 7911 §3).
 */
import { parseIpv4, formatIpv4, readU32, writeU32 } from './bytes.js';
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

/** `10.65.0.0/26` or `fd00:10::/122`. */
export function formatPrefix(nlri: Nlri): string {
  return `${formatAddress(nlri.address)}/${nlri.length}`;
}

/** Text form of a 4- or 16-octet address (IPv6 per RFC 5952: lower case, longest zero run as `::`). */
export function formatAddress(address: Uint8Array): string {
  if (address.length === 4) return formatIpv4(readU32(address, 0));
  const groups: number[] = [];
  for (let i = 0; i + 1 < address.length; i += 2)
    groups.push(((address[i] ?? 0) << 8) | (address[i + 1] ?? 0));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < groups.length;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < groups.length && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Parses an IPv4 or IPv6 address into 4 or 16 octets; undefined when malformed. */
export function parseAddress(text: string): Uint8Array | undefined {
  if (!text.includes(':')) {
    const value = parseIpv4(text);
    if (value === undefined) return undefined;
    const bytes = new Uint8Array(4);
    writeU32(bytes, 0, value);
    return bytes;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const group of part.split(':')) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      groups.push(parseInt(group, 16));
    }
    return groups;
  };
  const head = parseGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    bytes[i * 2] = group >>> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}

/** Parses `10.65.0.0/26` (host bits cleared). Throws on malformed text: for configuration and tests, not wire input. */
export function parsePrefix(text: string, pathId = 0): Nlri {
  const [addressText, lengthText] = text.split('/');
  const address = parseAddress(addressText ?? '');
  const length = Number(lengthText);
  if (address === undefined || !Number.isInteger(length) || length < 0 || length > address.length * 8) {
    throw new Error(`invalid prefix "${text}"`);
  }
  for (let bit = length; bit < address.length * 8; bit++) {
    address[bit >>> 3] = (address[bit >>> 3] ?? 0) & ~(0x80 >>> (bit & 7));
  }
  return { afi: address.length === 4 ? Afi.Ipv4 : Afi.Ipv6, length, address, pathId };
}
