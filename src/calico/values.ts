/**
 * Calico's small value types: AS numbers (`numorstring.ASNumber`), and IP addresses as Calico's
 * validator reads them (Go's `net` rules, which src/net follows, with IPv4-mapped addresses as IPv4).
 * CIDRs are src/net's as they are.
 */
import {
  formatIp,
  formatIpv4Number,
  ipv4ToNumber,
  parseIp as parseWrittenIp,
  unmapIpv4,
  type IpAddress,
} from '../net/index.js';

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

/**
 * An IP address of either family, as Go's net.ParseIP reads it (see src/net). An IPv4-mapped IPv6
 * address (`::ffff:a.b.c.d`) counts as IPv4, as `ip.To4() != nil` does in Calico's validator.
 */
export function parseIp(text: string): IpAddress | undefined {
  const ip = parseWrittenIp(text);
  return ip && unmapIpv4(ip);
}

/** The canonical form of an IP text (dotted quad, RFC 5952), or undefined when it does not parse. */
export function canonicalIp(text: string): string | undefined {
  const ip = parseIp(text);
  return ip ? formatIp(ip) : undefined;
}

export function ipv4ToUint32(ip: IpAddress | string): number {
  const parsed = typeof ip === 'string' ? parseIp(ip) : ip;
  if (!parsed || parsed.family !== 4) throw new CalicoValueError(`not an IPv4 address: ${String(ip)}`);
  return ipv4ToNumber(parsed);
}

export function uint32ToIpv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new CalicoValueError(`not a 32-bit unsigned integer: ${value}`);
  }
  return formatIpv4Number(value);
}
