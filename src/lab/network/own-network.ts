import { execa } from 'execa';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { LAB_LABEL, RUN_LABEL } from '../docker/labels.js';
import { logger } from '../log.js';
import { candidateSubnets, engineSubnets } from './choose-subnet.js';
import { IpBatcher, ipBatchScript, ipInNamespace } from './ip-batch.js';
import { parseIpv4, randomUlaPrefix } from '../../net/index.js';
import {
  LabNetwork,
  type ContainerNetworking,
  type NetworkedNode,
  type StartedContainer,
} from './lab-network.js';

const log = logger('network');

/** One helper for every lab of the process: a wave of nodes of any lab shares one `ip -batch`. */
const hostLinks = new IpBatcher();

/** The interface a node gets, in its own namespace. */
const NODE_INTERFACE = 'eth0';

/** How long a container waits for its interface before it gives up (the lab hands it over at start). */
const HANDOVER_TIMEOUT_S = 60;

/**
 * The lab's own wiring (`--network-mode own`, the default as root on Linux): containers start with
 * `NetworkMode: none`, which spares the engine its per-container networking work (endpoints, iptables,
 * a bridge port), and the lab gives each node a macvlan port of a link of its own, moved straight into
 * the node's namespace. The ports of one link reach each other directly (macvlan `bridge` mode), and
 * never through the host's netfilter, which a Linux bridge would send them through under Docker's
 * FORWARD policy. The host has no address on the lab network; traffic stays between the lab's nodes.
 *
 * The container addresses its port itself (a script the lab writes to /run/rrlab) before its daemons
 * start, so a node's daemons see the network in place exactly as under Docker's wiring.
 */
export class OwnLabNetwork extends LabNetwork {
  readonly mode = 'own' as const;

  private constructor(name: string, subnet: string, subnet6: string | undefined) {
    super(name, subnet, subnet6);
  }

  static async create(
    runId: string,
    labId: string,
    engine: ContainerRuntime,
    { ipv6 = false }: { ipv6?: boolean } = {},
  ): Promise<OwnLabNetwork> {
    // The link is the lab's alone, so any subnet would do; one no Docker network or host route uses
    // keeps addresses unambiguous in logs and reports.
    const [subnet] = candidateSubnets(await engineSubnets(engine));
    if (!subnet) throw new Error('could not find a free subnet for the lab network');
    const name = ownLinkName(labId);
    // A veth pair: macvlan needs a lower device that has carrier; its peer only keeps that carrier up.
    await hostLinks.run([
      `link add ${name} type veth peer name ${name}p`,
      `link set ${name} alias ${RUN_LABEL}=${runId},${LAB_LABEL}=${labId}`,
      `link set ${name} addrgenmode none`,
      `link set ${name}p addrgenmode none`,
      `link set ${name}p up`,
      `link set ${name} up`,
    ]);
    log.debug(`created link ${name} for ${subnet}`);
    return new OwnLabNetwork(name, subnet, ipv6 ? `${randomUlaPrefix()}::/64` : undefined);
  }

  containerNetworking(): ContainerNetworking {
    return { mode: 'none' };
  }

  /** The commands that address a node's interface, in `ip -batch` form. */
  private addressing(node: NetworkedNode): string[] {
    return [
      `addr add ${node.address}/${this.prefixLength} dev ${NODE_INTERFACE}`,
      // No duplicate address detection: the lab hands out every address once, and DAD would hold the
      // address back for a second or more.
      ...(node.address6 ? [`addr add ${node.address6}/64 dev ${NODE_INTERFACE} nodad`] : []),
      `link set ${NODE_INTERFACE} up`,
      // A default route as Docker's wiring gives, via the subnet's first address (nobody holds it):
      // Calico's proxy ARP on workload interfaces answers only for addresses the node has a route to.
      `route add default via ${this.gateway} dev ${NODE_INTERFACE}`,
      ...(this.subnet6 ? [`route add ::/0 via ${this.gateway6} dev ${NODE_INTERFACE}`] : []),
      ...this.seededNeighbours(node),
    ];
  }

  /**
   * Every other node's port MAC is known from its address, so a node starts with a STALE neighbour
   * entry for each: its first packet to a peer goes out at once instead of after an ARP (or NDP)
   * request broadcast to every port of the link, which at a few hundred nodes loses requests and
   * costs the reachability matrix a second round. STALE, not permanent: the kernel still confirms
   * each entry with unicast probes, so a node taken off the link becomes unreachable as before.
   */
  private seededNeighbours(node: NetworkedNode): string[] {
    return this.addressPlan()
      .filter((peer) => peer.name !== node.name)
      .flatMap((peer) => {
        const mac = portMac(peer.address);
        return [peer.address, ...(peer.address6 ? [peer.address6] : [])].map(
          (address) => `neigh replace ${address} lladdr ${mac} dev ${NODE_INTERFACE} nud stale`,
        );
      });
  }

  containerFiles(node: NetworkedNode): Record<string, string> {
    const script = [
      '# rrlab: the lab network, wired by the lab (network mode "own"). The lab moves eth0, a port of',
      '# its link, into this namespace once the container runs; address it before the daemons start.',
      // A test of sysfs is a shell builtin: hundreds of nodes waiting at once must not fork `ip`s.
      'waited=0',
      `until [ -e /sys/class/net/${NODE_INTERFACE} ]; do`,
      `  if [ "$waited" -ge ${HANDOVER_TIMEOUT_S * 50} ]; then`,
      `    echo "rrlab: the lab did not hand this node its interface within ${HANDOVER_TIMEOUT_S} s" >&2`,
      '    exit 1',
      '  fi',
      '  waited=$((waited + 1))',
      '  sleep 0.02',
      'done',
      ...ipBatchScript('ip -batch -', this.addressing(node)),
      '',
    ];
    return { 'network.sh': script.join('\n') };
  }

  async attached(node: NetworkedNode, container: StartedContainer): Promise<void> {
    try {
      await hostLinks.run([this.portFor(node, await container.pid())]);
    } catch (error) {
      throw new Error(`could not hand "${node.name}" its lab interface: ${(error as Error).message}`);
    }
  }

  private portFor(node: NetworkedNode, pid: number): string {
    const mac = portMac(node.address);
    return `link add link ${this.name} name ${NODE_INTERFACE} address ${mac} netns ${pid} type macvlan mode bridge`;
  }

  async disconnect(_node: NetworkedNode, container: StartedContainer): Promise<void> {
    await ipInNamespace(await container.pid(), [`link del ${NODE_INTERFACE}`]);
  }

  async reconnect(node: NetworkedNode, container: StartedContainer): Promise<void> {
    const pid = await container.pid();
    await hostLinks.run([this.portFor(node, pid)]);
    await ipInNamespace(pid, this.addressing(node));
  }

  /** Deleting the link deletes every port of it, in whatever namespace. */
  async remove(): Promise<void> {
    await removeOwnLinks([this.name]);
  }
}

/**
 * A port's MAC, from its node's IPv4 address: locally administered (02), then "r" (72), then the
 * address's four bytes, so that no two ports of a link share one and every node can know them all.
 */
export function portMac(address: string): string {
  const ip = parseIpv4(address);
  if (!ip) throw new Error(`a lab port's MAC needs an IPv4 address, not "${address}"`);
  return ['02', '72', ...[...ip.bytes].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

function ownLinkName(labId: string): string {
  return `rrlab-${labId}`; // 14 characters: within IFNAMSIZ, with room for the peer's "p"
}

/** The lab links of the runs or labs matching, by the alias each carries; for cleanup. */
export async function ownLinks(match: { runId?: string; labId?: string }): Promise<string[]> {
  const result = await execa('ip', ['-j', 'link', 'show'], { reject: false });
  if (result.exitCode !== 0) return [];
  const links = JSON.parse(String(result.stdout) || '[]') as { ifname: string; ifalias?: string }[];
  return links
    .filter(({ ifalias }) => {
      if (!ifalias?.startsWith(`${RUN_LABEL}=`)) return false;
      const fields = Object.fromEntries(ifalias.split(',').map((f) => f.split('=') as [string, string]));
      if (match.runId !== undefined && fields[RUN_LABEL] !== match.runId) return false;
      return match.labId === undefined || fields[LAB_LABEL] === match.labId;
    })
    .map((l) => l.ifname);
}

/** Delete the lab links given (their ports in the containers go with them). */
export async function removeOwnLinks(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await hostLinks.run(names.map((n) => `link del ${n}`)).catch((error: Error) => {
    if (!/Cannot find device/.test(error.message)) throw error;
  });
}
