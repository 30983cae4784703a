import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { removeLabelled, scratchRoot } from './cleanup.js';
import { mapLimit, START_CONCURRENCY } from './concurrency.js';
import { logger } from './log.js';
import { ensureContainerCpuWeight } from './docker/container-cpu-weight.js';
import { ensureNeighbourCapacity } from './docker/neighbour-capacity.js';
import { CalicoCluster } from './calico/calico-cluster.js';
import { CheckedTally } from './checks/checked.js';
import { ControlPlane } from './control-plane.js';
import { Diagnostics } from './diagnostics.js';
import { Faults } from './faults.js';
import { NodeContainers } from './node-containers.js';
import { NodeRegistry } from './node-registry.js';
import type { BirdRouter } from './nodes/bird-router.js';
import type { CalicoLabNode } from './nodes/calico-node.js';
import type { LabNode, NodeContext, NodeDiagnostics } from './nodes/lab-node.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import type { NetworkMode } from './network/lab-network.js';
import { containerRuntime } from './runtime/shared.js';
import { LabTimeline } from './timeline.js';
import type { Workload } from './workloads/workload.js';

export { START_CONCURRENCY } from './concurrency.js';
export { UnknownNodeError } from './node-registry.js';

const log = logger('lab');

export interface LabOptions {
  runId: string;
  /** The container engine; the process's shared one unless a caller brings its own. */
  runtime?: ContainerRuntime;
  /** How nodes join the lab network; by default as RRLAB_NETWORK_MODE says, else own wiring as root. */
  networkMode?: NetworkMode;
}

/**
 * One scenario's lab: the desired state (nodes by name) and the engine's resources that realise it.
 * Nodes are declared first; `start()` brings up every declared node that is not running yet (bounded
 * concurrency), so the lab starts lazily at the first step that needs it and a node declared later
 * starts when it is declared. `dispose()` removes every container and the network, whatever happened.
 *
 * The lab is a facade over modules with one job each: the node registry (declarations, lookups,
 * addresses), node containers (bring-up), the control plane (Calico's datastore to the daemons),
 * faults and diagnostics.
 */
export class Lab {
  readonly runId: string;
  readonly labId = randomBytes(4).toString('hex');
  readonly scratchDir: string;
  /** The lab's Calico datastore; the control plane renders every calico node's BIRD files from it. */
  readonly calico = new CalicoCluster();
  /** Bring-ups, changes and when the lab settled after them, for the scenario's report. */
  readonly timeline = new LabTimeline();
  /** The sessions and routes the scenario's checks have looked at. */
  readonly checked = new CheckedTally();
  private readonly registry: NodeRegistry;
  private readonly containers: NodeContainers;
  private readonly controlPlane: ControlPlane;
  private readonly faults: Faults;
  private readonly diagnosis: Diagnostics;
  private disposed = false;

  constructor({ runId, runtime = containerRuntime(), networkMode }: LabOptions) {
    this.runId = runId;
    this.scratchDir = join(scratchRoot(), this.labId);
    this.registry = new NodeRegistry({
      runId,
      labId: this.labId,
      scratchDir: this.scratchDir,
      engine: runtime,
      networkMode,
      calico: this.calico,
    });
    this.containers = new NodeContainers(runtime, this);
    this.controlPlane = new ControlPlane(this.registry, this.calico, this.timeline);
    this.faults = new Faults(runtime, this.registry, this.containers, this.timeline);
    this.diagnosis = new Diagnostics(runtime);
  }

  get dualStack(): boolean {
    return this.registry.dualStack;
  }

  /** IPv6 beside IPv4: lab addresses, a Calico IPv6 pool, bird6. Must come before any node. */
  enableDualStack(): void {
    this.registry.enableIpv6();
    this.calico.enableIpv6Pool();
  }

  /** Milliseconds from a datastore change to every affected BIRD reconfigured, per sync. */
  get syncLatenciesMs(): readonly number[] {
    return this.controlPlane.syncLatenciesMs;
  }

  get running(): boolean {
    return this.allNodes().some((n) => n.started);
  }

  // Nodes and addresses (the registry).

  node(name: string): LabNode {
    return this.registry.node(name);
  }

  hasNode(name: string): boolean {
    return this.registry.hasNode(name);
  }

  allNodes(): LabNode[] {
    return this.registry.allNodes();
  }

  /** A node's lab IPv4 address; a name not declared yet gets its address reserved now. */
  async ipv4(name: string): Promise<string> {
    return (await this.registry.ensureNetwork()).addressOf(name);
  }

  /** Replace `{{ip "x"}}` placeholders, reserving addresses for names not declared yet. */
  expand(text: string): Promise<string> {
    return this.registry.expand(text);
  }

  /** Who owns a lab address, for steps that accept either a node name or an address. */
  nameOfAddress(address: string): string | undefined {
    return this.registry.nameOfAddress(address);
  }

  /**
   * Add a node of a kind defined elsewhere (the kinds' modules build it from the context). Its name
   * must be new; it starts with the next `start()`.
   */
  addNode<N extends LabNode>(name: string, create: (context: NodeContext) => N): Promise<N> {
    return this.registry.addNode(name, create);
  }

  /** The lab's IPv4 prefix length, for `spec.bgp.ipv4Address` of registered Calico nodes. */
  async subnetPrefixLength(): Promise<number> {
    return (await this.registry.ensureNetwork()).prefixLength;
  }

  declareBirdRouter(name: string, asNumber: number, configTemplate: string): Promise<BirdRouter> {
    return this.registry.declareBirdRouter(name, asNumber, configTemplate);
  }

  calicoNodes(): CalicoLabNode[] {
    return this.registry.calicoNodes();
  }

  calicoNode(name: string): CalicoLabNode {
    return this.registry.calicoNode(name);
  }

  /**
   * Declare a calico node, or add to one: its Calico `Node` (name, lab address, AS when set) is
   * registered at once; labels merge; a cluster ID or AS is set.
   */
  declareCalicoNode(
    name: string,
    options: { labels?: Record<string, string>; asNumber?: number; clusterId?: string | null } = {},
  ): Promise<CalicoLabNode> {
    return this.registry.declareCalicoNode(name, options);
  }

  /**
   * Workloads on calico nodes, addressed from each node's IPAM block (claimed on its first workload).
   * Nodes already running wire theirs at once: one exec per node, nodes in parallel.
   */
  async addWorkloads(pairs: readonly [node: string, workload: string][]): Promise<Workload[]> {
    const added = this.registry.declareWorkloads(pairs);
    const byNode = new Map<CalicoLabNode, Workload[]>();
    for (const w of added) {
      const node = this.calicoNode(w.node);
      if (node.started) byNode.set(node, [...(byNode.get(node) ?? []), w]);
    }
    await mapLimit([...byNode], START_CONCURRENCY, ([node, workloads]) => node.wireWorkloads(workloads));
    if (byNode.size > 0) this.timeline.changed('workloads added');
    return added;
  }

  workloads(): Workload[] {
    return this.registry.workloads();
  }

  workload(id: string): Workload {
    return this.registry.workload(id);
  }

  // The control plane.

  /**
   * Render every calico node's files from the datastore, write the ones that changed, `configure` the
   * running BIRDs whose files changed, and hand intent-consuming nodes their changed intent.
   */
  syncCalico(): Promise<{ changedNodes: number; ms: number }> {
    return this.controlPlane.sync();
  }

  /** After any datastore change: a running lab reconfigures at once; a lab not started yet renders at start. */
  async calicoChanged(): Promise<void> {
    if (this.running) await this.syncCalico();
  }

  // Bring-up.

  /**
   * After declarations: once the lab runs, nodes declared since start at once; before its first
   * start they wait for it (the lab starts at the first step that needs it, all nodes together).
   */
  async startIfRunning(): Promise<void> {
    if (this.running) await this.start();
  }

  /** Start every declared node not yet running; if the lab is already up, new nodes start now. */
  async start(): Promise<void> {
    const network = await this.registry.ensureNetwork();
    const pending = this.allNodes().filter((n) => !n.started);
    if (pending.length === 0) return;
    const started = Date.now();
    ensureNeighbourCapacity(this.allNodes().length);
    ensureContainerCpuWeight();
    await this.syncCalico();
    log.debug(`starting ${pending.length} node(s)`);
    await this.containers.startAll(pending, network);
    const ms = Date.now() - started;
    this.timeline.broughtUp(pending.length, ms);
    log.debug(`started ${pending.length} node(s) in ${ms} ms`);
  }

  // Faults.

  stopNode(name: string): Promise<void> {
    return this.faults.stop(name);
  }

  killNode(name: string): Promise<void> {
    return this.faults.kill(name);
  }

  restartNode(name: string): Promise<void> {
    return this.faults.restart(name);
  }

  pauseNode(name: string): Promise<void> {
    return this.faults.pause(name);
  }

  unpauseNode(name: string): Promise<void> {
    return this.faults.unpause(name);
  }

  disconnectNode(name: string): Promise<void> {
    return this.faults.disconnect(name);
  }

  reconnectNode(name: string): Promise<void> {
    return this.faults.reconnect(name);
  }

  // Diagnostics.

  containerLog(node: LabNode, tail?: number): Promise<string> {
    return this.diagnosis.containerLog(node, tail);
  }

  /** Everything worth attaching to a failed scenario's report, per node. */
  diagnostics(): Promise<Map<string, NodeDiagnostics>> {
    return this.diagnosis.of(this.allNodes());
  }

  /** Remove every container and the network of this lab, close observers, delete scratch files. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const network = this.registry.close();
    this.containers.close();
    await Promise.allSettled(this.allNodes().map((n) => n.close()));
    if (network) {
      await removeLabelled({ labId: this.labId });
      await network.remove();
    }
    rmSync(this.scratchDir, { recursive: true, force: true });
  }
}
