import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import { dockerClient } from './docker/client.js';
import { createLabels } from './docker/labels.js';
import { removeLabelled, scratchRoot } from './cleanup.js';
import { mapLimit } from './concurrency.js';
import { logger } from './log.js';
import { LabNetwork } from './network/lab-network.js';
import { BirdRouter } from './nodes/bird-router.js';
import type { LabNode, NodeContext, NodeDiagnostics } from './nodes/lab-node.js';
import { expandPlaceholders } from './template.js';

const log = logger('lab');

/** How many containers are created and started at once: Docker's API serialises beyond this. */
export const START_CONCURRENCY = 16;

export interface LabOptions {
  runId: string;
  docker?: Docker;
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
  private readonly docker: Docker;
  private readonly nodes = new Map<string, LabNode>();
  private network: LabNetwork | undefined;
  private disposed = false;

  constructor({ runId, docker = dockerClient() }: LabOptions) {
    this.runId = runId;
    this.docker = docker;
    this.scratchDir = join(scratchRoot(), this.labId);
  }

  /** The network is made at the first declaration: addresses are needed by `{{ip}}` from then on. */
  private async ensureNetwork(): Promise<LabNetwork> {
    if (this.disposed) throw new Error('the lab has been disposed');
    if (!this.network) {
      mkdirSync(this.scratchDir, { recursive: true });
      this.network = await LabNetwork.create(this.runId, this.labId, this.docker);
    }
    return this.network;
  }

  private context(network: LabNetwork): NodeContext {
    return {
      runId: this.runId,
      labId: this.labId,
      networkName: network.name,
      scratchDir: this.scratchDir,
      addressOf: (name) => network.addressOf(name),
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
      ipv6: (name) => {
        throw new Error(`no IPv6 address for "${name}": this lab is not dual-stack`);
      },
    });
  }

  /** Who owns a lab address, for steps that accept either a node name or an address. */
  nameOfAddress(address: string): string | undefined {
    return this.network?.nameOfAddress(address);
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

  /** Start every declared node not yet running; if the lab is already up, new nodes start now. */
  async start(): Promise<void> {
    const network = await this.ensureNetwork();
    const pending = this.allNodes().filter((n) => !n.started);
    if (pending.length === 0) return;
    const started = Date.now();
    log.debug(`starting ${pending.length} node(s)`);
    await mapLimit(pending, START_CONCURRENCY, (node) => this.startNode(node, network));
    log.debug(`started ${pending.length} node(s) in ${Date.now() - started} ms`);
  }

  private async startNode(node: LabNode, network: LabNetwork): Promise<void> {
    await node.prepare();
    const options = node.containerOptions();
    const container = await this.docker.createContainer({
      name: node.containerName,
      Hostname: node.name.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 63),
      Image: options.Image,
      Cmd: options.Cmd,
      Env: options.Env,
      WorkingDir: options.WorkingDir,
      Labels: createLabels({ runId: this.runId, labId: this.labId, node: node.name, kind: node.kind }),
      HostConfig: {
        NetworkMode: network.name,
        Binds: [`${node.folder}:/run/rrlab`],
        CapAdd: options.capAdd,
        Init: false,
      },
      NetworkingConfig: {
        EndpointsConfig: { [network.name]: { IPAMConfig: { IPv4Address: node.address } } },
      },
    });
    node.containerId = container.id;
    await container.start();
    await node.waitReady(
      () => this.containerLog(node),
      async () => !(await container.inspect()).State.Running,
    );
  }

  async containerLog(node: LabNode, tail = 200): Promise<string> {
    if (!node.containerId) return '';
    const buffer = (await this.docker
      .getContainer(node.containerId)
      .logs({ stdout: true, stderr: true, tail, follow: false })) as unknown as Buffer;
    return demultiplexDockerLog(buffer);
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
    if (this.network) await removeLabelled({ labId: this.labId });
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

/** Docker multiplexes stdout and stderr in 8-byte-framed chunks when the container has no TTY. */
export function demultiplexDockerLog(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const size = buffer.readUInt32BE(offset + 4);
    if ((stream !== 1 && stream !== 2) || offset + 8 + size > buffer.length) return buffer.toString('utf8');
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}
