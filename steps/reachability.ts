import { Given } from '@cucumber/cucumber';
import { assert } from 'chai';
import type { RrlabWorld } from '../support/world.js';
import { ThenWithin, type ThenWindow } from '../support/then.js';
import {
  ContinuousPing,
  nodesMatching,
  probePairs,
  ReachabilityMatrix,
  type Lab,
  type Workload,
} from '../src/lab/index.js';

function workloadPairs(lab: Lab, from: readonly string[], to: readonly string[]): [Workload, Workload][] {
  const sources = from.map((id) => lab.workload(id));
  const targets = to.map((id) => lab.workload(id));
  return sources.flatMap((a) =>
    targets.filter((b) => b.id !== a.id).map((b) => [a, b] as [Workload, Workload]),
  );
}

async function expectReachable(world: RrlabWorld, pairs: [Workload, Workload][], window: ThenWindow) {
  const lab = await world.runningLab();
  assert.isNotEmpty(pairs, 'no pair of distinct workloads to probe');
  const matrix = new ReachabilityMatrix(lab, pairs);
  await world.untilNone(window, async () => (await matrix.unreachable()).map((r) => `${r.from} → ${r.to}`), {
    intervalMs: 1000,
    describe: (failed) =>
      `${failed.length} of ${pairs.length} pair(s) cannot reach each other: ${failed.slice(0, 20).join(', ')}${failed.length > 20 ? ', …' : ''}`,
  });
}

ThenWithin(
  'workload(s) {names} can reach workload(s) {names}',
  async function (window, from: string[], to: string[]) {
    const lab = await this.runningLab();
    await expectReachable(this, workloadPairs(lab, from, to), window);
  },
);

ThenWithin(
  'workload(s) {names} cannot reach workload(s) {names}',
  async function (window, from: string[], to: string[]) {
    const lab = await this.runningLab();
    const pairs = workloadPairs(lab, from, to);
    assert.isNotEmpty(pairs, 'no pair of distinct workloads to probe');
    await this.neverAny(
      window,
      async () => (await probePairs(lab, pairs)).filter((r) => r.reachable).map((r) => `${r.from} → ${r.to}`),
      { intervalMs: 1000, describe: (reached) => `reachable, expected not: ${reached.join(', ')}` },
    );
  },
);

ThenWithin('every workload can reach every other workload', async function (window) {
  const lab = await this.runningLab();
  const all = lab.workloads().map((w) => w.id);
  await expectReachable(this, workloadPairs(lab, all, all), window);
});

ThenWithin(
  'every workload on nodes matching {string} can reach every workload on nodes matching {string}',
  async function (window, fromSelector: string, toSelector: string) {
    const lab = await this.runningLab();
    const on = (selector: string) => {
      const nodes = new Set(nodesMatching(lab, selector));
      return lab
        .workloads()
        .filter((w) => nodes.has(w.node))
        .map((w) => w.id);
    };
    await expectReachable(this, workloadPairs(lab, on(fromSelector), on(toSelector)), window);
  },
);

Given(
  '(a )continuous ping(s) from workload(s) {names} to workload(s) {names}',
  async function (this: RrlabWorld, from: string[], to: string[]) {
    const lab = await this.runningLab();
    const pairs = workloadPairs(lab, from, to);
    // Lost packets count from the first request: start only once the pairs reach, or the verdict
    // measures how long the lab took to come up rather than the change the scenario makes.
    await expectReachable(this, pairs, { timeoutMs: undefined });
    await Promise.all(
      pairs.map(async ([source, target]) => {
        const node = lab.calicoNode(source.node);
        this.continuousPings.set(
          `${source.id} ${target.id}`,
          await ContinuousPing.start(node.startedContainer(), source, target),
        );
      }),
    );
  },
);

ThenWithin(
  'the continuous ping(s) from workload(s) {names} to workload(s) {names} lost at most {int} consecutive packet(s)',
  async function (_window, from: string[], to: string[], allowed: number) {
    const lab = await this.runningLab();
    const verdicts = await Promise.all(
      workloadPairs(lab, from, to).map(async ([source, target]) => {
        const key = `${source.id} ${target.id}`;
        const ping = this.continuousPings.get(key);
        assert.isDefined(
          ping,
          `no continuous ping from "${source.id}" to "${target.id}" was started in this scenario`,
        );
        this.continuousPings.delete(key);
        return { source, target, verdict: await ping!.stop() };
      }),
    );
    assert.isNotEmpty(verdicts, 'no pair of distinct workloads was named');
    for (const { source, target, verdict } of verdicts) {
      assert.isAtLeast(
        verdict.sent,
        1,
        `the continuous ping from "${source.id}" to "${target.id}" sent nothing`,
      );
      assert.isAtMost(
        verdict.maxConsecutiveLost,
        allowed,
        `the continuous ping from "${source.id}" to "${target.id}" lost ${verdict.maxConsecutiveLost} consecutive packets (${verdict.received} of ${verdict.sent} answered)`,
      );
    }
  },
);
