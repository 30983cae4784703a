import { assert, expect } from 'chai';
import type { RrlabWorld } from '../support/world.js';
import { ThenWithin, type ThenWindow } from '../support/then.js';
import {
  bestRoute,
  bgpPrefixCount,
  eventually,
  learnMismatches,
  nodesMatching,
  type RouteTarget,
  type RouteView,
} from '../src/lab/index.js';

ThenWithin('{names} learn(s) {route}', async function (window, nodes: string[], target: RouteTarget) {
  const lab = await this.runningLab();
  await this.untilNone(window, () => learnMismatches(lab, nodes, [target], true));
});

ThenWithin(
  '{names} does/do not learn {route}',
  async function (window, nodes: string[], target: RouteTarget) {
    const lab = await this.runningLab();
    await this.neverAny(window, () => learnMismatches(lab, nodes, [target], false));
  },
);

ThenWithin('{names} has/have {int} BGP route(s)', async function (window, nodes: string[], expected: number) {
  const lab = await this.runningLab();
  await this.untilNone(window, async () => {
    const wrong: string[] = [];
    for (const node of nodes) {
      const { count, prefixes } = await bgpPrefixCount(lab, node);
      if (count !== expected)
        wrong.push(
          `"${node}" has ${count} BGP route(s), expected ${expected}: ${prefixes.slice(0, 20).join(' ')}`,
        );
    }
    return wrong;
  });
});

/**
 * Attribute steps: on each node, the best route to each prefix of the target, checked until all
 * hold or the window ends. A node is not asked about its own workload block (STEPS.md: where both
 * sides name the same node, that pair is skipped).
 */
function attributeStep<Argument = undefined>(
  phrase: string,
  check: (
    this: RrlabWorld,
    route: RouteView,
    origin: string | undefined,
    argument: Argument,
  ) => Promise<void> | void,
) {
  ThenWithin(
    `on {names} the route(s) to {route} ${phrase}`,
    async function (window: ThenWindow, nodes: string[], target: RouteTarget, argument: Argument) {
      const lab = await this.runningLab();
      const origins: (string | undefined)[] = target.kind === 'workload-blocks' ? target.nodes : [undefined];
      await eventually(
        async () => {
          let checked = 0;
          for (const node of nodes) {
            for (const origin of origins) {
              if (origin === node) continue;
              const one: RouteTarget =
                origin === undefined ? target : { kind: 'workload-blocks', nodes: [origin] };
              const route = await bestRoute(lab, node, one);
              expect(
                route.bgp,
                `"${node}": the best route to ${route.prefix} is not a BGP route (from ${route.protocol})`,
              ).to.not.equal(undefined);
              await check.call(this, route, origin, argument);
              checked++;
            }
          }
          assert.isAbove(checked, 0, "no route to check: every node named is the route's own origin");
        },
        { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
      );
    },
  );
}

/**
 * The node(s) an attribute names for a route: one name is that node; a range that holds the route's
 * origin (`the workload blocks of "c-{1..3}" … of "c-{1..3}"`) is the origin itself; any other range
 * is any of its nodes.
 */
function expectedNodes(names: readonly string[], origin: string | undefined): readonly string[] {
  if (names.length > 1 && origin !== undefined && names.includes(origin)) return [origin];
  return names;
}

attributeStep<string>('has/have CLUSTER_LIST {string}', function (route, _origin, expected) {
  const want = expected.trim().split(/\s+/).filter(Boolean);
  expect(route.bgp!.clusterList, `"${route.node}" ${route.prefix}: CLUSTER_LIST`).to.deep.equal(want);
});

attributeStep('has/have no CLUSTER_LIST', function (route) {
  expect(route.bgp!.clusterList, `"${route.node}" ${route.prefix}: expected no CLUSTER_LIST`).to.equal(
    undefined,
  );
});

attributeStep<string[]>('has/have ORIGINATOR_ID of {names}', async function (route, origin, originators) {
  const lab = await this.runningLab();
  const names = expectedNodes(originators, origin);
  const want = names.map((name) => (lab.hasNode(name) ? lab.node(name).routerId : name));
  expect(
    want,
    `"${route.node}" ${route.prefix}: ORIGINATOR_ID ${route.bgp!.originatorId ?? '(none)'}, expected the router ID of ${names.map((n) => `"${n}"`).join(' or ')}`,
  ).to.include(route.bgp!.originatorId);
});

attributeStep<string[]>('has/have next hop of {names}', async function (route, origin, hops) {
  const lab = await this.runningLab();
  const names = expectedNodes(hops, origin);
  const want = names.map((name) => (lab.hasNode(name) ? lab.node(name).address : name));
  expect(
    want,
    `"${route.node}" ${route.prefix}: NEXT_HOP ${route.bgp!.nextHop}, expected the address of ${names.map((n) => `"${n}"`).join(' or ')}`,
  ).to.include(route.bgp!.nextHop);
});

attributeStep<string>('has/have AS path {string}', function (route, _origin, expected) {
  expect(route.bgp!.asPath, `"${route.node}" ${route.prefix}: AS_PATH`).to.equal(
    expected.trim().split(/\s+/).join(' '),
  );
});

ThenWithin(
  'every calico node learn(s) the workload blocks of every other calico node',
  async function (window) {
    const lab = await this.runningLab();
    const hosts = lab
      .calicoNodes()
      .filter((n) => n.workloads.length > 0)
      .map((n) => n.name);
    const nodes = lab.calicoNodes().map((n) => n.name);
    await this.untilNone(window, () =>
      learnMismatches(lab, nodes, [{ kind: 'workload-blocks', nodes: hosts }], true),
    );
  },
);

ThenWithin(
  'every node matching {string} learn(s) the workload block(s) of every node matching {string}',
  async function (window, learners: string, origins: string) {
    const lab = await this.runningLab();
    const nodes = nodesMatching(lab, learners);
    // Only nodes with an affine block have a workload block to learn (a standalone reflector has none).
    const hosts = nodesMatching(lab, origins).filter(
      (n) => lab.node(n).kind === 'calico-node' && lab.calico.blocksOf(n).length > 0,
    );
    assert.isNotEmpty(nodes, `no node matches "${learners}"`);
    await this.untilNone(window, () =>
      learnMismatches(lab, nodes, [{ kind: 'workload-blocks', nodes: hosts }], true),
    );
  },
);
