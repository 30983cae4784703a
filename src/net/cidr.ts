/**
 * CIDR prefixes (RFC 4632 §3.1 for IPv4, RFC 4291 §2.3 for IPv6): `address/length`, read as Go's
 * `net.ParseCIDR` reads them.
 */
import { formatIp, parseIp, type IpAddress, type IpFamily, type ParseOptions } from './address.js';

export interface Cidr {
  readonly family: IpFamily;
  /** The address as written (not masked). */
  readonly address: IpAddress;
  readonly prefixLength: number;
  /** The address with the host bits cleared. */
  readonly network: IpAddress;
  /** True when the written address had no host bits set (an IPPool requires that). */
  readonly masked: boolean;
}

/** The address with every bit after the first `prefixLength` cleared. */
export function maskAddress(ip: IpAddress, prefixLength: number): IpAddress {
  const bytes = new Uint8Array(ip.bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const bitsInByte = Math.max(0, Math.min(8, prefixLength - 8 * i));
    bytes[i] = (ip.bytes[i] ?? 0) & ((0xff << (8 - bitsInByte)) & 0xff);
  }
  return { family: ip.family, bytes };
}

/** The prefix of `prefixLength` bits around `address` (0 to 32 or 128; not checked). */
export function makeCidr(address: IpAddress, prefixLength: number): Cidr {
  const network = maskAddress(address, prefixLength);
  const masked = network.bytes.every((byte, i) => byte === address.bytes[i]);
  return { family: address.family, address, prefixLength, network, masked };
}

/**
 * `address/length`: the length is required, decimal, within the family's width; the address need
 * not be masked (`10.192.0.2/16`). `::ffff:a.b.c.d/n` is IPv6, measured in IPv6 bits.
 */
export function parseCidr(text: string, options: ParseOptions = {}): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash), options);
  const lengthText = text.slice(slash + 1);
  if (!address || !/^[0-9]{1,3}$/.test(lengthText)) return undefined;
  const prefixLength = Number(lengthText);
  if (prefixLength > address.bytes.length * 8) return undefined;
  return makeCidr(address, prefixLength);
}

/** `parseCidr` for text that must be a CIDR (of `family`, when given): throws on anything else. */
export function expectCidr(text: string, family?: IpFamily, options: ParseOptions = {}): Cidr {
  const cidr = parseCidr(text, options);
  if (cidr === undefined || (family !== undefined && cidr.family !== family)) {
    throw new Error(`not ${family === undefined ? 'a' : `an IPv${family}`} CIDR: ${text}`);
  }
  return cidr;
}

/** The network form, `10.0.0.0/16`, `fd00::/64`. */
export function formatCidr(cidr: Pick<Cidr, 'network' | 'prefixLength'>): string {
  return `${formatIp(cidr.network)}/${cidr.prefixLength}`;
}

/** True when `ip` lies inside `cidr` (same family only). */
export function cidrContains(cidr: Cidr, ip: IpAddress): boolean {
  if (cidr.family !== ip.family) return false;
  const masked = maskAddress(ip, cidr.prefixLength);
  return masked.bytes.every((byte, i) => byte === cidr.network.bytes[i]);
}

/** Two CIDRs overlap when one contains the other's network (same family only). */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const left = maskAddress(a.network, shorter);
  const right = maskAddress(b.network, shorter);
  return left.bytes.every((byte, i) => byte === right.bytes[i]);
}

/** How many addresses the prefix holds (exact: a power of two, up to 2^128). */
export function cidrSize(cidr: Pick<Cidr, 'family' | 'prefixLength'>): number {
  return 2 ** ((cidr.family === 4 ? 32 : 128) - cidr.prefixLength);
}
