import type { ContainerNetworkConfig, ContainerRef } from '../runtime/container-runtime.js';
import { cidrSize, expectCidr, formatIp, ipv4ToNumber, offsetAddress } from '../../net/index.js';

/**
 * How nodes get onto the lab network. `own`: containers start without Docker networking and the lab
 * hands each one an interface on a link of its own (the fast path, root on Linux). `docker`: a Docker
 * bridge network per lab, where the lab cannot wire its own.
 */
export type NetworkMode = 'own' | 'docker';

/** Set by `rrlab run --network-mode` for its cucumber workers, or by hand. */
export const NETWORK_MODE_ENV = 'RRLAB_NETWORK_MODE';

/** What the network needs to know of a node to put it on the lab network. */
export interface NetworkedNode {
  readonly name: string;
  readonly address: string;
  readonly address6: string | undefined;
}

/** A node's running container as the network sees it: its handle and the PID of its init process. */
export interface StartedContainer {
  readonly ref: ContainerRef;
  pid(): Promise<number>;
}

/** The part of a container's spec that places it on a lab network. */
export type ContainerNetworking = ContainerNetworkConfig;

/**
 * One lab's network: its subnets and address plan, and how a node's container joins, leaves and
 * rejoins it. Addresses are handed out by the lab, not by Docker, so that `{{ip "name"}}` works in a
 * docstring before the named node exists.
 */
export abstract class LabNetwork {
  abstract readonly mode: NetworkMode;
  private readonly assigned = new Map<string, string>();
  private nextHost = 2; // .1 stays free: the gateway address of a Docker bridge

  protected constructor(
    /** The Docker network's name, or the lab's own link. */
    readonly name: string,
    readonly subnet: string,
    /** The IPv6 /64 of a dual-stack lab (a random ULA prefix); undefined otherwise. */
    readonly subnet6: string | undefined,
  ) {}

  /** Create options that put a node's container on this network. */
  abstract containerNetworking(node: NetworkedNode): ContainerNetworking;

  /** Files the node's container reads at start (in /run/rrlab), by name. */
  abstract containerFiles(node: NetworkedNode): Record<string, string>;

  /** After each start of the node's container: finish its wiring. */
  abstract attached(node: NetworkedNode, container: StartedContainer): Promise<void>;

  /** Take the node off the network: its interface goes, as with `docker network disconnect`. */
  abstract disconnect(node: NetworkedNode, container: StartedContainer): Promise<void>;

  /** Put a disconnected node back with the same addresses. */
  abstract reconnect(node: NetworkedNode, container: StartedContainer): Promise<void>;

  /** Remove what the network made outside the containers (they are removed by the lab). */
  abstract remove(): Promise<void>;

  /** The node's lab address, assigned on first use and stable for the lab's life. */
  addressOf(name: string): string {
    let address = this.assigned.get(name);
    if (address === undefined) {
      const cidr = expectCidr(this.subnet, 4);
      if (this.nextHost >= cidrSize(cidr) - 1) throw new Error(`the lab network ${this.subnet} is full`);
      address = formatIp(offsetAddress(cidr.network, this.nextHost++));
      this.assigned.set(name, address);
    }
    return address;
  }

  /** The node's IPv6 lab address in a dual-stack lab: the same host number as its IPv4 one. */
  address6Of(name: string): string {
    if (!this.subnet6) throw new Error(`no IPv6 address for "${name}": this lab is not dual-stack`);
    const v4 =
      ipv4ToNumber(expectCidr(`${this.addressOf(name)}/32`, 4).network) -
      ipv4ToNumber(expectCidr(this.subnet, 4).network);
    return formatIp(offsetAddress(expectCidr(this.subnet6, 6).network, v4));
  }

  /** Every address handed out so far, IPv4 and (dual-stack) IPv6, by name. */
  addressPlan(): NetworkedNode[] {
    return [...this.assigned].map(([name, address]) => ({
      name,
      address,
      address6: this.subnet6 ? this.address6Of(name) : undefined,
    }));
  }

  nameOfAddress(address: string): string | undefined {
    for (const [name, assigned] of this.assigned) {
      if (assigned === address) return name;
      if (this.subnet6 && address.includes(':') && this.address6Of(name) === address) return name;
    }
    return undefined;
  }

  /** The subnet's first address, which no node gets (a Docker bridge's gateway). */
  get gateway(): string {
    return formatIp(offsetAddress(expectCidr(this.subnet, 4).network, 1));
  }

  get gateway6(): string | undefined {
    return this.subnet6?.replace('::/64', '::1');
  }

  get prefixLength(): number {
    return expectCidr(this.subnet, 4).prefixLength;
  }
}
