import { readFileSync } from 'node:fs';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import {
  cidrsOverlap,
  expectCidr,
  formatCidr,
  ipv4FromNumber,
  makeCidr,
  offsetAddress,
  type Cidr,
} from '../../net/index.js';

/**
 * Where lab networks are carved from: 10.64.0.0/10, away from Docker's default pools (172.17+/16,
 * 192.168/16 in large setups) and from Calico's default IP pool (192.168.0.0/16), so that lab node
 * addresses never look like workload addresses.
 */
const LAB_RANGE = expectCidr('10.64.0.0/10', 4);
export const LAB_PREFIX_LENGTH = 22; // 1022 addresses: room for 1000-node labs

/** The host's IPv4 routes (from /proc/net/route: little-endian hex destination and mask). */
export function hostRoutes(procNetRoute = '/proc/net/route'): Cidr[] {
  let text: string;
  try {
    text = readFileSync(procNetRoute, 'utf8');
  } catch {
    return [];
  }
  const routes: Cidr[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const destination = Buffer.from(fields[1]!, 'hex').readUInt32LE(0);
    const mask = Buffer.from(fields[7]!, 'hex').readUInt32LE(0);
    if (mask === 0) continue; // the default route says nothing about which subnets are in use
    const prefixLength = mask.toString(2).replace(/0/g, '').length;
    routes.push(makeCidr(ipv4FromNumber(destination), prefixLength));
  }
  return routes;
}

/**
 * Candidate subnets for a new lab network, in an order that spreads concurrent labs (a random start),
 * skipping any that overlaps a host route or a subnet already taken (other Docker networks).
 */
export function candidateSubnets(taken: readonly string[], random = Math.random): string[] {
  const busy = [...hostRoutes(), ...taken.map((subnet) => expectCidr(subnet, 4))];
  const count = 2 ** (LAB_PREFIX_LENGTH - LAB_RANGE.prefixLength);
  const start = Math.floor(random() * count);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const slot = (start + i) % count;
    const network = offsetAddress(LAB_RANGE.network, slot * 2 ** (32 - LAB_PREFIX_LENGTH));
    const candidate = makeCidr(network, LAB_PREFIX_LENGTH);
    if (!busy.some((b) => cidrsOverlap(b, candidate))) out.push(formatCidr(candidate));
  }
  return out;
}

/** The IPv4 subnets of the engine's networks: a new lab network takes none of them. */
export async function engineSubnets(engine: ContainerRuntime): Promise<string[]> {
  return (await engine.listNetworks())
    .flatMap((n) => n.subnets)
    .filter((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s));
}
