import {
  expectCidr,
  formatIp,
  ipv6FromBigInt,
  ipv6ToBigInt,
  offsetAddress,
  type Cidr,
} from '../../net/index.js';

/**
 * Block affinities as Calico's IPAM hands them out with the default pool (192.168.0.0/16, /26 blocks):
 * a node gets its first block when it first hosts a workload, blocks in pool order, and workloads
 * take the block's addresses in order (the network address included: Calico hands out every address
 * of a block). Only what the lab needs: one block per node, at most 64 workloads.
 */
export class LabIpam {
  private readonly blocks = new Map<string, number>();
  private readonly used = new Map<string, number>();
  private nextBlock = 0;
  private readonly pool: Cidr;

  constructor(
    poolCidr = '192.168.0.0/16',
    readonly blockSize = 26,
  ) {
    this.pool = expectCidr(poolCidr, 4);
  }

  /** The node's block, claiming the next free one on first use. */
  blockOf(node: string): string {
    let index = this.blocks.get(node);
    if (index === undefined) {
      const capacity = 2 ** (this.blockSize - this.pool.prefixLength);
      if (this.nextBlock >= capacity)
        throw new Error(`the IP pool has no free /${this.blockSize} block for "${node}"`);
      index = this.nextBlock++;
      this.blocks.set(node, index);
    }
    const start = offsetAddress(this.pool.network, index * 2 ** (32 - this.blockSize));
    return `${formatIp(start)}/${this.blockSize}`;
  }

  hasBlock(node: string): boolean {
    return this.blocks.has(node);
  }

  /** The next workload address on the node. */
  assignAddress(node: string): string {
    const block = expectCidr(this.blockOf(node), 4);
    const count = this.used.get(node) ?? 0;
    if (count >= 2 ** (32 - this.blockSize)) throw new Error(`the block of "${node}" is full`);
    this.used.set(node, count + 1);
    return formatIp(offsetAddress(block.network, count));
  }

  /** Every node's block, for the datastore's block affinities. */
  affinities(): { host: string; cidr: string }[] {
    return [...this.blocks.keys()].map((host) => ({ host, cidr: this.blockOf(host) }));
  }
}

/** The IPv6 pool's blocks (Calico's default /122), handed out in the same order as the IPv4 ones. */
export class LabIpam6 {
  private readonly blocks = new Map<string, bigint>();
  private readonly used = new Map<string, number>();
  private nextBlock = 0n;
  private readonly base: bigint;

  constructor(
    poolCidr: string,
    readonly blockSize = 122,
  ) {
    this.base = ipv6ToBigInt(expectCidr(poolCidr, 6).address);
  }

  private blockStart(node: string): bigint {
    let start = this.blocks.get(node);
    if (start === undefined) {
      start = this.base + this.nextBlock * 2n ** BigInt(128 - this.blockSize);
      this.nextBlock++;
      this.blocks.set(node, start);
    }
    return start;
  }

  blockOf(node: string): string {
    return `${formatIp(ipv6FromBigInt(this.blockStart(node)))}/${this.blockSize}`;
  }

  assignAddress(node: string): string {
    const start = this.blockStart(node);
    const count = this.used.get(node) ?? 0;
    this.used.set(node, count + 1);
    return formatIp(ipv6FromBigInt(start + BigInt(count)));
  }

  affinities(): { host: string; cidr: string }[] {
    return [...this.blocks.keys()].map((host) => ({ host, cidr: this.blockOf(host) }));
  }
}
