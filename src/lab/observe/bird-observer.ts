import type { BirdControlClient } from '../bird/control-client.js';
import { parseShowProtocolsAll } from '../bird/show-protocols-all.js';
import { parseShowRoute, type BirdRoute } from '../bird/index.js';
import { formatAsPath } from './format-as-path.js';
import type { BgpSessionView, RouteView } from './views.js';

/**
 * Sessions and routes of a node, read from its BIRD daemons over their control sockets (one client
 * per daemon: `bird` and `bird6` for BIRD 1.6, one for BIRD 2), as kind-neutral views.
 */
export class BirdObserver {
  constructor(
    private readonly node: string,
    private readonly clients: readonly BirdControlClient[],
  ) {}

  async sessions(): Promise<BgpSessionView[]> {
    const replies = await Promise.all(this.clients.map((c) => c.command('show protocols all')));
    return replies.flatMap((reply) =>
      parseShowProtocolsAll(reply)
        .filter((p) => p.proto === 'BGP')
        .map((p) => ({
          node: this.node,
          protocol: p.name,
          neighborAddress: p.bgpDetails?.neighborAddress ?? '',
          neighborAs: p.bgpDetails?.neighborAs,
          state: p.bgp?.state ?? p.bgpDetails?.state ?? 'Down',
          info: p.bgp?.error?.text ?? '',
        })),
    );
  }

  async routes(): Promise<RouteView[]> {
    const replies = await Promise.all(this.clients.map((c) => c.command('show route all')));
    return replies.flatMap((reply) => parseShowRoute(reply).map((route) => this.view(route)));
  }

  private view(route: BirdRoute): RouteView {
    const bgp = route.bgp;
    return {
      node: this.node,
      prefix: route.prefix,
      protocol: route.protocol,
      source: route.type?.source ?? '',
      primary: route.primary,
      bgp:
        route.type?.source === 'BGP' && bgp
          ? {
              origin: bgp.origin,
              asPath: bgp.asPath ? formatAsPath(bgp.asPath) : '',
              nextHop: bgp.nextHop?.[0],
              localPref: bgp.localPref,
              med: bgp.med,
              originatorId: bgp.originatorId,
              clusterList: bgp.clusterList,
              communities: (bgp.communities ?? []).map(([a, b]) => `(${a},${b})`),
            }
          : undefined,
    };
  }

  /** `show protocols all` and `show route all` of every daemon, as BIRD printed them. */
  async diagnostics(): Promise<{ title: string; text: string }[]> {
    const sections: { title: string; text: string }[] = [];
    for (const [index, client] of this.clients.entries()) {
      const daemon = this.clients.length > 1 ? (index === 0 ? 'bird' : 'bird6') : 'bird';
      for (const command of ['show protocols all', 'show route all']) {
        try {
          const reply = await client.command(command);
          sections.push({ title: `${daemon}: ${command}`, text: reply.lines.map((l) => l.text).join('\n') });
        } catch (error) {
          sections.push({ title: `${daemon}: ${command}`, text: `failed: ${String(error)}` });
        }
      }
    }
    return sections;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.clients.map((c) => c.close()));
  }
}
