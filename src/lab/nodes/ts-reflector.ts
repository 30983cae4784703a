/**
 * The lab kind `ts-reflector`: rrlab's TypeScript route reflector in its own container, configured
 * from its Calico intent as a calico node with `routeReflectorClusterID` would be (STEPS.md "Kinds of
 * node"). The control plane hands it its intent (`IntentConsumer`): the node writes it to its folder
 * (read at start, so a restart comes up with the latest) and, while the daemon runs, pushes it over
 * the API socket, where the daemon applies it live. Observers read the reflector's own RIB through the
 * same socket, never through `docker exec`.
 *
 * The compiled reflector (`dist/src/net`, `dist/src/bgp`, `dist/src/reflector`, and the koffi package
 * its socket options need) is copied into the node's folder at `prepare`, and the image carries only
 * Node.js: the lab bind-mounts nothing but the node's folder, and the image then never needs
 * rebuilding when the code changes.
 */
import { cpSync, existsSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeIntent } from '../../calico/index.js';
import { ReflectorApiClient } from '../../reflector/api/api-client.js';
import { BirdControlClient } from '../bird/control-client.js';
import type { PathView, RouteEntryView } from '../../reflector/api/views.js';
import { imageTag } from '../images/catalog.js';
import { copyReflectorPackages } from './reflector-packages.js';
import type { Lab } from '../lab.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import {
  LabNode,
  type ContainerRequirements,
  type IntentConsumer,
  type NodeDiagnostics,
} from './lab-node.js';

/** `dist/src/` when this module runs compiled (from `dist/src/lab/nodes/`). */
const COMPILED_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP_FOLDERS = ['net', 'bgp', 'reflector'];

export class TsReflectorStartError extends Error {
  override name = 'TsReflectorStartError';
}

export class TsReflectorNode extends LabNode implements IntentConsumer {
  readonly kind = 'ts-reflector' as const;
  /** `run-reflector.ts`: leave without NOTIFICATION and come back as the restarting speaker. */
  override readonly gracefulRestartSignal = 'SIGUSR2' as const;
  private intent: NodeIntent | undefined;
  private client: ReflectorApiClient | undefined;
  /** The daemon's `--max-prefixes`: Cease 6/1 for a peer that sends more (RFC 4486 §4). */
  private maxPrefixes: number | undefined;

  /** Set before the container starts: the limit is a start-up option of the daemon. */
  limitPrefixes(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1)
      throw new Error(`a prefix limit is a whole number of at least 1, not ${limit}`);
    if (this.started)
      throw new Error(`"${this.name}" is already running: give its prefix limit before the lab starts`);
    this.maxPrefixes = limit;
  }

  get socketPath(): string {
    return join(this.folder, 'api.sock');
  }

  /** The API of the running daemon (for steps that go beyond sessions and routes). */
  get api(): ReflectorApiClient {
    if (this.client === undefined || !this.answering)
      throw new Error(`TypeScript route reflector "${this.name}" is not running`);
    return this.client;
  }

  override get routerId(): string {
    return this.intent?.routerId || this.address;
  }

  async consumeIntent(intent: NodeIntent): Promise<void> {
    this.intent = intent;
    this.writeIntent();
    if (this.client !== undefined && this.answering) await this.client.pushIntent(intent);
  }

  private writeIntent(): void {
    if (this.intent === undefined) return;
    this.ensureFolder();
    // Whole or not at all: a reflector restarting (graceful restart re-reads this file) must never
    // read a file this write has truncated but not yet filled.
    const file = join(this.folder, 'intent.json');
    writeFileSync(`${file}.lab-tmp`, JSON.stringify(this.intent, null, 2));
    renameSync(`${file}.lab-tmp`, file);
  }

  async prepare(): Promise<void> {
    if (this.intent === undefined)
      throw new Error(
        `TypeScript route reflector "${this.name}" has no Calico intent (is its Node registered?)`,
      );
    this.ensureFolder();
    for (const folder of APP_FOLDERS) {
      const from = join(COMPILED_ROOT, folder);
      if (!existsSync(from))
        throw new Error(`${from} is missing: compile rrlab first (npx tsc -p tsconfig.json)`);
      cpSync(from, join(this.folder, 'app', 'src', folder), {
        recursive: true,
        filter: (source) => !source.endsWith('.map'),
      });
    }
    copyReflectorPackages(join(this.folder, 'app'));
    // The compiled code is ESM (`"type": "module"` in rrlab's package.json, which is not copied).
    writeFileSync(join(this.folder, 'app', 'package.json'), '{ "type": "module" }\n');
    this.writeIntent();
  }

  containerOptions(): ContainerRequirements {
    // Port 179 needs CAP_NET_BIND_SERVICE, which Docker grants by default: nothing to add. In a
    // dual-stack lab the IPv6 sessions (bird6's) need IPv6 on, which Docker leaves off by default.
    return {
      Image: imageTag('reflector'),
      WorkingDir: '/run/rrlab',
      ...(this.maxPrefixes !== undefined
        ? { Env: [`RRLAB_REFLECTOR_ARGS=--max-prefixes ${this.maxPrefixes}`] }
        : {}),
      capAdd: [],
      ...(this.address6 !== undefined ? { sysctls: { 'net.ipv6.conf.all.disable_ipv6': '0' } } : {}),
    };
  }

  async waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    const client = new ReflectorApiClient({ socketPath: this.socketPath }, 2000);
    const deadline = Date.now() + 60_000;
    for (;;) {
      try {
        await client.status();
        break;
      } catch {
        if (await exited())
          throw new TsReflectorStartError(
            `TypeScript route reflector "${this.name}" did not start:\n${(await logs()).trim()}`,
          );
        if (Date.now() > deadline)
          throw new Error(
            `TypeScript route reflector "${this.name}" did not answer on ${this.socketPath} within 60 s\n${await logs()}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    this.client = client;
    // An intent that arrived while the daemon was starting went only to the file: hand it over now
    // (an unchanged intent changes nothing).
    if (this.intent !== undefined) await client.pushIntent(this.intent);
  }

  protected async observeSessions(): Promise<BgpSessionView[]> {
    return (await this.api.peers()).map((peer) => ({
      node: this.name,
      protocol: peer.name,
      neighborAddress: peer.address,
      neighborAs: peer.asn,
      state: peer.state,
      info: peer.lastError,
    }));
  }

  protected async observeRoutes(): Promise<RouteView[]> {
    return (await this.api.routes()).flatMap((entry) =>
      entry.paths.filter((path) => path.ineligible === undefined).map((path) => this.routeView(entry, path)),
    );
  }

  private routeView(entry: RouteEntryView, path: PathView): RouteView {
    const a = path.attributes;
    return {
      node: this.name,
      prefix: entry.prefix,
      protocol: path.peerName,
      source: 'BGP',
      primary: path.best,
      bgp: {
        origin: a.origin,
        asPath: a.asPath,
        nextHop: a.nextHop,
        localPref: a.localPref,
        med: a.med,
        originatorId: a.originatorId,
        clusterList: a.clusterList,
        communities: a.communities,
      },
    };
  }

  async diagnostics(): Promise<NodeDiagnostics> {
    if (this.client === undefined || !this.answering)
      return { sections: [{ title: 'reflector API', text: 'not running' }] };
    const client = this.client;
    const section = async (title: string, read: () => Promise<unknown>) => {
      try {
        const value = await read();
        return { title, text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) };
      } catch (error) {
        return { title, text: `failed: ${String(error)}` };
      }
    };
    return {
      sections: await Promise.all([
        section('reflector status', () => client.status()),
        section('reflector peers', () => client.peers()),
        section('reflector routes', () => client.routes()),
        section('reflector metrics', () => client.metrics()),
      ]),
    };
  }

  async reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.close();
    await this.waitReady(logs, exited);
  }

  async close(): Promise<void> {
    this.client = undefined;
  }
}

export interface TsReflectorDeclaration {
  readonly clusterId?: string;
  readonly labels?: Record<string, string>;
}

/**
 * Declare TypeScript route reflectors, or add to them: each registers its Calico `Node` (lab address,
 * and its IPv6 one in a dual-stack lab, `routeReflectorClusterID`, labels merged) and joins the lab; reflectors declared once the lab runs
 * start at once.
 */
/** Each named TypeScript reflector ends a session whose peer sends more than `limit` prefixes. */
export function limitReflectorPrefixes(lab: Lab, names: readonly string[], limit: number): void {
  for (const name of names) {
    const node = lab.node(name);
    if (!(node instanceof TsReflectorNode))
      throw new Error(`"${name}" is a ${node.kind}: only a TypeScript route reflector takes a prefix limit`);
    node.limitPrefixes(limit);
  }
}

export async function declareTsReflectors(
  lab: Lab,
  names: readonly string[],
  declaration: TsReflectorDeclaration,
): Promise<TsReflectorNode[]> {
  const prefixLength = await lab.subnetPrefixLength();
  const nodes: TsReflectorNode[] = [];
  for (const name of names) {
    let node: LabNode | undefined = lab.hasNode(name) ? lab.node(name) : undefined;
    if (node !== undefined && !(node instanceof TsReflectorNode))
      throw new Error(`"${name}" is already declared as a ${node.kind}`);
    node ??= await lab.addNode(name, (context) => new TsReflectorNode(context, name));
    const address6 = node.address6;
    lab.calico.upsertNode(name, {
      ipv4Cidr: `${node.address}/${prefixLength}`,
      ...(address6 !== undefined ? { ipv6Cidr: `${address6}/64` } : {}),
      ...(declaration.labels !== undefined ? { labels: declaration.labels } : {}),
      ...(declaration.clusterId !== undefined ? { clusterId: declaration.clusterId } : {}),
    });
    nodes.push(node as TsReflectorNode);
  }
  await lab.calicoChanged();
  if (lab.running) await lab.start();
  return nodes;
}

export function tsReflector(lab: Lab, name: string): TsReflectorNode {
  const node = lab.node(name);
  if (!(node instanceof TsReflectorNode))
    throw new Error(`"${name}" is a ${node.kind}, not a TypeScript route reflector`);
  return node;
}

/**
 * `from` asks `to` to send its routes again (RFC 2918 ROUTE-REFRESH): a TypeScript reflector through
 * its API; a BIRD node (BIRD router or calico node) with `reload in` on the protocol whose neighbor is
 * `to`, over its control socket. Throws when there is no established session to ask over.
 */
export async function askForRouteRefresh(lab: Lab, from: string, to: string): Promise<void> {
  const asker = lab.node(from);
  const address = lab.hasNode(to) ? lab.node(to).address : to;
  if (asker instanceof TsReflectorNode) {
    const { asked } = await asker.api.refresh(address);
    if (asked !== 1)
      throw new Error(
        `"${from}" could not send ROUTE-REFRESH to "${to}" (no established session that offered it)`,
      );
    return;
  }
  const session = (await asker.sessions()).find(
    (s) => s.neighborAddress === address && s.state === 'Established',
  );
  if (session === undefined)
    throw new Error(`"${from}" has no established BGP session with "${to}" (${address})`);
  const socket = join(asker.folder, 'bird.ctl');
  if (!existsSync(socket))
    throw new Error(`"${from}" is a ${asker.kind}: it has no BIRD control socket to ask with`);
  const client = await BirdControlClient.connect(socket, { timeoutMs: 2000, lineTimeoutMs: 10_000 });
  try {
    await client.command(`reload in ${session.protocol}`);
  } finally {
    await client.close();
  }
}
