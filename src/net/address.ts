/**
 * IPv4 and IPv6 addresses: text in (dotted quad, RFC 4291 §2.2 IPv6 text with `::` and a trailing
 * dotted quad), RFC 5952 text out, and the number forms the codec and the lab compute with.
 *
 * Parsing follows Go's `net.ParseIP` (which Calico's validator and confd use) and `inet_pton`: four
 * decimal parts of 1 to 3 digits, each 0..255, no leading zeros (`010` could be read as octal); no
 * zone (`%eth0`). `allowLeadingZeros` reads `010` as decimal 10, as the BGP codec's text forms
 * always have.
 */

export type IpFamily = 4 | 6;

export interface IpAddress {
  readonly family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6, in network order. */
  readonly bytes: Uint8Array;
}

export interface ParseOptions {
  /** Read `010.0.0.1` as 10.0.0.1 rather than rejecting it. */
  readonly allowLeadingZeros?: boolean;
}

/** The family a text is written in: IPv6 text always has a colon, IPv4 text never. */
export function familyOfText(text: string): IpFamily {
  return text.includes(':') ? 6 : 4;
}

/** A dotted quad, `10.192.0.2`; undefined when it is not one. */
export function parseIpv4(text: string, options: ParseOptions = {}): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^[0-9]{1,3}$/.test(part)) return undefined;
    if (!options.allowLeadingZeros && part.length > 1 && part.startsWith('0')) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return { family: 4, bytes };
}

/** IPv6 text (RFC 4291 §2.2): eight groups, or fewer around one `::`, the last two may be a dotted quad. */
export function parseIpv6(text: string, options: ParseOptions = {}): IpAddress | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return undefined;
  const head = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tail = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const readGroups = (part: string, mayEndWithIpv4: boolean): number[] | undefined => {
    const groups = part === '' ? [] : part.split(':');
    const words: number[] = [];
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i] ?? '';
      if (mayEndWithIpv4 && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group, options);
        if (!v4) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = v4.bytes;
        words.push((a << 8) | b, (c << 8) | d);
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
      words.push(parseInt(group, 16));
    }
    return words;
  };
  const headWords = readGroups(head, doubleColon < 0);
  const tailWords = readGroups(tail, true);
  if (headWords === undefined || tailWords === undefined) return undefined;
  const missing = 8 - headWords.length - tailWords.length;
  if (doubleColon >= 0 ? missing < 1 : missing !== 0) return undefined;
  const words = [...headWords, ...new Array<number>(missing).fill(0), ...tailWords];
  const bytes = new Uint8Array(16);
  words.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return { family: 6, bytes };
}

/**
 * An address of either family, by how it is written: `::ffff:10.0.0.1` stays a 16-byte IPv6
 * address (see `unmapIpv4` for Go's `To4`).
 */
export function parseIp(text: string, options: ParseOptions = {}): IpAddress | undefined {
  return familyOfText(text) === 6 ? parseIpv6(text, options) : parseIpv4(text, options);
}

/** `::ffff:a.b.c.d` (RFC 4291 §2.5.5.2). */
export function isIpv4Mapped(bytes: Uint8Array): boolean {
  if (bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** An IPv4-mapped IPv6 address as the IPv4 address it maps (Go's `ip.To4()`); any other unchanged. */
export function unmapIpv4(ip: IpAddress): IpAddress {
  return ip.family === 6 && isIpv4Mapped(ip.bytes) ? { family: 4, bytes: ip.bytes.slice(12) } : ip;
}

/** An IPv4 address as its IPv4-mapped IPv6 form; an IPv6 address unchanged. */
export function mapIpv4(ip: IpAddress): IpAddress {
  if (ip.family === 6) return ip;
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(ip.bytes, 12);
  return { family: 6, bytes };
}

/**
 * Text of an address: a dotted quad for 4 bytes; RFC 5952 §4 for 16: lower-case hex without leading
 * zeros, the longest run of two or more zero groups as `::` (the first of equal runs), never `::`
 * for one group. IPv4-mapped addresses stay in hex (`::ffff:a00:1`), not §5's mixed form.
 */
export function formatIp(ip: IpAddress | Uint8Array): string {
  const bytes = ip instanceof Uint8Array ? ip : ip.bytes;
  if (bytes.length === 4) return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
  const groups: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) groups.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
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
  const hex = (words: number[]): string => words.map((word) => word.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** An IPv4 address (4 bytes) as an unsigned 32-bit number: router IDs, NEXT_HOP, arithmetic. */
export function ipv4ToNumber(ip: IpAddress | Uint8Array): number {
  const bytes = ip instanceof Uint8Array ? ip : ip.bytes;
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

/** An unsigned 32-bit number as an IPv4 address (taken modulo 2^32). */
export function ipv4FromNumber(value: number): IpAddress {
  return { family: 4, bytes: Uint8Array.of(value >>> 24, value >>> 16, value >>> 8, value) };
}

/** Dotted-quad text of an unsigned 32-bit number (taken modulo 2^32), without an `IpAddress` between. */
export function formatIpv4Number(value: number): string {
  return `${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/** Dotted-quad text to an unsigned 32-bit number; undefined when it is not a dotted quad. */
export function parseIpv4Number(text: string, options: ParseOptions = {}): number | undefined {
  const ip = parseIpv4(text, options);
  return ip === undefined ? undefined : ipv4ToNumber(ip);
}

/** An IPv6 address (16 bytes) as a 128-bit number. */
export function ipv6ToBigInt(ip: IpAddress | Uint8Array): bigint {
  const bytes = ip instanceof Uint8Array ? ip : ip.bytes;
  return bytes.reduce((value, byte) => (value << 8n) | BigInt(byte), 0n);
}

/** A 128-bit number (taken modulo 2^128) as an IPv6 address. */
export function ipv6FromBigInt(value: bigint): IpAddress {
  const bytes = new Uint8Array(16);
  for (let i = 15, rest = value; i >= 0; i--, rest >>= 8n) bytes[i] = Number(rest & 0xffn);
  return { family: 6, bytes };
}

/** The address `offset` after `ip` in its family's number space (wrapping at the top). */
export function offsetAddress(ip: IpAddress, offset: number | bigint): IpAddress {
  if (ip.family === 4) return ipv4FromNumber(ipv4ToNumber(ip) + Number(offset));
  return ipv6FromBigInt(ipv6ToBigInt(ip) + BigInt(offset));
}
