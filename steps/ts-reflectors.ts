import { Given, When } from '@cucumber/cucumber';
import { ThenWithin } from '../support/then.js';
import type { RrlabWorld } from '../support/world.js';
import {
  askForRouteRefresh,
  declareTsReflectors,
  limitReflectorPrefixes,
  tsReflector,
  type PathView,
  type PeerView,
} from '../src/lab/index.js';

Given(
  'TypeScript route reflector(s) {names} with cluster ID {string}',
  async function (this: RrlabWorld, names: string[], clusterId: string) {
    await declareTsReflectors(this.lab, names, { clusterId });
  },
);

Given(
  'TypeScript route reflector(s) {names} with cluster ID {string} labelled {labels}',
  async function (this: RrlabWorld, names: string[], clusterId: string, labels: Record<string, string>) {
    await declareTsReflectors(this.lab, names, { clusterId, labels });
  },
);

Given(
  '{names} accepts/accept at most {int} prefix(es) per peer',
  function (this: RrlabWorld, names: string[], limit: number) {
    limitReflectorPrefixes(this.lab, names, limit);
  },
);

/** The address a step's second name stands for: a lab node's, or the text itself. */
async function addressOf(world: RrlabWorld, name: string): Promise<string> {
  return world.lab.hasNode(name) ? world.lab.node(name).address : name;
}

When(
  '{names} asks/ask {names} for a route refresh',
  async function (this: RrlabWorld, askers: string[], peers: string[]) {
    const lab = await this.runningLab();
    for (const asker of askers) for (const peer of peers) await askForRouteRefresh(lab, asker, peer);
  },
);

/**
 * For each reflector and each named peer, the reflector's view of its session with that peer, checked
 * by `problem` (undefined when it holds); a missing session is a problem of its own.
 */
async function peerViewProblems(
  world: RrlabWorld,
  reflectors: readonly string[],
  peers: readonly string[],
  problem: (view: PeerView, reflector: string, peer: string) => string | undefined,
): Promise<string[]> {
  const lab = await world.runningLab();
  const problems: string[] = [];
  for (const reflector of reflectors) {
    const views = await tsReflector(lab, reflector).api.peers();
    for (const peer of peers) {
      const address = await addressOf(world, peer);
      lab.checked.session(lab.node(reflector).address, address);
      const view = views.find((v) => v.address === address);
      const found =
        view === undefined
          ? `"${reflector}" has no session with "${peer}" (${address})`
          : problem(view, reflector, peer);
      if (found !== undefined) problems.push(found);
    }
  }
  return problems;
}

ThenWithin(
  '{names} has/have answered a route refresh from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    await this.untilNone(window, () =>
      peerViewProblems(this, reflectors, peers, (view, reflector, peer) =>
        view.counters.routeRefreshReceived < 1
          ? `"${reflector}" received no ROUTE-REFRESH request from "${peer}"`
          : undefined,
      ),
    );
  },
);

ThenWithin(
  '{names} has/have received an enhanced route refresh from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    await this.untilNone(window, () =>
      peerViewProblems(this, reflectors, peers, (view, reflector, peer) =>
        view.counters.beginRefreshReceived < 1 || view.counters.endRefreshReceived < 1
          ? `"${reflector}" got BoRR ${view.counters.beginRefreshReceived}, EoRR ${view.counters.endRefreshReceived} from "${peer}" (RFC 7313: expected both)`
          : undefined,
      ),
    );
  },
);

ThenWithin(
  '{names} has/have refused a connection from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    const lab = await this.runningLab();
    await this.untilNone(window, async () => {
      const problems: string[] = [];
      for (const reflector of reflectors) {
        const { refused } = await tsReflector(lab, reflector).api.status();
        for (const peer of peers) {
          const address = await addressOf(this, peer);
          if (!refused.some((r) => r.address === address))
            problems.push(
              `"${reflector}" refused no connection from "${peer}" (${address}); refused: ${refused.map((r) => `${r.address} ×${r.count}`).join(', ') || 'none'}`,
            );
        }
      }
      return problems;
    });
  },
);

ThenWithin(
  '{names} has/have come back from a graceful restart',
  async function (window, reflectors: string[]) {
    const lab = await this.runningLab();
    await this.untilNone(window, async () => {
      const problems: string[] = [];
      for (const reflector of reflectors) {
        const { gracefulRestart } = await tsReflector(lab, reflector).api.status();
        if (!gracefulRestart.restarted)
          problems.push(`"${reflector}" started cold, not as a restarting speaker (RFC 4724 §4.1)`);
        else if (gracefulRestart.selectionDeferred)
          problems.push(`"${reflector}" still defers route selection, waiting for End-of-RIB`);
      }
      return problems;
    });
  },
);

/** A path in a reflector's RIB, with its prefix. */
type HeldPath = { readonly prefix: string; readonly path: PathView };

/**
 * For each reflector (its RIB read once) and each named peer, the paths that came from the peer (its
 * IPv4 or IPv6 address) checked by `check`, which lists what is wrong with them.
 */
async function heldPathProblems(
  world: RrlabWorld,
  reflectors: readonly string[],
  peers: readonly string[],
  check: (paths: HeldPath[], reflector: string, peer: string) => string[],
): Promise<string[]> {
  const lab = await world.runningLab();
  const problems: string[] = [];
  for (const reflector of reflectors) {
    const routes = await tsReflector(lab, reflector).api.routes();
    for (const peer of peers) {
      const node = lab.hasNode(peer) ? lab.node(peer) : undefined;
      const addresses = new Set([
        node?.address ?? peer,
        ...(node?.address6 !== undefined ? [node.address6] : []),
      ]);
      const paths = routes.flatMap((entry) =>
        entry.paths
          .filter((path) => addresses.has(path.peer))
          .map((path) => ({ prefix: entry.prefix, path })),
      );
      for (const { prefix } of paths) lab.checked.route(reflector, prefix);
      problems.push(...check(paths, reflector, peer));
    }
  }
  return problems;
}

const prefixesOf = (paths: readonly HeldPath[]): string => paths.map(({ prefix }) => prefix).join(', ');

ThenWithin(
  '{names} keeps/keep the routes of {names} as stale',
  async function (window, reflectors: string[], peers: string[]) {
    await this.untilNone(window, () =>
      heldPathProblems(this, reflectors, peers, (paths, reflector, peer) => {
        if (paths.length === 0) return [`"${reflector}" holds no route from "${peer}"`];
        const fresh = paths.filter(({ path }) => !path.stale);
        return fresh.length === 0
          ? []
          : [`"${reflector}" holds routes from "${peer}" that are not stale: ${prefixesOf(fresh)}`];
      }),
    );
  },
);

ThenWithin(
  '{names} holds/hold no stale routes of {names}',
  async function (window, reflectors: string[], peers: string[]) {
    await this.untilNone(window, () =>
      heldPathProblems(this, reflectors, peers, (paths, reflector, peer) => {
        const stale = paths.filter(({ path }) => path.stale);
        return stale.length === 0
          ? []
          : [`"${reflector}" still holds stale routes from "${peer}": ${prefixesOf(stale)}`];
      }),
    );
  },
);
