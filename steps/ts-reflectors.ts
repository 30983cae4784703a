import { Given, When } from '@cucumber/cucumber';
import { assert } from 'chai';
import { eventually } from '../src/lab/eventually.js';
import { askForRouteRefresh, declareTsReflectors, tsReflector } from '../src/lab/nodes/ts-reflector.js';
import { ThenWithin } from '../support/then.js';
import type { RrlabWorld } from '../support/world.js';

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

ThenWithin(
  '{names} has/have answered a route refresh from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    const lab = await this.runningLab();
    await eventually(
      async () => {
        const problems: string[] = [];
        for (const reflector of reflectors) {
          const views = await tsReflector(lab, reflector).api.peers();
          for (const peer of peers) {
            const address = await addressOf(this, peer);
            const view = views.find((v) => v.address === address);
            if (view === undefined)
              problems.push(`"${reflector}" has no session with "${peer}" (${address})`);
            else if (view.counters.routeRefreshReceived < 1)
              problems.push(`"${reflector}" received no ROUTE-REFRESH request from "${peer}"`);
          }
        }
        assert.isEmpty(problems, problems.join('\n'));
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
    );
  },
);

ThenWithin(
  '{names} has/have received an enhanced route refresh from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    const lab = await this.runningLab();
    await eventually(
      async () => {
        const problems: string[] = [];
        for (const reflector of reflectors) {
          const views = await tsReflector(lab, reflector).api.peers();
          for (const peer of peers) {
            const address = await addressOf(this, peer);
            const view = views.find((v) => v.address === address);
            if (view === undefined)
              problems.push(`"${reflector}" has no session with "${peer}" (${address})`);
            else if (view.counters.beginRefreshReceived < 1 || view.counters.endRefreshReceived < 1)
              problems.push(
                `"${reflector}" got BoRR ${view.counters.beginRefreshReceived}, EoRR ${view.counters.endRefreshReceived} from "${peer}" (RFC 7313: expected both)`,
              );
          }
        }
        assert.isEmpty(problems, problems.join('\n'));
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
    );
  },
);

ThenWithin(
  '{names} has/have refused a connection from {names}',
  async function (window, reflectors: string[], peers: string[]) {
    const lab = await this.runningLab();
    await eventually(
      async () => {
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
        assert.isEmpty(problems, problems.join('\n'));
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
    );
  },
);
