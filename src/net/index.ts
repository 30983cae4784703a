/**
 * rrlab's IPv4 and IPv6 addresses and prefixes: parsing (Go `net` rules), RFC 5952 text, number
 * forms and CIDR arithmetic, for the BGP codec, Calico's model and the lab alike. It imports
 * nothing of rrlab, and this file is its one entry.
 */
export {
  familyOfText,
  formatIp,
  formatIpv4Number,
  ipv4FromNumber,
  ipv4ToNumber,
  ipv6FromBigInt,
  ipv6ToBigInt,
  isIpv4Mapped,
  mapIpv4,
  offsetAddress,
  parseIp,
  parseIpv4,
  parseIpv4Number,
  parseIpv6,
  unmapIpv4,
  type IpAddress,
  type IpFamily,
  type ParseOptions,
} from './address.js';
export {
  cidrContains,
  cidrSize,
  cidrsOverlap,
  expectCidr,
  formatCidr,
  makeCidr,
  maskAddress,
  parseCidr,
  type Cidr,
} from './cidr.js';
export { randomUlaPrefix } from './ula.js';
