import { existsSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { imageTag } from '../images/catalog.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import { LabNode, type NodeContext, type NodeDiagnostics } from './lab-node.js';

export const FRR_BGPD_CONFIG = 'bgpd.conf';
export const FRR_ZEBRA_CONFIG = 'zebra.conf';

export class FrrConfigRejectedError extends Error {
  override name = 'FrrConfigRejectedError';
}

export class FrrCommandError extends Error {
  override name = 'FrrCommandError';
}

/**
 * One command on an FRR daemon's vty socket, the way vtysh talks to it: the command NUL-terminated,
 * the reply ends with three NUL bytes and a status byte (0 = success; FRR lib/vty.c, vtysh_client_run).
 */
export function frrVtyCommand(socketPath: string, command: string, timeoutMs = 10_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    let length = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new FrrCommandError(`no reply to "${command}" on ${socketPath} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on('connect', () => socket.write(`${command}\0`));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      const all = Buffer.concat(chunks, length);
      const n = all.length;
      if (n < 4 || all[n - 4] !== 0 || all[n - 3] !== 0 || all[n - 2] !== 0) return;
      clearTimeout(timer);
      socket.end();
      const text = all.subarray(0, n - 4).toString('utf8');
      const status = all[n - 1];
      if (status === 0) resolve(text);
      else reject(new FrrCommandError(`"${command}" failed (status ${status}): ${text.trim()}`));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** The parts of `show bgp neighbors json` (FRR 8.4) rrlab reads; FRR prints many more. */
export interface FrrNeighborJson {
  remoteAs?: number;
  localAs?: number;
  bgpState?: string;
  remoteRouterId?: string;
  bgpTimerHoldTimeMsecs?: number;
  lastResetDueTo?: string;
  lastNotificationReason?: string;
  lastErrorCodeSubcode?: string;
  neighborCapabilities?: Record<string, unknown>;
  [key: string]: unknown;
}

interface FrrPathJson {
  valid?: boolean;
  bestpath?: boolean;
  path?: string;
  origin?: string;
  metric?: number;
  locPrf?: number;
  peerId?: string;
  nexthops?: { ip?: string; afi?: string; used?: boolean }[];
}

/** `show bgp <afi> unicast json`: `{ routes: { "10.0.0.0/24": [path, …] } }`. */
export function frrRouteViews(node: string, json: string): RouteView[] {
  const parsed = JSON.parse(json) as { routes?: Record<string, FrrPathJson[]> };
  const views: RouteView[] = [];
  for (const [prefix, paths] of Object.entries(parsed.routes ?? {})) {
    for (const path of paths) {
      // FRR's json says `peerId: "(unspec)"` for routes it originated (network statements, redistribution).
      const learned = path.peerId !== undefined && path.peerId !== '(unspec)';
      views.push({
        node,
        prefix,
        protocol: learned ? path.peerId! : 'local',
        source: learned ? 'BGP' : 'static',
        primary: path.bestpath === true,
        bgp: learned
          ? {
              origin: path.origin?.toUpperCase(),
              asPath: path.path ?? '',
              nextHop: path.nexthops?.find((h) => h.used !== false)?.ip ?? path.nexthops?.[0]?.ip,
              localPref: path.locPrf,
              med: path.metric,
              // The summary json carries neither; `show bgp … <prefix> json` does, per prefix.
              originatorId: undefined,
              clusterList: undefined,
              communities: [],
            }
          : undefined,
      });
    }
  }
  return views;
}

/**
 * An FRR 8.4 router (zebra and bgpd from Debian's `frr`), an interop peer and a benchmark baseline.
 * rrlab supplies the router ID (the lab address, via zebra) and logging to the container log; the
 * scenario supplies the rest of the bgpd configuration (`router bgp …`). rrlab reads bgpd's state over
 * its vty socket in the bind-mounted folder, with the same commands vtysh sends, never `docker exec`.
 */
export class FrrRouter extends LabNode {
  readonly kind = 'frr-router' as const;

  constructor(
    context: NodeContext,
    name: string,
    readonly asNumber: number,
    readonly userConfig: string,
  ) {
    super(context, name);
  }

  /** The lines rrlab puts before the docstring in bgpd.conf; kept apart so line numbers map back. */
  private header(): string[] {
    return [
      `! rrlab: FRR router "${this.name}" in AS ${this.asNumber}`,
      'frr defaults traditional',
      `hostname ${this.hostname}`,
      'log stdout informational',
      "! --- the scenario's configuration ---",
    ];
  }

  private get hostname(): string {
    return this.name.replace(/[^a-zA-Z0-9-]/g, '-');
  }

  get configPath(): string {
    return join(this.folder, FRR_BGPD_CONFIG);
  }

  get vtySocket(): string {
    return join(this.folder, 'bgpd.vty');
  }

  async prepare(): Promise<void> {
    this.ensureFolder();
    writeFileSync(this.configPath, [...this.header(), this.userConfig, ''].join('\n'));
    // zebra hands bgpd the router ID; the lab address, as for BIRD routers.
    writeFileSync(
      join(this.folder, FRR_ZEBRA_CONFIG),
      [`hostname ${this.hostname}`, 'log stdout informational', `router-id ${this.address}`, ''].join('\n'),
    );
  }

  containerOptions() {
    return {
      Image: imageTag('frr'),
      WorkingDir: '/run/rrlab',
      // zebra's privilege setup asks for CAP_SYS_ADMIN (network namespaces as VRFs) and exits without it.
      capAdd: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'],
    };
  }

  /** `No such command on config line 7: …` → the same complaint located in the scenario's docstring. */
  describeConfigErrors(log: string): string | undefined {
    const complaints = [...log.matchAll(/BGP: .*?(\S.*) on config line (\d+): (.*)$/gm)];
    if (complaints.length === 0) return undefined;
    const described = complaints.map(([, what, line, text]) => {
      const docLine = Number(line) - this.header().length;
      const where =
        docLine >= 1 ? `line ${docLine} of its configuration docstring` : `rrlab's header line ${line}`;
      return `${where}: ${what}: ${text}`;
    });
    return `bgpd rejected the configuration of "${this.name}" at ${[...new Set(described)].join('; ')}`;
  }

  /** Run a vtysh command on bgpd (show commands; `clear bgp …`). */
  command(command: string): Promise<string> {
    return frrVtyCommand(this.vtySocket, command);
  }

  async waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (existsSync(this.vtySocket)) {
        try {
          await this.command('show bgp summary json');
          // bgpd skips lines it cannot parse and runs on; a scenario's typo must fail instead.
          const rejected = this.describeConfigErrors(await logs());
          if (rejected) throw new FrrConfigRejectedError(rejected);
          return;
        } catch (error) {
          if (error instanceof FrrConfigRejectedError) throw error;
          // otherwise bgpd is still reading its config
        }
      }
      if (await exited()) {
        throw new FrrConfigRejectedError(
          `FRR on "${this.name}" exited before answering; its log:\n${(await logs()).trim()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`bgpd on "${this.name}" did not answer on its vty socket within 30 s\n${await logs()}`);
  }

  async neighbors(): Promise<Record<string, FrrNeighborJson>> {
    return JSON.parse(await this.command('show bgp neighbors json')) as Record<string, FrrNeighborJson>;
  }

  protected async observeSessions(): Promise<BgpSessionView[]> {
    const neighbors = await this.neighbors();
    return Object.entries(neighbors).map(([address, n]) => ({
      node: this.name,
      protocol: address,
      neighborAddress: address,
      neighborAs: n.remoteAs,
      state: n.bgpState ?? 'Idle',
      info: n.lastNotificationReason ?? n.lastResetDueTo ?? '',
    }));
  }

  protected async observeRoutes(): Promise<RouteView[]> {
    const [v4, v6] = await Promise.all([
      this.command('show bgp ipv4 unicast json'),
      this.command('show bgp ipv6 unicast json'),
    ]);
    return [...frrRouteViews(this.name, v4), ...frrRouteViews(this.name, v6)];
  }

  async diagnostics(): Promise<NodeDiagnostics> {
    if (!this.answering) return { sections: [{ title: 'bgpd', text: 'not running' }] };
    const sections: { title: string; text: string }[] = [];
    for (const command of ['show bgp neighbors', 'show bgp ipv4 unicast', 'show bgp ipv6 unicast']) {
      try {
        sections.push({ title: command, text: await this.command(command) });
      } catch (error) {
        sections.push({ title: command, text: String(error) });
      }
    }
    return { sections };
  }

  async reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.waitReady(logs, exited);
  }

  async close(): Promise<void> {
    // One connection per command: nothing stays open.
  }
}
