import type { LabNetwork } from './network/lab-network.js';
import type { NodeContainers } from './node-containers.js';
import type { NodeRegistry } from './node-registry.js';
import type { LabNode, StartedState } from './nodes/lab-node.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';
import type { LabTimeline } from './timeline.js';

/**
 * Faults injected into started nodes and healed again: stop, kill, restart, pause, unpause,
 * disconnect, reconnect. Each moves the node to the state it is left in (a stopped or paused node
 * reports no sessions or routes) and marks the change on the timeline.
 */
export class Faults {
  constructor(
    private readonly engine: ContainerRuntime,
    private readonly registry: NodeRegistry,
    private readonly containers: NodeContainers,
    private readonly timeline: LabTimeline,
  ) {}

  private done(node: LabNode, state: StartedState, what: string): void {
    node.moveTo(state);
    this.timeline.changed(`"${node.name}" ${what}`);
  }

  /** Graceful: `docker stop` sends SIGTERM and BIRD shuts its sessions down with a Cease NOTIFICATION. */
  async stop(name: string): Promise<void> {
    const { node, container } = this.registry.startedNode(name);
    await node.close();
    await this.engine.stop(container, 10);
    this.done(node, 'stopped', 'stopped');
  }

  /** SIGKILL: the daemons vanish and peers see no NOTIFICATION, only silence until their hold timer. */
  async kill(name: string): Promise<void> {
    const { node, container } = this.registry.startedNode(name);
    await node.close();
    await this.engine.kill(container, 'SIGKILL');
    this.done(node, 'stopped', 'killed');
  }

  /**
   * Start again (after a stop or kill) or restart; workloads are re-wired by the entrypoint. A node
   * whose daemon restarts gracefully on a signal (RFC 4724) gets that signal instead of `docker
   * restart`'s SIGTERM, and its container is started again once the daemon has left.
   */
  async restart(name: string): Promise<void> {
    const started = this.registry.startedNode(name);
    const { node, container } = started;
    await node.close();
    if (node.state === 'stopped') await this.engine.start(container);
    else if (node.gracefulRestartSignal !== undefined && node.state === 'running') {
      await this.engine.kill(container, node.gracefulRestartSignal);
      await this.engine.wait(container);
      await this.engine.start(container);
    } else await this.engine.restart(container, 10);
    // A new start is a new network namespace: the lab's own wiring hands the node its interface again.
    await (await this.network()).attached(node, this.containers.asNetworkSees(started));
    await node.prepare();
    await node.reattach(...this.containers.readiness(started));
    this.done(node, 'running', 'restarted');
  }

  /** Frozen (cgroup freezer): the TCP sessions stay open but nothing answers, so peers' hold timers expire. */
  async pause(name: string): Promise<void> {
    const { node, container } = this.registry.startedNode(name);
    await this.engine.pause(container);
    this.done(node, 'paused', 'paused');
  }

  async unpause(name: string): Promise<void> {
    const { node, container } = this.registry.startedNode(name);
    await this.engine.unpause(container);
    this.done(node, 'running', 'unpaused');
  }

  async disconnect(name: string): Promise<void> {
    const started = this.registry.startedNode(name);
    await (await this.network()).disconnect(started.node, this.containers.asNetworkSees(started));
    this.done(started.node, 'disconnected', 'disconnected');
  }

  async reconnect(name: string): Promise<void> {
    const started = this.registry.startedNode(name);
    await (await this.network()).reconnect(started.node, this.containers.asNetworkSees(started));
    this.done(started.node, 'running', 'reconnected');
  }

  /** A started node's network exists (it was made before the first declaration). */
  private network(): Promise<LabNetwork> {
    return this.registry.ensureNetwork();
  }
}
