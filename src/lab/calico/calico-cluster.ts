import {
  applyResources,
  applyValidated,
  computeAllIntents,
  deleteResource,
  emptyCalicoState,
  loadCalicoYaml,
  renderBirdConfigFromIntent,
  setBlockAffinities,
  type BgpConfigurationResource,
  type BirdFileName,
  type CalicoNode,
  type CalicoState,
  type IpPoolResource,
  type NodeIntent,
  type ResourceKind,
  DEFAULT_IPV4_POOL,
} from '../../calico/index.js';
import { LabIpam, LabIpam6 } from './lab-ipam.js';

export const DEFAULT_AS_NUMBER = 64512;
const IPV6_POOL: IpPoolResource = {
  ...DEFAULT_IPV4_POOL,
  name: 'default-ipv6-ippool',
  cidr: 'fd80:192:168::/48',
  family: 6,
  natOutgoing: false,
};

export interface NodeRegistration {
  ipv4Cidr: string;
  ipv6Cidr?: string;
  labels?: Record<string, string>;
  asNumber?: number;
  /** A string sets the cluster ID; null removes it; undefined leaves it. */
  clusterId?: string | null;
}

const KINDS: Record<string, ResourceKind> = {
  node: 'Node',
  bgppeer: 'BGPPeer',
  bgpconfiguration: 'BGPConfiguration',
  ippool: 'IPPool',
  bgpfilter: 'BGPFilter',
};

/**
 * The lab's Calico datastore: resources as the scenario declares and changes them, the IPAM block
 * affinities of nodes that host workloads, and the per-node BIRD files confd would write from them.
 * Every change returns nothing and bumps `revision`; the control plane renders from `state`.
 */
export class CalicoCluster {
  private current: CalicoState = applyResources(emptyCalicoState(), [
    { kind: 'IPPool', resource: DEFAULT_IPV4_POOL },
  ]);
  readonly ipam = new LabIpam();
  /** Blocks of the IPv6 pool (/122, Calico's default), in a dual-stack lab. */
  ipam6: LabIpam6 | undefined;
  revision = 0;

  get state(): CalicoState {
    return this.current;
  }

  private commit(next: CalicoState): void {
    this.current = next;
    this.revision++;
  }

  /** BGPConfiguration `default`, created on first change with Calico's defaults left unset. */
  private updateDefaultConfiguration(change: Partial<BgpConfigurationResource>): void {
    const existing: BgpConfigurationResource = this.current.bgpConfigurations.get('default') ?? {
      name: 'default',
      listenPort: 0,
      serviceClusterIPs: [],
      serviceExternalIPs: [],
      serviceLoadBalancerIPs: [],
      communities: [],
    };
    this.commit(
      applyResources(this.current, [{ kind: 'BGPConfiguration', resource: { ...existing, ...change } }]),
    );
  }

  enableIpv6Pool(): void {
    this.ipam6 = new LabIpam6(IPV6_POOL.cidr);
    this.commit(applyResources(this.current, [{ kind: 'IPPool', resource: IPV6_POOL }]));
  }

  setClusterAsNumber(asNumber: number): void {
    this.updateDefaultConfiguration({ asNumber });
  }

  setMeshEnabled(enabled: boolean): void {
    this.updateDefaultConfiguration({ nodeToNodeMeshEnabled: enabled });
  }

  /** Register or update a Calico `Node`: labels merge, AS and cluster ID are set when given. */
  upsertNode(name: string, registration: NodeRegistration): void {
    const existing = this.current.nodes.get(name);
    const bgp: Record<string, unknown> = { ...existing?.bgp, ipv4Address: registration.ipv4Cidr };
    if (registration.ipv6Cidr !== undefined) bgp.ipv6Address = registration.ipv6Cidr;
    if (registration.asNumber !== undefined) bgp.asNumber = registration.asNumber;
    if (registration.clusterId === null) delete bgp.routeReflectorClusterID;
    else if (registration.clusterId !== undefined) bgp.routeReflectorClusterID = registration.clusterId;
    const labels = { ...(existing?.labels ?? {}), ...(registration.labels ?? {}) };
    // The KDD datastore adds kubernetes.io/* labels itself; keep only the user's here.
    for (const key of Object.keys(labels)) if (key.startsWith('kubernetes.io/')) delete labels[key];
    const node: CalicoNode = { name, labels, bgp: bgp as CalicoNode['bgp'] };
    this.commit(applyResources(this.current, [{ kind: 'Node', resource: node }]));
  }

  /**
   * `calicoctl apply -f` of the text: validated as a whole first, so a rejected set applies nothing
   * (throws the calicoctl-shaped ValidationError).
   */
  applyYaml(text: string, source?: string): void {
    this.commit(applyValidated(this.current, loadCalicoYaml(text, source)).state);
  }

  /**
   * `calicoctl delete <kind> <name>…`, the kind matched case-insensitively: every named resource, or
   * — when one of them does not exist — none.
   */
  deleteResources(kind: string, names: readonly string[]): void {
    const resourceKind = KINDS[kind.toLowerCase()];
    if (!resourceKind)
      throw new Error(`unknown Calico kind "${kind}" (known: ${Object.values(KINDS).join(', ')})`);
    const missing = names.filter((name) => !this.resourceExists(resourceKind, name));
    if (missing.length > 0) {
      throw new Error(
        `resource does not exist: ${missing.map((name) => `${resourceKind}(${name})`).join(', ')}${names.length > 1 ? '; nothing was deleted' : ''}`,
      );
    }
    let next = this.current;
    for (const name of names) next = deleteResource(next, resourceKind, name);
    this.commit(next);
  }

  private resourceExists(kind: ResourceKind, name: string): boolean {
    const maps: Partial<Record<ResourceKind, ReadonlyMap<string, unknown>>> = {
      Node: this.current.nodes,
      BGPPeer: this.current.bgpPeers,
      BGPConfiguration: this.current.bgpConfigurations,
      IPPool: this.current.ipPools,
      BGPFilter: this.current.bgpFilters,
    };
    return maps[kind]?.has(name) ?? false;
  }

  /** Claim the node's block(s) (Calico: affinity on its first workload) and the next address in each. */
  assignWorkloadAddress(node: string): { ipv4: string; ipv6: string | undefined } {
    const hadBlock = this.ipam.hasBlock(node);
    const ipv4 = this.ipam.assignAddress(node);
    const ipv6 = this.ipam6?.assignAddress(node);
    if (!hadBlock) {
      const affinities = [...this.ipam.affinities(), ...(this.ipam6?.affinities() ?? [])];
      this.commit(
        setBlockAffinities(
          this.current,
          affinities.map(({ host, cidr }) => ({ host, cidr, state: 'confirmed' as const })),
        ),
      );
    }
    return { ipv4, ipv6 };
  }

  /** Every block affine to the node (IPv4, then IPv6 in a dual-stack lab). */
  blocksOf(node: string): string[] {
    if (!this.ipam.hasBlock(node)) return [];
    return [this.ipam.blockOf(node), ...(this.ipam6 ? [this.ipam6.blockOf(node)] : [])];
  }

  intents(): Map<string, NodeIntent> {
    return computeAllIntents(this.current);
  }

  /** The six files confd would write for each named node, from one shared peering computation. */
  render(nodeNames: readonly string[]): Map<string, Record<BirdFileName, string>> {
    return this.renderFromIntents(this.intents(), nodeNames);
  }

  renderFromIntents(
    intents: ReadonlyMap<string, NodeIntent>,
    nodeNames: readonly string[],
  ): Map<string, Record<BirdFileName, string>> {
    const out = new Map<string, Record<BirdFileName, string>>();
    for (const name of nodeNames) {
      const intent = intents.get(name);
      if (intent) out.set(name, renderBirdConfigFromIntent(this.current, intent));
    }
    return out;
  }
}
