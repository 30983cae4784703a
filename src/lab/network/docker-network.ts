import type Docker from 'dockerode';
import { createLabels } from '../docker/labels.js';
import { logger } from '../log.js';
import { candidateSubnets, dockerSubnets } from './choose-subnet.js';
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
    private readonly docker: Docker,
    name: string,
    subnet: string,
    subnet6: string | undefined,
  ) {
    super(name, subnet, subnet6);
  }

  static async create(
    runId: string,
    labId: string,
    docker: Docker,
    { ipv6 = false }: { ipv6?: boolean } = {},
  ): Promise<DockerLabNetwork> {
    const name = `rrlab-${labId}`;
    const taken = await dockerSubnets(docker);
    let lastError: unknown;
    // Another lab may take the same subnet between our listing and our create: try the next one.
    for (const subnet of candidateSubnets(taken).slice(0, 8)) {
      const gateway = formatIp(offsetAddress(expectCidr(subnet, 4).network, 1)); // LabNetwork.gateway, before the network exists
      const subnet6 = ipv6 ? `${randomUlaPrefix()}::/64` : undefined;
      const ipamConfig = [{ Subnet: subnet, Gateway: gateway }];
      if (subnet6) ipamConfig.push({ Subnet: subnet6, Gateway: subnet6.replace('::/64', '::1') });
      try {
        await docker.createNetwork({
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
        return new DockerLabNetwork(docker, name, subnet, subnet6);
      } catch (error) {
        lastError = error;
        if (!/overlap|already/i.test(String(error))) throw error;
      }
    }
    throw new Error(`could not create a lab network: ${String(lastError)}`);
  }

  containerNetworking(node: NetworkedNode): ContainerNetworking {
    return {
      NetworkMode: this.name,
      NetworkingConfig: { EndpointsConfig: { [this.name]: this.endpoint(node) } },
    };
  }

  private endpoint(node: NetworkedNode): Docker.EndpointSettings {
    return {
      IPAMConfig: {
        IPv4Address: node.address,
        ...(node.address6 ? { IPv6Address: node.address6 } : {}),
      },
    };
  }

  containerFiles(): Record<string, string> {
    return {};
  }

  async attached(): Promise<void> {
    // Docker wired the container before its process started.
  }

  async disconnect(_node: NetworkedNode, container: StartedContainer): Promise<void> {
    await this.docker.getNetwork(this.name).disconnect({ Container: container.id, Force: true });
  }

  async reconnect(node: NetworkedNode, container: StartedContainer): Promise<void> {
    await this.docker
      .getNetwork(this.name)
      .connect({ Container: container.id, EndpointConfig: this.endpoint(node) });
  }

  async remove(): Promise<void> {
    // Removed with the lab's containers, by label (cleanup.ts).
  }
}
