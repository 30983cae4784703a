import type { Lab } from '../lab.js';
import type { LabNode } from '../nodes/lab-node.js';

const IPV4 = /^\d+\.\d+\.\d+\.\d+$/;

/** A session end named in a step: a lab node, or a peer outside the lab given by address. */
export interface Endpoint {
  label: string;
  address: string;
  /** Its IPv6 lab address in a dual-stack lab. */
  address6?: string | undefined;
  node: LabNode | undefined;
}

export async function resolveEndpoint(lab: Lab, nameOrAddress: string): Promise<Endpoint> {
  if (lab.hasNode(nameOrAddress)) {
    const node = lab.node(nameOrAddress);
    return { label: `"${nameOrAddress}"`, address: node.address, address6: node.address6, node };
  }
  if (IPV4.test(nameOrAddress)) {
    const owner = lab.nameOfAddress(nameOrAddress);
    const node = owner !== undefined && lab.hasNode(owner) ? lab.node(owner) : undefined;
    return { label: nameOrAddress, address: nameOrAddress, node };
  }
  lab.node(nameOrAddress); // throws the "no node named …" error, listing the declared ones
  throw new Error('unreachable');
}

/** Every ordered pair of two expanded name lists, skipping a node paired with itself. */
export function pairsOf(left: readonly string[], right: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (const a of left) for (const b of right) if (a !== b) pairs.push([a, b]);
  return pairs;
}
