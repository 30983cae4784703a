import { randomBytes } from 'node:crypto';

/** Small IPv6 helpers for the lab's address plan: a random ULA /64 (RFC 4193) per lab network. */
export function randomUlaPrefix(random: () => Buffer = () => randomBytes(5)): string {
  const bytes = random();
  const hex = (i: number) => bytes[i]!.toString(16).padStart(2, '0');
  // fd + 40-bit global ID, subnet 0.
  return `fd${hex(0)}:${hex(1)}${hex(2)}:${hex(3)}${hex(4)}:0`;
}

/** Expand an IPv6 address to eight 16-bit groups. */
export function ipv6ToBigInt(address: string): bigint {
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const headGroups = head ? head.split(':').filter((g) => g !== '') : [];
  const tailGroups = tail ? tail.split(':').filter((g) => g !== '') : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  if (missing < 0 || (tail === undefined && missing !== 0))
    throw new Error(`not an IPv6 address: ${address}`);
  const groups = [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

/** RFC 5952 text: lower case, leading zeros dropped, the longest run of zero groups as `::`. */
export function bigIntToIpv6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength && j - i > 1) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const text = groups.map((g) => g.toString(16));
  if (bestStart === -1) return text.join(':');
  return `${text.slice(0, bestStart).join(':')}::${text.slice(bestStart + bestLength).join(':')}`;
}
