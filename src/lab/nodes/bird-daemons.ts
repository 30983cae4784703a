import { BirdControlClient } from '../bird/control-client.js';
import { BirdObserver } from '../observe/bird-observer.js';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import type { NodeDiagnostics } from './lab-node.js';

/** Between connection attempts that failed outright (the client retries a missing socket itself). */
const RETRY_PAUSE_MS = 50;

export interface BirdStartWatch {
  /** The container's log. */
  readonly logs: () => Promise<string>;
  /** Whether the container has exited (never waits). */
  readonly exited: () => Promise<boolean>;
  /** The error for daemons whose container exited before they answered, from its log. */
  readonly exitedError: (log: string) => Error;
  readonly timeoutMs: number;
  /** How long one command's reply may take once connected. */
  readonly lineTimeoutMs: number;
}

/**
 * A node's BIRD daemons as the lab sees them, one control socket each: connected once they answer,
 * observed (sessions, routes, diagnostics) through those sockets, and let go when the node stops.
 * Calico nodes (bird, and bird6 when dual-stack) and BIRD routers share it.
 */
export class BirdDaemons {
  private observer: BirdObserver | undefined;
  #clients: BirdControlClient[] = [];

  /** `what` names the node in messages: `calico node "a"`, `"r1"`. */
  constructor(
    private readonly nodeName: string,
    private readonly what: string,
  ) {}

  /** The control-socket clients, in the order their sockets were given; none while not connected. */
  get clients(): readonly BirdControlClient[] {
    return this.#clients;
  }

  async connect(sockets: readonly string[], watch: BirdStartWatch): Promise<void> {
    const deadline = Date.now() + watch.timeoutMs;
    const clients: BirdControlClient[] = [];
    for (const socket of sockets) {
      for (;;) {
        try {
          clients.push(
            await BirdControlClient.connect(socket, { timeoutMs: 1000, lineTimeoutMs: watch.lineTimeoutMs }),
          );
          break;
        } catch {
          if (await watch.exited()) throw watch.exitedError(await watch.logs());
          if (Date.now() > deadline) {
            await Promise.allSettled(clients.map((c) => c.close()));
            throw new Error(
              `BIRD on ${this.what} did not open ${socket} within ${watch.timeoutMs / 1000} s\n${await watch.logs()}`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS));
        }
      }
    }
    this.#clients = clients;
    this.observer = new BirdObserver(this.nodeName, clients);
  }

  private requireObserver(): BirdObserver {
    if (!this.observer) throw new Error(`${this.what} is not running`);
    return this.observer;
  }

  sessions(): Promise<BgpSessionView[]> {
    return this.requireObserver().sessions();
  }

  routes(): Promise<RouteView[]> {
    return this.requireObserver().routes();
  }

  async diagnostics(): Promise<NodeDiagnostics> {
    const sections = this.observer ? await this.observer.diagnostics() : [];
    return { sections: sections.length > 0 ? sections : [{ title: 'observer', text: 'not running' }] };
  }

  async close(): Promise<void> {
    await this.observer?.close();
    this.observer = undefined;
    this.#clients = [];
  }
}
