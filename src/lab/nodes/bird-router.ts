import { join } from 'node:path';
import { BirdControlClient } from '../bird/control-client.js';
import { imageTag } from '../images/catalog.js';
import { BirdObserver } from '../observe/bird-observer.js';
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
  private observer: BirdObserver | undefined;

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
    const socket = join(this.folder, 'bird.ctl');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      try {
        const client = await BirdControlClient.connect(socket, { timeoutMs: 1000, lineTimeoutMs: 10_000 });
        this.observer = new BirdObserver(this.name, [client]);
        return;
      } catch {
        if (await exited()) {
          const text = await logs();
          const birdLine =
            text.split('\n').find((l) => /bird: .*bird\.conf:\d+/.test(l)) ??
            text.trim().split('\n').pop() ??
            '';
          throw new BirdConfigRejectedError(this.describeConfigError(birdLine));
        }
        // The client retries a missing socket itself; this paces attempts that failed outright.
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`BIRD on "${this.name}" did not open its control socket within 30 s\n${await logs()}`);
  }

  private requireObserver(): BirdObserver {
    if (!this.observer) throw new Error(`"${this.name}" is not running`);
    return this.observer;
  }

  protected observeSessions(): Promise<BgpSessionView[]> {
    return this.requireObserver().sessions();
  }

  protected observeRoutes(): Promise<RouteView[]> {
    return this.requireObserver().routes();
  }

  async diagnostics(): Promise<NodeDiagnostics> {
    const sections = this.observer ? await this.observer.diagnostics() : [];
    return sections.length > 0 ? { sections } : { sections: [{ title: 'observer', text: 'not running' }] };
  }

  async reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void> {
    await this.close();
    await this.waitReady(logs, exited);
  }

  async close(): Promise<void> {
    await this.observer?.close();
    this.observer = undefined;
  }
}
