import { mkdirSync } from 'node:fs';
import type { CalicoCluster } from './calico/calico-cluster.js';
import { createLabNetwork, labNetworkMode } from './network/create-network.js';
import type { LabNetwork, NetworkMode } from './network/lab-network.js';
import { BirdRouter } from './nodes/bird-router.js';
import { CalicoLabNode } from './nodes/calico-node.js';
import type { LabNode, NodeContext, StartedNode } from './nodes/lab-node.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { expandPlaceholders } from './template.js';
import { makeWorkload, type Workload } from './workloads/workload.js';

export class UnknownNodeError extends Error {
  override name = 'UnknownNodeError';
}

/** Who the registry's lab is, and where it keeps its files and containers. */
export interface RegistryOptions {
  readonly runId: string;
  readonly labId: string;
  readonly scratchDir: string;
  readonly engine: ContainerRuntime;
  /** How nodes join the lab network; as RRLAB_NETWORK_MODE says, else own wiring as root, when unset. */
  readonly networkMode?: NetworkMode | undefined;
  readonly calico: CalicoCluster;
}

/**
 * A lab's nodes by name and its address plan: declaring nodes of every kind (their Calico `Node`
 * registered as they are declared), looking them up, and lab addresses, which exist from the first
 * declaration on (the network is made then) so that `{{ip}}` works before a named node exists.
 */
export class NodeRegistry {
  private readonly nodes = new Map<string, LabNode>();
  private network: LabNetwork | undefined;
  private closed = false;
  private ipv6 = false;

  constructor(private readonly options: RegistryOptions) {}

  get dualStack(): boolean {
    return this.ipv6;
  }

  /** IPv6 lab addresses beside IPv4 ones: only before the network is made. */
  enableIpv6(): void {
    if (this.network) {
      throw new Error(
        'declare the dual-stack Calico cluster before any node: the lab network is already made',
      );
    }
    this.ipv6 = true;
  }

  /** The network is made at the first declaration: addresses are needed by `{{ip}}` from then on. */
  async ensureNetwork(): Promise<LabNetwork> {
    if (this.closed) throw new Error('the lab has been disposed');
    if (!this.network) {
      const { runId, labId, scratchDir, engine, networkMode = labNetworkMode() } = this.options;
      mkdirSync(scratchDir, { recursive: true });
      this.network = await createLabNetwork(networkMode, runId, labId, engine, { ipv6: this.ipv6 });
    }
    return this.network;
  }

  /** No more declarations; the network, when one was made, for its removal. */
  close(): LabNetwork | undefined {
    this.closed = true;
    return this.network;
  }

  private context(network: LabNetwork): NodeContext {
    const { runId, labId, scratchDir } = this.options;
    return {
      runId,
      labId,
      scratchDir,
      addressOf: (name) => network.addressOf(name),
      address6Of: (name) => (network.subnet6 ? network.address6Of(name) : undefined),
    };
  }

  node(name: string): LabNode {
    const node = this.nodes.get(name);
    if (!node) {
      const known = [...this.nodes.keys()];
      throw new UnknownNodeError(
        `no node named "${name}" in this scenario${known.length ? ` (declared: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''})` : ''}`,
      );
    }
    return node;
  }

  /** A node for what only a started node can do; throws, naming it, before its start. */
  startedNode(name: string): StartedNode {
    const node = this.node(name);
    return { node, container: node.startedContainer() };
  }

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  allNodes(): LabNode[] {
    return [...this.nodes.values()];
  }

  /** Replace `{{ip "x"}}` placeholders, reserving addresses for names not declared yet. */
  async expand(text: string): Promise<string> {
    const network = await this.ensureNetwork();
    return expandPlaceholders(text, {
      ipv4: (name) => network.addressOf(name),
      ipv6: (name) => network.address6Of(name),
    });
  }

  /** Who owns a lab address, for steps that accept either a node name or an address. */
  nameOfAddress(address: string): string | undefined {
    return this.network?.nameOfAddress(address);
  }

  private expectNew(name: string): void {
    const existing = this.nodes.get(name);
    if (existing) throw new Error(`"${name}" is already declared as a ${existing.kind}`);
  }

  /** A node of a kind defined elsewhere (the kinds' modules build it from the context); a new name. */
  async addNode<N extends LabNode>(name: string, create: (context: NodeContext) => N): Promise<N> {
    this.expectNew(name);
    const node = create(this.context(await this.ensureNetwork()));
    this.nodes.set(name, node);
    return node;
  }

  async declareBirdRouter(name: string, asNumber: number, configTemplate: string): Promise<BirdRouter> {
    this.expectNew(name);
    const network = await this.ensureNetwork();
    const config = await this.expand(configTemplate);
    const router = new BirdRouter(this.context(network), name, asNumber, config);
    this.nodes.set(name, router);
    return router;
  }

  calicoNodes(): CalicoLabNode[] {
    return this.allNodes().filter((n): n is CalicoLabNode => n instanceof CalicoLabNode);
  }

  calicoNode(name: string): CalicoLabNode {
    const node = this.node(name);
    if (!(node instanceof CalicoLabNode)) throw new Error(`"${name}" is a ${node.kind}, not a calico node`);
    return node;
  }

  /**
   * Declare a calico node, or add to one: its Calico `Node` (name, lab address, AS when set) is
   * registered at once; labels merge; a cluster ID or AS is set.
   */
  async declareCalicoNode(
    name: string,
    options: { labels?: Record<string, string>; asNumber?: number; clusterId?: string | null } = {},
  ): Promise<CalicoLabNode> {
    const network = await this.ensureNetwork();
    let node = this.nodes.get(name);
    if (node && !(node instanceof CalicoLabNode))
      throw new Error(`"${name}" is already declared as a ${node.kind}`);
    if (!node) {
      node = new CalicoLabNode(this.context(network), name, this.ipv6);
      this.nodes.set(name, node);
    }
    const { prefixLength } = network;
    const ipv6Cidr = node.address6 ? `${node.address6}/64` : undefined;
    this.options.calico.upsertNode(name, {
      ipv4Cidr: `${node.address}/${prefixLength}`,
      ipv6Cidr,
      ...options,
    });
    return node as CalicoLabNode;
  }

  /** Workloads on calico nodes, addressed from each node's IPAM block (claimed on its first workload). */
  declareWorkloads(pairs: readonly [node: string, workload: string][]): Workload[] {
    const added: Workload[] = [];
    for (const [nodeName, workloadName] of pairs) {
      const node = this.calicoNode(nodeName);
      if (node.workloads.some((w) => w.name === workloadName)) {
        throw new Error(`calico node "${nodeName}" already hosts workload "${workloadName}"`);
      }
      const addresses = this.options.calico.assignWorkloadAddress(nodeName);
      const workload = makeWorkload(nodeName, workloadName, addresses.ipv4, addresses.ipv6);
      node.workloads.push(workload);
      added.push(workload);
    }
    return added;
  }

  workloads(): Workload[] {
    return this.calicoNodes().flatMap((n) => n.workloads);
  }

  workload(id: string): Workload {
    const found = this.workloads().find((w) => w.id === id);
    if (!found)
      throw new UnknownNodeError(
        `no workload "${id}" (workloads are named "<node>/<name>", e.g. "node-1/w1")`,
      );
    return found;
  }
}
