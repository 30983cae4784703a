import type Docker from 'dockerode';
import { dockerClient } from '../docker/client.js';
import { createLabels } from '../docker/labels.js';
import { logger } from '../log.js';
import { candidateSubnets } from './choose-subnet.js';
import {
  cidrSize,
  expectCidr,
  formatIp,
  ipv4ToNumber,
  offsetAddress,
  randomUlaPrefix,
} from '../../net/index.js';

const log = logger('network');

/**
 * The lab's own Docker network: a bridge without masquerading (nothing leaves the lab translated), on a subnet that clashes with
 * nothing on the host, labelled with the run and lab IDs. Addresses are handed out by the lab, not by
 * Docker, so that `{{ip "name"}}` works in a docstring before the named node exists.
 */
export class LabNetwork {
  private readonly assigned = new Map<string, string>();
  private nextHost = 2; // .1 is the bridge's gateway address

  private constructor(
    readonly name: string,
    readonly id: string,
    readonly subnet: string,
    /** The IPv6 /64 of a dual-stack lab (a random ULA prefix); undefined otherwise. */
    readonly subnet6: string | undefined,
  ) {}

  static async create(
    runId: string,
    labId: string,
    docker: Docker = dockerClient(),
    { ipv6 = false }: { ipv6?: boolean } = {},
  ): Promise<LabNetwork> {
    const name = `rrlab-${labId}`;
    const existing = await docker.listNetworks();
    const taken = existing
      .flatMap((n) => (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? ''))
      .filter((s) => /^\d+\.\d+\.\d+\.\d+\/\d+$/.test(s));
    let lastError: unknown;
    // Another lab may take the same subnet between our listing and our create: try the next one.
    for (const subnet of candidateSubnets(taken).slice(0, 8)) {
      const gateway = formatIp(offsetAddress(expectCidr(subnet, 4).network, 1));
      const subnet6 = ipv6 ? `${randomUlaPrefix()}::/64` : undefined;
      const ipamConfig = [{ Subnet: subnet, Gateway: gateway }];
      if (subnet6) ipamConfig.push({ Subnet: subnet6, Gateway: subnet6.replace('::/64', '::1') });
      try {
        const network = await docker.createNetwork({
          Name: name,
          Driver: 'bridge',
          // Not `Internal`: Docker's isolation rules for internal networks drop bridged packets whose
          // addresses lie outside the subnet, and workload traffic (192.168.0.0/16) crosses this bridge.
          Internal: false,
          EnableIPv6: ipv6,
          CheckDuplicate: true,
          Options: {
            'com.docker.network.bridge.enable_ip_masquerade': 'false',
            'com.docker.network.bridge.enable_icc': 'true',
          },
          IPAM: { Driver: 'default', Config: ipamConfig },
          Labels: createLabels({ runId, labId }),
        });
        log.debug(`created network ${name} on ${subnet}`);
        return new LabNetwork(name, network.id, subnet, subnet6);
      } catch (error) {
        lastError = error;
        if (!/overlap|already/i.test(String(error))) throw error;
      }
    }
    throw new Error(`could not create a lab network: ${String(lastError)}`);
  }

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

  nameOfAddress(address: string): string | undefined {
    for (const [name, assigned] of this.assigned) {
      if (assigned === address) return name;
      if (this.subnet6 && address.includes(':') && this.address6Of(name) === address) return name;
    }
    return undefined;
  }

  get gateway(): string {
    return formatIp(offsetAddress(expectCidr(this.subnet, 4).network, 1));
  }
}
