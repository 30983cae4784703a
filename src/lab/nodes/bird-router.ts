import { join } from 'node:path';
import { imageTag } from '../images/catalog.js';
import { BirdDaemons } from './bird-daemons.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import { HandConfiguredNode } from './hand-configured-node.js';
import type { NodeDiagnostics } from './lab-node.js';

export const BIRD_ROUTER_CONFIG = 'bird.conf';

export class BirdConfigRejectedError extends Error {
  override name = 'BirdConfigRejectedError';
}

/**
 * A plain BIRD 2 router outside the Calico cluster. rrlab supplies the router ID (the lab address),
 * `protocol device` and a kernel protocol that installs BGP-learned routes, so packets follow what
 * BGP taught; the scenario's docstring supplies everything else.
 */
export class BirdRouter extends HandConfiguredNode {
  protected readonly configFile = BIRD_ROUTER_CONFIG;
  readonly kind = 'bird-router' as const;
  private readonly daemons = new BirdDaemons(this.name, `"${this.name}"`);

  /** The lines rrlab puts before the docstring; kept apart so BIRD's line numbers can be mapped back. */
  protected header(): string[] {
    return [
      `# rrlab: BIRD router "${this.name}" in AS ${this.asNumber}`,
      `router id ${this.address};`,
      'log stderr all;',
      'protocol device { scan time 10; }',
      'protocol kernel {',
      '  ipv4 { import none; export where source = RTS_BGP; };',
      '}',
      "# --- the scenario's configuration ---",
    ];
  }

  containerOptions() {
    return {
      Image: imageTag('bird'),
      WorkingDir: '/run/rrlab',
      capAdd: ['NET_ADMIN', 'NET_RAW'],
    };
  }

  /** `bird.conf:12:3 syntax error` → the same error located in the scenario's docstring. */
  describeConfigError(birdMessage: string): string {
    const located = /bird\.conf:(\d+):(\d+)\s*(.*)$/m.exec(birdMessage);
    if (!located) return `BIRD rejected the configuration of "${this.name}": ${birdMessage.trim()}`;
    const line = Number(located[1]) - this.header().length;
    const where =
      line >= 1 ? `line ${line} of its configuration docstring` : `rrlab's header line ${located[1]}`;
    return `BIRD rejected the configuration of "${this.name}" at ${where}, column ${located[2]}: ${located[3]}`;
  }

  async waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.daemons.connect([join(this.folder, 'bird.ctl')], {
      logs,
      exited,
      exitedError: (log) => {
        const birdLine =
          log.split('\n').find((l) => /bird: .*bird\.conf:\d+/.test(l)) ?? log.trim().split('\n').pop() ?? '';
        return new BirdConfigRejectedError(this.describeConfigError(birdLine));
      },
      timeoutMs: 30_000,
      lineTimeoutMs: 10_000,
    });
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
