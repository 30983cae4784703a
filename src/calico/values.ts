/**
 * Calico's small value types: AS numbers (`numorstring.ASNumber`), IP addresses and CIDRs with the
 * parsing rules of Go's `net` package, which Calico's validator and confd use.
 */

export const MAX_AS_NUMBER = 4294967295;

/** Thrown for a value that is not what the field takes; the message is Calico's where Calico has one. */
export class CalicoValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalicoValueError';
  }
}

const DECIMAL = /^[0-9]+$/;

/**
 * An AS number as Calico's `numorstring.ASNumber` accepts it: a JSON integer, a decimal string, or
 * AS-dot notation `"<hi>.<lo>"` with 16-bit halves (RFC 5396), worth hi * 65536 + lo. Anything else
 * fails with Calico's "invalid AS Number format".
 */
export function parseAsNumber(v: unknown): number {
  if (typeof v === 'number') {
    if (Number.isInteger(v) && v >= 0 && v <= MAX_AS_NUMBER) return v;
    throw new CalicoValueError('invalid AS Number format');
  }
  if (typeof v !== 'string') throw new CalicoValueError('invalid AS Number format');
  const parts = v.split('.');
  if (parts.length === 2) {
    const [hi = '', lo = ''] = parts;
    const high = parseDecimal(hi, 0xffff);
    const low = parseDecimal(lo, 0xffff);
    if (high === undefined || low === undefined) throw new CalicoValueError('invalid AS Number format');
    return high * 65536 + low;
  }
  const plain = parts.length === 1 ? parseDecimal(v, MAX_AS_NUMBER) : undefined;
  if (plain === undefined) throw new CalicoValueError('invalid AS Number format');
  return plain;
}

/** Like Go's strconv.ParseUint(s, 10, bits): digits only, no sign, no spaces, bounded. */
function parseDecimal(text: string, max: number): number | undefined {
  if (!DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

/** An AS number as confd writes it into BIRD (plain decimal), or in AS-dot form (RFC 5396). */
export function formatAsNumber(asNumber: number, notation: 'asplain' | 'asdot' = 'asplain'): string {
  if (!Number.isInteger(asNumber) || asNumber < 0 || asNumber > MAX_AS_NUMBER) {
    throw new CalicoValueError(`AS number out of range: ${asNumber}`);
  }
  if (notation === 'asdot' && asNumber > 0xffff) return `${Math.floor(asNumber / 65536)}.${asNumber % 65536}`;
  return String(asNumber);
}

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** 4 bytes for IPv4, 16 for IPv6. */
  bytes: Uint8Array;
}

export interface Cidr {
  family: IpFamily;
  /** The address as written (not masked). */
  address: IpAddress;
  prefixLength: number;
  /** The address with the host bits cleared. */
  network: IpAddress;
  /** True when the written address had no host bits set (IPPool requires that). */
  masked: boolean;
}

/**
 * Dotted-quad IPv4 as Go's net.ParseIP reads it: four decimal parts 0..255; leading zeros are
 * rejected (Go 1.17+, to avoid octal ambiguity).
 */
export function parseIpv4(text: string): IpAddress | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^[0-9]{1,3}$/.test(part) || (part.length > 1 && part.startsWith('0'))) return undefined;
    const value = Number(part);
    if (value > 255) return undefined;
    bytes[i] = value;
  }
  return { family: 4, bytes };
}

/** IPv6 text (RFC 4291 section 2.2), including `::` and a trailing dotted IPv4; no zone. */
export function parseIpv6(text: string): IpAddress | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  const doubleColon = text.indexOf('::');
  if (doubleColon !== text.lastIndexOf('::')) return undefined;
  const head = doubleColon >= 0 ? text.slice(0, doubleColon) : text;
  const tail = doubleColon >= 0 ? text.slice(doubleColon + 2) : '';
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const words: number[] = [];
  const tailWords: number[] = [];
  const readGroups = (groups: string[], out: number[], mayEndWithIpv4: boolean): boolean => {
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i] ?? '';
      if (mayEndWithIpv4 && i === groups.length - 1 && group.includes('.')) {
        const v4 = parseIpv4(group);
        if (!v4) return false;
        out.push(
          ((v4.bytes[0] ?? 0) << 8) | (v4.bytes[1] ?? 0),
          ((v4.bytes[2] ?? 0) << 8) | (v4.bytes[3] ?? 0),
        );
        continue;
      }
      if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return false;
      out.push(parseInt(group, 16));
    }
    return true;
  };
  const ipv4InHead = doubleColon < 0;
  if (!readGroups(headGroups, words, ipv4InHead)) return undefined;
  if (!readGroups(tailGroups, tailWords, true)) return undefined;
  const missing = 8 - words.length - tailWords.length;
  if (doubleColon >= 0 ? missing < 1 : missing !== 0) return undefined;
  const all = [...words, ...new Array<number>(missing).fill(0), ...tailWords];
  const bytes = new Uint8Array(16);
  all.forEach((word, i) => {
    bytes[2 * i] = word >> 8;
    bytes[2 * i + 1] = word & 0xff;
  });
  return { family: 6, bytes };
}

/**
 * An IP address of either family, as Go's net.ParseIP. An IPv4-mapped IPv6 address
 * (`::ffff:a.b.c.d`) counts as IPv4, as `ip.To4() != nil` does in Calico's validator.
 */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const v6 = parseIpv6(text);
    if (!v6) return undefined;
    return isIpv4Mapped(v6.bytes) ? { family: 4, bytes: v6.bytes.slice(12) } : v6;
  }
  return parseIpv4(text);
}

function isIpv4Mapped(bytes: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (bytes[i] !== 0) return false;
  return bytes[10] === 0xff && bytes[11] === 0xff;
}

/** Canonical text: dotted quad, or RFC 5952 for IPv6 (lower case, longest zero run as `::`). */
export function formatIp(ip: IpAddress): string {
  if (ip.family === 4) return Array.from(ip.bytes).join('.');
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((ip.bytes[i] ?? 0) << 8) | (ip.bytes[i + 1] ?? 0));
  // RFC 5952 section 4.2.2/4.2.3: compress the longest run of two or more zero words, the first if tied.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (ws: number[]): string => ws.map((w) => w.toString(16)).join(':');
  if (bestStart < 0) return hex(words);
  return `${hex(words.slice(0, bestStart))}::${hex(words.slice(bestStart + bestLength))}`;
}

/** The canonical form of an IP text, or undefined when it does not parse. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : undefined;
}

export function ipv4ToUint32(ip: IpAddress | string): number {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!parsed || parsed.family !== 4) throw new CalicoValueError(`not an IPv4 address: ${String(ip)}`);
  const b = parsed.bytes;
  return (((b[0] ?? 0) << 24) >>> 0) + ((b[1] ?? 0) << 16) + ((b[2] ?? 0) << 8) + (b[3] ?? 0);
}

export function uint32ToIpv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new CalicoValueError(`not a 32-bit unsigned integer: ${value}`);
  }
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join('.');
}

/**
 * `address/prefix` as Go's net.ParseCIDR reads it: the prefix is required, decimal, within the
 * family's width. The address need not be masked (Calico's `cidrv4`/`cidrv6` accept `10.192.0.2/16`).
 */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!address || !/^[0-9]{1,3}$/.test(prefixText)) return undefined;
  // A `::ffff:a.b.c.d/n` prefix is measured in IPv6 bits; Go keeps it IPv6 in that case.
  const family: IpFamily = text.slice(0, slash).includes(':') ? 6 : 4;
  const bytes = family === 6 && address.family === 4 ? mapToIpv6(address.bytes) : address.bytes;
  const written: IpAddress = { family, bytes };
  const prefixLength = Number(prefixText);
  if (prefixLength > bytes.length * 8) return undefined;
  const network = maskAddress(written, prefixLength);
  const masked = network.bytes.every((byte, i) => byte === bytes[i]);
  return { family, address: written, prefixLength, network, masked };
}

function mapToIpv6(v4: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  bytes.set(v4, 12);
  return bytes;
}

export function maskAddress(ip: IpAddress, prefixLength: number): IpAddress {
  const bytes = new Uint8Array(ip.bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bitsInByte = Math.max(0, Math.min(8, prefixLength - 8 * i));
    bytes[i] = (ip.bytes[i] ?? 0) & ((0xff << (8 - bitsInByte)) & 0xff);
  }
  return { family: ip.family, bytes };
}

/** The canonical network form, `10.0.0.0/16`, `fd00::/64`. */
export function formatCidr(cidr: Pick<Cidr, 'network' | 'prefixLength'>): string {
  return `${formatIp(cidr.network)}/${cidr.prefixLength}`;
}

/** Two CIDRs overlap when one contains the other's network (same family only). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const left = maskAddress(a.network, shorter);
  const right = maskAddress(b.network, shorter);
  return left.bytes.every((byte, i) => byte === right.bytes[i]);
}

/** True when `ip` lies inside `cidr`. */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const masked = maskAddress(ip, cidr.prefixLength);
  return masked.bytes.every((byte, i) => byte === cidr.network.bytes[i]);
}
