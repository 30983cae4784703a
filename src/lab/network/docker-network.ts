import type { ContainerRuntime, EndpointAddresses } from '../runtime/container-runtime.js';
import { createLabels } from '../docker/labels.js';
import { logger } from '../log.js';
import { candidateSubnets, engineSubnets } from './choose-subnet.js';
import { expectCidr, formatIp, offsetAddress, randomUlaPrefix } from '../../net/index.js';
import {
  LabNetwork,
  type ContainerNetworking,
  type NetworkedNode,
  type StartedContainer,
} from './lab-network.js';

const log = logger('network');

/**
 * A Docker bridge network per lab (`--network-mode docker`): without masquerading (nothing leaves the
 * lab translated), on a subnet that clashes with nothing on the host, labelled with the run and lab
 * IDs. Docker wires each container as it starts; faults disconnect and connect through its API.
 */
export class DockerLabNetwork extends LabNetwork {
  readonly mode = 'docker' as const;

  private constructor(
    private readonly engine: ContainerRuntime,
    name: string,
    subnet: string,
    subnet6: string | undefined,
  ) {
    super(name, subnet, subnet6);
  }

  static async create(
    runId: string,
    labId: string,
    engine: ContainerRuntime,
    { ipv6 = false }: { ipv6?: boolean } = {},
  ): Promise<DockerLabNetwork> {
    const name = `rrlab-${labId}`;
    const taken = await engineSubnets(engine);
    let lastError: unknown;
    // Another lab may take the same subnet between our listing and our create: try the next one.
    for (const subnet of candidateSubnets(taken).slice(0, 8)) {
      const gateway = formatIp(offsetAddress(expectCidr(subnet, 4).network, 1)); // LabNetwork.gateway, before the network exists
      const subnet6 = ipv6 ? `${randomUlaPrefix()}::/64` : undefined;
      const subnets = [{ subnet, gateway }];
      if (subnet6) subnets.push({ subnet: subnet6, gateway: subnet6.replace('::/64', '::1') });
      try {
        // A bridge, not `Internal`: Docker's isolation rules for internal networks drop bridged packets
        // whose addresses lie outside the subnet, and workload traffic (192.168.0.0/16) crosses it.
        await engine.createNetwork({
          name,
          enableIpv6: ipv6,
          options: {
            'com.docker.network.bridge.enable_ip_masquerade': 'false',
            'com.docker.network.bridge.enable_icc': 'true',
          },
          subnets,
          labels: createLabels({ runId, labId }),
        });
        log.debug(`created network ${name} on ${subnet}`);
        return new DockerLabNetwork(engine, name, subnet, subnet6);
      } catch (error) {
        lastError = error;
        if (!/overlap|already/i.test(String(error))) throw error;
      }
    }
    throw new Error(`could not create a lab network: ${String(lastError)}`);
  }

  containerNetworking(node: NetworkedNode): ContainerNetworking {
    return { mode: this.name, endpoints: { [this.name]: this.endpoint(node) } };
  }

  private endpoint(node: NetworkedNode): EndpointAddresses {
    return { ipv4: node.address, ipv6: node.address6 };
  }

  containerFiles(): Record<string, string> {
    return {};
  }

  async attached(): Promise<void> {
    // Docker wired the container before its process started.
  }

  async disconnect(_node: NetworkedNode, container: StartedContainer): Promise<void> {
    await this.engine.disconnect(this.name, container.ref);
  }

  async reconnect(node: NetworkedNode, container: StartedContainer): Promise<void> {
    await this.engine.connect(this.name, container.ref, this.endpoint(node));
  }

  async remove(): Promise<void> {
    // Removed with the lab's containers, by label (cleanup.ts).
  }
}
