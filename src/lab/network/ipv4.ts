/** Small IPv4 helpers for the lab's own address plan (not Calico's: see src/calico/values.ts). */
export function ipv4ToInt(address: string): number {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${address}`);
  }
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function intToIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export interface Ipv4Cidr {
  network: number;
  prefixLength: number;
}

export function parseIpv4Cidr(cidr: string): Ipv4Cidr {
  const [address, length] = cidr.split('/');
  const prefixLength = Number(length);
  if (address === undefined || !Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > 32) {
    throw new Error(`not an IPv4 CIDR: ${cidr}`);
  }
  const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
  return { network: (ipv4ToInt(address) & mask) >>> 0, prefixLength };
}

export function formatIpv4Cidr({ network, prefixLength }: Ipv4Cidr): string {
  return `${intToIpv4(network)}/${prefixLength}`;
}

export function cidrSize({ prefixLength }: Ipv4Cidr): number {
  return 2 ** (32 - prefixLength);
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const aEnd = a.network + cidrSize(a) - 1;
  const bEnd = b.network + cidrSize(b) - 1;
  return a.network <= bEnd && b.network <= aEnd;
}
