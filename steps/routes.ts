import { assert, expect } from 'chai';
import { eventually } from '../src/lab/eventually.js';
import { bestRoute, bgpPrefixCount, learnMismatches } from '../src/lab/checks/route-checks.js';
import type { RouteTarget } from '../src/lab/observe/route-target.js';
import type { RouteView } from '../src/lab/observe/views.js';
import type { RrlabWorld } from '../support/world.js';
import { ThenWithin, type ThenWindow } from '../support/then.js';
import { nodesMatching } from '../src/lab/checks/select-nodes.js';

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

/** Attribute steps: the node's best route for the target, checked until it holds or the window ends. */
function attributeStep(
  phrase: string,
  check: (this: RrlabWorld, route: RouteView, ...args: string[]) => Promise<void> | void,
) {
  ThenWithin(
    `on {name} the route to {route} ${phrase}`,
    async function (window: ThenWindow, node: string, target: RouteTarget, ...args: string[]) {
      const lab = await this.runningLab();
      await eventually(
        async () => {
          const route = await bestRoute(lab, node, target);
          expect(
            route.bgp,
            `"${node}": the best route to ${route.prefix} is not a BGP route (from ${route.protocol})`,
          ).to.not.equal(undefined);
          await check.call(this, route, ...args);
        },
        { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
      );
    },
  );
}

attributeStep('has CLUSTER_LIST {string}', function (route, expected) {
  const want = expected!.trim().split(/\s+/).filter(Boolean);
  expect(route.bgp!.clusterList, `"${route.node}" ${route.prefix}: CLUSTER_LIST`).to.deep.equal(want);
});

attributeStep('has no CLUSTER_LIST', function (route) {
  expect(route.bgp!.clusterList, `"${route.node}" ${route.prefix}: expected no CLUSTER_LIST`).to.equal(
    undefined,
  );
});

attributeStep('has ORIGINATOR_ID of {name}', async function (route, originator) {
  const lab = await this.runningLab();
  const want = lab.hasNode(originator!) ? lab.node(originator!).routerId : originator!;
  expect(
    route.bgp!.originatorId,
    `"${route.node}" ${route.prefix}: ORIGINATOR_ID (router ID of "${originator}")`,
  ).to.equal(want);
});

attributeStep('has next hop of {name}', async function (route, hop) {
  const lab = await this.runningLab();
  const want = lab.hasNode(hop!) ? lab.node(hop!).address : hop!;
  expect(route.bgp!.nextHop, `"${route.node}" ${route.prefix}: NEXT_HOP (address of "${hop}")`).to.equal(
    want,
  );
});

attributeStep('has AS path {string}', function (route, expected) {
  expect(route.bgp!.asPath, `"${route.node}" ${route.prefix}: AS_PATH`).to.equal(
    expected!.trim().split(/\s+/).join(' '),
  );
});

ThenWithin(
  'every calico node learns the workload blocks of every other calico node',
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
  'every node matching {string} learns the workload blocks of every node matching {string}',
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
