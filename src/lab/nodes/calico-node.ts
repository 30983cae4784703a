import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { containerRuntime } from '../runtime/shared.js';
import { imageTag } from '../images/catalog.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import { wiringScript, type Workload } from '../workloads/workload.js';
import { BirdDaemons } from './bird-daemons.js';
import { BirdConfigRejectedError } from './bird-router.js';
import { LabNode, type NodeContext, type NodeDiagnostics } from './lab-node.js';

/** The files of BIRD's IPv4 daemon; a change to any of them means `configure` on bird.ctl. */
const IPV4_FILES = new Set(['bird.cfg', 'bird_aggr.cfg', 'bird_ipam.cfg']);
const IPV6_FILES = new Set(['bird6.cfg', 'bird6_aggr.cfg', 'bird6_ipam.cfg']);

/**
 * A Calico node as calico/node runs its routing: BIRD 1.6 started with `-R` on the six files the
 * lab's confd port renders, workloads wired as Calico's CNI plugin wires them. The control plane
 * writes the files; this kind starts the daemons, reconfigures them over their control sockets and
 * observes them.
 */
export class CalicoLabNode extends LabNode {
  readonly kind = 'calico-node' as const;
  readonly workloads: Workload[] = [];
  private readonly daemons: BirdDaemons;

  constructor(
    context: NodeContext,
    name: string,
    readonly dualStack: boolean,
  ) {
    super(context, name);
    this.daemons = new BirdDaemons(name, `calico node "${name}"`);
  }

  /** Write one rendered file; returns whether its content changed. */
  writeFile(file: string, text: string): void {
    this.ensureFolder();
    writeFileSync(join(this.folder, file), text);
  }

  async prepare(): Promise<void> {
    this.ensureFolder();
    writeFileSync(join(this.folder, 'workloads.sh'), wiringScript(this.workloads));
  }

  containerOptions() {
    return {
      Image: imageTag('calico-node'),
      WorkingDir: '/run/rrlab',
      Env: [`RRLAB_IPV6=${this.dualStack ? 1 : 0}`],
      // NET_ADMIN for routes and veths, SYS_ADMIN for network namespaces and a writable /proc/sys
      // (per-interface proxy ARP), NET_RAW for ping; nothing else.
      capAdd: ['NET_ADMIN', 'NET_RAW', 'SYS_ADMIN'],
      securityOpt: ['seccomp=unconfined', 'apparmor=unconfined'],
      sysctls: {
        'net.ipv4.ip_forward': '1',
        'net.ipv4.conf.all.rp_filter': '0',
        'net.ipv4.conf.default.rp_filter': '0',
        ...(this.dualStack
          ? { 'net.ipv6.conf.all.disable_ipv6': '0', 'net.ipv6.conf.all.forwarding': '1' }
          : {}),
      },
    };
  }

  async waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    const sockets = ['bird.ctl', ...(this.dualStack ? ['bird6.ctl'] : [])].map((s) => join(this.folder, s));
    await this.daemons.connect(sockets, {
      logs,
      exited,
      exitedError: (log) =>
        new BirdConfigRejectedError(`BIRD on calico node "${this.name}" did not start:\n${log.trim()}`),
      timeoutMs: 60_000,
      lineTimeoutMs: 20_000,
    });
  }

  /** `configure` the daemons whose files changed (BIRD restarts only the protocols that changed). */
  async reconfigure(changedFiles: readonly string[]): Promise<void> {
    const [ipv4, ipv6] = this.daemons.clients;
    const jobs: Promise<unknown>[] = [];
    if (ipv4 && changedFiles.some((f) => IPV4_FILES.has(f))) jobs.push(ipv4.configure());
    if (ipv6 && changedFiles.some((f) => IPV6_FILES.has(f))) jobs.push(ipv6.configure());
    await Promise.all(jobs);
  }

  /** Wire workloads added while the node runs (one exec for all of them). */
  async wireWorkloads(added: readonly Workload[]): Promise<void> {
    await this.prepare();
    const { container } = this;
    if (!container || added.length === 0) return;
    const result = await containerRuntime().exec(container, wiringScript(added));
    if (result.exitCode !== 0)
      throw new Error(`wiring workloads on "${this.name}" failed:\n${result.output}`);
  }

  protected observeSessions(): Promise<BgpSessionView[]> {
    return this.daemons.sessions();
  }

  protected observeRoutes(): Promise<RouteView[]> {
    return this.daemons.routes();
  }

  diagnostics(): Promise<NodeDiagnostics> {
    return this.daemons.diagnostics();
  }

  async reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.close();
    await this.waitReady(logs, exited);
  }

  async close(): Promise<void> {
    await this.daemons.close();
  }
}
