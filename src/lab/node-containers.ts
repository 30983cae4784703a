import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit, START_CONCURRENCY } from './concurrency.js';
import { ContainerExits } from './container-exits.js';
import { createLabels, LAB_LABEL } from './docker/labels.js';
import { labRuntime } from './docker/runtime.js';
import type { LabNetwork, StartedContainer } from './network/lab-network.js';
import type { LabNode, StartedNode } from './nodes/lab-node.js';
import { ProgressLine } from './progress.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';

/** What a kind's readiness loop is handed: the container's log, and whether it has exited. */
export type Readiness = [logs: () => Promise<string>, exited: () => Promise<boolean>];

/**
 * Nodes' containers: each created from what its kind asks and what the network adds, started, put on
 * the lab network, and watched until its daemons answer.
 */
export class NodeContainers {
  private readonly exits: ContainerExits;

  constructor(
    private readonly engine: ContainerRuntime,
    private readonly lab: { readonly runId: string; readonly labId: string },
  ) {
    this.exits = new ContainerExits(engine, `${LAB_LABEL}=${lab.labId}`);
  }

  /**
   * Bring the nodes up, `START_CONCURRENCY` containers at a time. The engine's API is the bottleneck:
   * a start slot holds only the create and the start; handing the node its interface and waiting for
   * its daemons to answer happen outside the pool, so neither holds the engine back.
   */
  async startAll(pending: readonly LabNode[], network: LabNetwork): Promise<void> {
    await this.exits.watching();
    const settling: Promise<void>[] = [];
    const progress = new ProgressLine();
    let created = 0;
    let answering = 0;
    const show = () =>
      progress.update(
        `rrlab: ${this.lab.labId}: ${created}/${pending.length} containers started, ${answering}/${pending.length} daemons answering`,
      );
    try {
      await mapLimit(pending, START_CONCURRENCY, async (node) => {
        const started = await this.start(node, network);
        created++;
        show();
        const settled = (async () => {
          await network.attached(node, this.asNetworkSees(started));
          await node.waitReady(...this.readiness(started));
          node.moveTo('running');
          answering++;
          show();
        })();
        settled.catch(() => undefined); // awaited below; do not let it count as unhandled meanwhile
        settling.push(settled);
      });
    } finally {
      await Promise.allSettled(settling);
    }
    await Promise.all(settling);
    progress.done();
  }

  /** Create and start the node's container, from what its kind asks and what the network adds. */
  private async start(node: LabNode, network: LabNetwork): Promise<StartedNode> {
    await node.prepare();
    for (const [file, text] of Object.entries(network.containerFiles(node))) {
      writeFileSync(join(node.ensureFolder(), file), text);
    }
    const options = node.containerOptions();
    const { runId, labId } = this.lab;
    const container = await this.engine.create({
      name: node.containerName,
      hostname: node.name.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63),
      image: options.Image,
      cmd: options.Cmd,
      env: options.Env,
      workdir: options.WorkingDir,
      labels: createLabels({ runId, labId, node: node.name, kind: node.kind }),
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
    return { node, container };
  }

  /** The node's container as the network sees it; the PID is asked of the engine when needed. */
  asNetworkSees({ container }: StartedNode): StartedContainer {
    return { ref: container, pid: async () => (await this.engine.state(container)).pid };
  }

  /** What a kind's readiness loop needs: the container's log, and whether it has exited (never waits). */
  readiness({ container }: StartedNode): Readiness {
    return [() => this.engine.logs(container, CONTAINER_LOG_TAIL), this.exits.exitedSince(container)];
  }

  /** Stop watching the engine for exits (the lab is being disposed). */
  close(): void {
    this.exits.close();
  }
}

/** How much of a container's log readiness loops and reports read. */
export const CONTAINER_LOG_TAIL = 200;
