import { assert } from 'chai';
import { ThenWithin } from '../support/then.js';
import type { DataTable } from '@cucumber/cucumber';
import {
  calicoNodeStatus,
  eventually,
  nodesMatching,
  pairsOf,
  sessionMismatches,
  sessionReasonMismatches,
  unestablishedConfiguredSessions,
} from '../src/lab/index.js';

ThenWithin(
  '{names} has/have (an )established BGP session(s) with {names}',
  async function (window, left: string[], right: string[]) {
    const lab = await this.runningLab();
    await this.untilNone(window, () => sessionMismatches(lab, pairsOf(left, right), 'established'));
  },
);

ThenWithin(
  '{names} has/have no BGP session(s) with {names}',
  async function (window, left: string[], right: string[]) {
    const lab = await this.runningLab();
    await this.neverAny(window, () => sessionMismatches(lab, pairsOf(left, right), 'none'));
  },
);

ThenWithin(
  '{names} says/say {string} of its/their session(s) with {names}',
  async function (window, reporters: string[], text: string, peers: string[]) {
    const lab = await this.runningLab();
    await this.untilNone(window, () => sessionReasonMismatches(lab, pairsOf(reporters, peers), text));
  },
);

ThenWithin(
  'every node matching {string} has/have (an )established BGP session(s) with every node matching {string}',
  async function (window, leftSelector: string, rightSelector: string) {
    const lab = await this.runningLab();
    const pairs = pairsOf(nodesMatching(lab, leftSelector), nodesMatching(lab, rightSelector));
    assert.isNotEmpty(pairs, `no two distinct nodes match "${leftSelector}" and "${rightSelector}"`);
    await this.untilNone(window, () => sessionMismatches(lab, pairs, 'established'));
  },
);

ThenWithin(
  'every node matching {string} has/have exactly {int} established BGP session(s)',
  async function (window, selector: string, expected: number) {
    const lab = await this.runningLab();
    const nodes = nodesMatching(lab, selector);
    assert.isNotEmpty(nodes, `no node matches "${selector}"`);
    await this.untilNone(window, async () => {
      const wrong: string[] = [];
      await Promise.all(
        nodes.map(async (name) => {
          const node = lab.node(name);
          const sessions = await node.sessions();
          for (const s of sessions) {
            const own = s.neighborAddress.includes(':') ? (node.address6 ?? node.address) : node.address;
            lab.checked.session(own, s.neighborAddress);
          }
          const established = sessions.filter((s) => s.state === 'Established');
          if (established.length !== expected) {
            wrong.push(`"${name}" has ${established.length} established session(s), expected ${expected}`);
          }
        }),
      );
      return wrong.sort();
    });
  },
);

ThenWithin('all configured BGP sessions are established', async function (window) {
  const lab = await this.runningLab();
  await this.untilNone(window, () => unestablishedConfiguredSessions(lab));
});

ThenWithin(
  'calico node(s) {names} show(s) BGP peers:',
  async function (window, nodes: string[], table: DataTable) {
    const lab = await this.runningLab();
    const rows = table.hashes();
    for (const node of nodes) {
      for (const { peer } of rows) {
        lab.checked.session(lab.node(node).address, lab.hasNode(peer!) ? lab.node(peer!).address : peer!);
      }
    }
    const expected = rows.map((row) => `${row.peer} | ${row.type} | ${row.state}`);
    await eventually(
      async () => {
        for (const node of nodes) {
          const seen = (await calicoNodeStatus(lab, node)).map(
            (row) => `${row.peer} | ${row.type} | ${row.state}`,
          );
          assert.deepEqual(
            [...seen].sort(),
            [...expected].sort(),
            `calico node "${node}": BGP peers (peer | type | state)`,
          );
        }
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
    );
  },
);
