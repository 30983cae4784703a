import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import { containerRuntime } from './runtime/shared.js';
import { createLabels } from './docker/labels.js';
import { removeLabelled, scratchRoot } from './cleanup.js';
import { ProgressLine } from './progress.js';
import { mapLimit } from './concurrency.js';
import { logger } from './log.js';
import type { LabNetwork, NetworkMode, StartedContainer } from './network/lab-network.js';
import { createLabNetwork, labNetworkMode } from './network/create-network.js';
import { labRuntime } from './docker/runtime.js';
import { BirdRouter } from './nodes/bird-router.js';
import { CalicoLabNode } from './nodes/calico-node.js';
import { CalicoCluster } from './calico/calico-cluster.js';
import { makeWorkload, type Workload } from './workloads/workload.js';
import {
  isIntentConsumer,
  type LabNode,
  type NodeContext,
  type NodeDiagnostics,
  type StartedNode,
} from './nodes/lab-node.js';
import { expandPlaceholders } from './template.js';
import { ensureNeighbourCapacity } from './docker/neighbour-capacity.js';
import { CheckedTally } from './checks/checked.js';
import { LabTimeline } from './timeline.js';

const log = logger('lab');

/** How many containers are created and started at once: Docker's API serialises beyond this. */
export const START_CONCURRENCY = 16;

export interface LabOptions {
  runId: string;
  /** The container engine; the process's shared one unless a caller brings its own. */
  runtime?: ContainerRuntime;
  /** How nodes join the lab network; by default as RRLAB_NETWORK_MODE says, else own wiring as root. */
  networkMode?: NetworkMode;
}

export class UnknownNodeError extends Error {
  override name = 'UnknownNodeError';
}

/**
 * One scenario's lab: the desired state (nodes by name) and the Docker resources that realise it.
 * Nodes are declared first; `start()` brings up every declared node that is not running yet (bounded
 * concurrency), so the lab starts lazily at the first step that needs it and a node declared later
 * starts when it is declared. `dispose()` removes every container and the network, whatever happened.
 */
export class Lab {
  readonly runId: string;
  readonly labId = randomBytes(4).toString('hex');
  readonly scratchDir: string;
  private readonly engine: ContainerRuntime;
  private readonly nodes = new Map<string, LabNode>();
  private network: LabNetwork | undefined;
  private disposed = false;
  private readonly networkMode: NetworkMode | undefined;
  /** The lab's Calico datastore; the control plane renders every calico node's BIRD files from it. */
  readonly calico = new CalicoCluster();
  /** What the control plane last wrote per calico node and file, to touch only what changed. */
  private readonly written = new Map<string, Map<string, string>>();
  /** The intent last handed to each intent-consuming node (as JSON), to hand over only changes. */
  private readonly intentsGiven = new Map<string, string>();
  /** Milliseconds from a datastore change to every affected BIRD reconfigured, per sync. */
  readonly syncLatenciesMs: number[] = [];
  /** Bring-ups, changes and when the lab settled after them, for the scenario's report. */
  readonly timeline = new LabTimeline();
  /** The sessions and routes the scenario's checks have looked at. */
  readonly checked = new CheckedTally();
  private dualStackLab = false;

  get dualStack(): boolean {
    return this.dualStackLab;
  }

  /** IPv6 beside IPv4: lab addresses, a Calico IPv6 pool, bird6. Must come before any node. */
  enableDualStack(): void {
    if (this.network) {
      throw new Error(
        'declare the dual-stack Calico cluster before any node: the lab network is already made',
      );
    }
    this.dualStackLab = true;
    this.calico.enableIpv6Pool();
  }

  constructor({ runId, runtime = containerRuntime(), networkMode }: LabOptions) {
    this.runId = runId;
    this.engine = runtime;
    this.networkMode = networkMode;
    this.scratchDir = join(scratchRoot(), this.labId);
  }

  /** The network is made at the first declaration: addresses are needed by `{{ip}}` from then on. */
  private async ensureNetwork(): Promise<LabNetwork> {
    if (this.disposed) throw new Error('the lab has been disposed');
    if (!this.network) {
      mkdirSync(this.scratchDir, { recursive: true });
      const mode = this.networkMode ?? labNetworkMode();
      this.network = await createLabNetwork(mode, this.runId, this.labId, this.engine, {
        ipv6: this.dualStack,
      });
    }
    return this.network;
  }

  private context(network: LabNetwork): NodeContext {
    return {
      runId: this.runId,
      labId: this.labId,
      scratchDir: this.scratchDir,
      addressOf: (name) => network.addressOf(name),
      address6Of: (name) => (network.subnet6 ? network.address6Of(name) : undefined),
    };
  }

  get running(): boolean {
    return [...this.nodes.values()].some((n) => n.started);
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

  hasNode(name: string): boolean {
    return this.nodes.has(name);
  }

  allNodes(): LabNode[] {
    return [...this.nodes.values()];
  }

  /** A node's lab IPv4 address; a name not declared yet gets its address reserved now. */
  async ipv4(name: string): Promise<string> {
    return (await this.ensureNetwork()).addressOf(name);
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

  /**
   * Add a node of a kind defined elsewhere (the kinds' modules build it from the context). Its name
   * must be new; it starts with the next `start()`.
   */
  async addNode<N extends LabNode>(name: string, create: (context: NodeContext) => N): Promise<N> {
    if (this.nodes.has(name))
      throw new Error(`"${name}" is already declared as a ${this.nodes.get(name)!.kind}`);
    const node = create(this.context(await this.ensureNetwork()));
    this.nodes.set(name, node);
    return node;
  }

  /** The lab's IPv4 prefix length, for `spec.bgp.ipv4Address` of registered Calico nodes. */
  async subnetPrefixLength(): Promise<number> {
    return (await this.ensureNetwork()).prefixLength;
  }

  async declareBirdRouter(name: string, asNumber: number, configTemplate: string): Promise<BirdRouter> {
    if (this.nodes.has(name))
      throw new Error(`"${name}" is already declared as a ${this.nodes.get(name)!.kind}`);
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
      node = new CalicoLabNode(this.context(network), name, this.dualStack);
      this.nodes.set(name, node);
    }
    const { prefixLength } = network;
    const ipv6Cidr = node.address6 ? `${node.address6}/64` : undefined;
    this.calico.upsertNode(name, { ipv4Cidr: `${node.address}/${prefixLength}`, ipv6Cidr, ...options });
    return node as CalicoLabNode;
  }

  /**
   * Workloads on calico nodes, addressed from each node's IPAM block (claimed on its first workload).
   * Nodes already running wire theirs at once: one exec per node, nodes in parallel.
   */
  async addWorkloads(pairs: readonly [node: string, workload: string][]): Promise<Workload[]> {
    const added: Workload[] = [];
    for (const [nodeName, workloadName] of pairs) {
      const node = this.calicoNode(nodeName);
      if (node.workloads.some((w) => w.name === workloadName)) {
        throw new Error(`calico node "${nodeName}" already hosts workload "${workloadName}"`);
      }
      const addresses = this.calico.assignWorkloadAddress(nodeName);
      const workload = makeWorkload(nodeName, workloadName, addresses.ipv4, addresses.ipv6);
      node.workloads.push(workload);
      added.push(workload);
    }
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

  /**
   * The central control plane, like calico/node's confd but one for the whole lab: render every calico
   * node's six files from the datastore, write the ones that changed, and `configure` the running BIRDs
   * whose files changed over their control sockets.
   */
  async syncCalico(): Promise<{ changedNodes: number; ms: number }> {
    const started = Date.now();
    const nodes = this.calicoNodes();
    const consumers = this.allNodes().filter(isIntentConsumer);
    if (nodes.length === 0 && consumers.length === 0) return { changedNodes: 0, ms: 0 };
    const intents = this.calico.intents();
    const rendered = this.calico.renderFromIntents(
      intents,
      nodes.map((n) => n.name),
    );
    const toReconfigure: [CalicoLabNode, string[]][] = [];
    for (const node of nodes) {
      const files = rendered.get(node.name);
      if (!files) continue;
      const previous = this.written.get(node.name) ?? new Map<string, string>();
      const changed: string[] = [];
      for (const [file, text] of Object.entries(files)) {
        if (previous.get(file) === text) continue;
        node.writeFile(file, text);
        previous.set(file, text);
        changed.push(file);
      }
      this.written.set(node.name, previous);
      if (changed.length > 0 && node.started) toReconfigure.push([node, changed]);
    }
    await mapLimit(toReconfigure, START_CONCURRENCY, ([node, changed]) => node.reconfigure(changed));
    let consumersChanged = 0;
    for (const node of consumers) {
      const intent = intents.get(node.name);
      if (!intent) continue;
      const key = JSON.stringify(intent);
      if (this.intentsGiven.get(node.name) === key) continue;
      this.intentsGiven.set(node.name, key);
      consumersChanged++;
      await node.consumeIntent(intent);
    }
    const ms = Date.now() - started;
    if (toReconfigure.length + consumersChanged > 0) {
      this.syncLatenciesMs.push(ms);
      this.timeline.changed('Calico change');
    }
    return { changedNodes: toReconfigure.length + consumersChanged, ms };
  }

  /** After any datastore change: a running lab reconfigures at once; a lab not started yet renders at start. */
  async calicoChanged(): Promise<void> {
    if (this.running) await this.syncCalico();
  }

  /** Start every declared node not yet running; if the lab is already up, new nodes start now. */
  async start(): Promise<void> {
    const network = await this.ensureNetwork();
    const pending = this.allNodes().filter((n) => !n.started);
    if (pending.length === 0) return;
    const started = Date.now();
    ensureNeighbourCapacity(this.allNodes().length);
    await this.syncCalico();
    log.debug(`starting ${pending.length} node(s)`);
    // Docker's API is the bottleneck: keep it busy with creates and starts, and wait for the daemons
    // to answer outside that pool, so a BIRD still parsing its config does not hold a start slot.
    const readiness: Promise<void>[] = [];
    const progress = new ProgressLine();
    let created = 0;
    let answering = 0;
    const show = () =>
      progress.update(
        `rrlab: ${this.labId}: ${created}/${pending.length} containers started, ${answering}/${pending.length} daemons answering`,
      );
    try {
      await mapLimit(pending, START_CONCURRENCY, async (node) => {
        const started = await this.startContainer(node, network);
        created++;
        show();
        const ready = node.waitReady(...this.readiness(started)).then(() => {
          node.moveTo('running');
          answering++;
          show();
        });
        ready.catch(() => undefined); // awaited below; do not let it count as unhandled meanwhile
        readiness.push(ready);
      });
    } finally {
      await Promise.allSettled(readiness);
    }
    await Promise.all(readiness);
    progress.done();
    const ms = Date.now() - started;
    this.timeline.broughtUp(pending.length, ms);
    log.debug(`started ${pending.length} node(s) in ${ms} ms`);
  }

  private async startContainer(node: LabNode, network: LabNetwork): Promise<StartedNode> {
    await node.prepare();
    for (const [file, text] of Object.entries(network.containerFiles(node))) {
      writeFileSync(join(node.ensureFolder(), file), text);
    }
    const options = node.containerOptions();
    const container = await this.engine.create({
      name: node.containerName,
      hostname: node.name.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63),
      image: options.Image,
      cmd: options.Cmd,
      env: options.Env,
      workdir: options.WorkingDir,
      labels: createLabels({ runId: this.runId, labId: this.labId, node: node.name, kind: node.kind }),
      network: network.containerNetworking(node),
      runtime: await labRuntime(this.engine),
      binds: [`${node.folder}:/run/rrlab`],
      // With the lab's own wiring every node addresses the interface it is handed.
      capAdd: network.mode === 'own' ? [...new Set([...options.capAdd, 'NET_ADMIN'])] : options.capAdd,
      securityOpt: options.securityOpt,
      sysctls: options.sysctls,
      init: false,
    });
    node.containerCreated(container);
    await this.engine.start(container);
    const started = { node, container };
    await network.attached(node, this.started(started));
    return started;
  }

  /** The node's container as the network sees it; the PID is asked of the engine when needed. */
  private started({ container }: StartedNode): StartedContainer {
    return { ref: container, pid: async () => (await this.engine.state(container)).pid };
  }

  /**
   * What a kind's readiness loop needs: the container's log, and whether it has exited. The engine is
   * asked at most twice a second however fast the loop spins: hundreds of nodes starting at once
   * must not flood it with inspects while it is creating containers.
   */
  private readiness({ node, container }: StartedNode): [() => Promise<string>, () => Promise<boolean>] {
    let askedAt = 0;
    let exited = false;
    return [
      () => this.containerLog(node),
      async () => {
        if (Date.now() - askedAt >= 500) {
          askedAt = Date.now();
          exited = !(await this.engine.state(container)).running;
        } else await new Promise((resolve) => setTimeout(resolve, 20));
        return exited;
      },
    ];
  }

  /** A node for what only a started node can do; throws, naming it, before its start. */
  private startedNode(name: string): StartedNode {
    const node = this.node(name);
    return { node, container: node.startedContainer() };
  }

  /** Graceful: `docker stop` sends SIGTERM and BIRD shuts its sessions down with a Cease NOTIFICATION. */
  async stopNode(name: string): Promise<void> {
    const { node, container } = this.startedNode(name);
    await node.close();
    await this.engine.stop(container, 10);
    node.moveTo('stopped');
    this.timeline.changed(`"${name}" stopped`);
  }

  /** SIGKILL: the daemons vanish and peers see no NOTIFICATION, only silence until their hold timer. */
  async killNode(name: string): Promise<void> {
    const { node, container } = this.startedNode(name);
    await node.close();
    await this.engine.kill(container, 'SIGKILL');
    node.moveTo('stopped');
    this.timeline.changed(`"${name}" killed`);
  }

  /**
   * Start again (after a stop or kill) or restart; workloads are re-wired by the entrypoint. A node
   * whose daemon restarts gracefully on a signal (RFC 4724) gets that signal instead of `docker
   * restart`'s SIGTERM, and its container is started again once the daemon has left.
   */
  async restartNode(name: string): Promise<void> {
    const started = this.startedNode(name);
    const { node, container } = started;
    await node.close();
    if (node.state === 'stopped') await this.engine.start(container);
    else if (node.gracefulRestartSignal !== undefined && node.state === 'running') {
      await this.engine.kill(container, node.gracefulRestartSignal);
      await this.engine.wait(container);
      await this.engine.start(container);
    } else await this.engine.restart(container, 10);
    // A new start is a new network namespace: the lab's own wiring hands the node its interface again.
    await (await this.ensureNetwork()).attached(node, this.started(started));
    await node.prepare();
    await node.reattach(...this.readiness(started));
    node.moveTo('running');
    this.timeline.changed(`"${name}" restarted`);
  }

  /** Frozen (cgroup freezer): the TCP sessions stay open but nothing answers, so peers' hold timers expire. */
  async pauseNode(name: string): Promise<void> {
    const { node, container } = this.startedNode(name);
    await this.engine.pause(container);
    node.moveTo('paused');
    this.timeline.changed(`"${name}" paused`);
  }

  async unpauseNode(name: string): Promise<void> {
    const { node, container } = this.startedNode(name);
    await this.engine.unpause(container);
    node.moveTo('running');
    this.timeline.changed(`"${name}" unpaused`);
  }

  async disconnectNode(name: string): Promise<void> {
    const started = this.startedNode(name);
    await (await this.ensureNetwork()).disconnect(started.node, this.started(started));
    started.node.moveTo('disconnected');
    this.timeline.changed(`"${name}" disconnected`);
  }

  async reconnectNode(name: string): Promise<void> {
    const started = this.startedNode(name);
    await (await this.ensureNetwork()).reconnect(started.node, this.started(started));
    started.node.moveTo('running');
    this.timeline.changed(`"${name}" reconnected`);
  }

  async containerLog(node: LabNode, tail = 200): Promise<string> {
    const { container } = node;
    return container ? this.engine.logs(container, tail) : '';
  }

  /** Everything worth attaching to a failed scenario's report, per node. */
  async diagnostics(): Promise<Map<string, NodeDiagnostics>> {
    const out = new Map<string, NodeDiagnostics>();
    await mapLimit(this.allNodes(), 8, async (node) => {
      const sections: NodeDiagnostics['sections'] = [];
      try {
        sections.push(...(await node.diagnostics()).sections);
      } catch (error) {
        sections.push({ title: 'observer error', text: String(error) });
      }
      for (const file of filesIn(node.folder)) {
        sections.push({ title: `config ${file}`, text: readFileSync(join(node.folder, file), 'utf8') });
      }
      sections.push({ title: 'container log', text: await this.containerLog(node).catch((e) => String(e)) });
      out.set(node.name, { sections });
    });
    return out;
  }

  /** Remove every container and the network of this lab, close observers, delete scratch files. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await Promise.allSettled(this.allNodes().map((n) => n.close()));
    if (this.network) {
      await removeLabelled({ labId: this.labId });
      await this.network.remove();
    }
    rmSync(this.scratchDir, { recursive: true, force: true });
  }
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter(
      (f) => /\.(cfg|conf|json|yaml)$/.test(f) && statSync(join(folder, f)).isFile(),
    );
  } catch {
    return [];
  }
}
