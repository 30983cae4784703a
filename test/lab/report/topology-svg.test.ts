import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeNames, renderTopologySvg } from '../../../src/lab/report/topology-svg.js';
import type { Topology } from '../../../src/lab/report/topology.js';

function reflectorsWithClients(clients: number, downClient?: string): Topology {
  const names = Array.from({ length: clients }, (_, i) => `client-${i + 1}`);
  return {
    nodes: [
      { name: 'rr-1', kind: 'calico-node', clusterId: '224.0.0.1' },
      { name: 'ts-rr-2', kind: 'ts-reflector', clusterId: '224.0.0.1' },
      ...names.map((name) => ({ name, kind: 'calico-node', clusterId: undefined })),
    ],
    sessions: names.flatMap((name) =>
      ['rr-1', 'ts-rr-2'].map((rr) => ({
        from: rr,
        to: name,
        state: name === downClient && rr === 'rr-1' ? ('down' as const) : ('established' as const),
        reflectsToClient: true,
      })),
    ),
  };
}

const count = (svg: string, pattern: RegExp): number => (svg.match(pattern) ?? []).length;

describe('the topology picture', () => {
  test('a small lab: one box per node, one line per session, arrows from reflector to client', async () => {
    const svg = await renderTopologySvg(reflectorsWithClients(3));
    assert.match(svg, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.equal(count(svg, /<g class="node /g), 5);
    assert.equal(count(svg, /<polyline class="session established"/g), 6);
    assert.equal(count(svg, /marker-end="url\(#arrow\)"/g), 6);
    assert.match(svg, /cluster 224\.0\.0\.1/);
  });

  test('a large lab collapses clients with the same neighbours into one box with a count', async () => {
    const svg = await renderTopologySvg(reflectorsWithClients(200, 'client-7'));
    assert.equal(count(svg, /<g class="node /g), 3);
    assert.match(svg, /data-members="200"/);
    assert.match(svg, />client-\{1\.\.200\}</);
    assert.match(svg, />200 × calico node</);
    // One of rr-1's 200 sessions is down: its line is drawn as down, with how many are up.
    assert.match(svg, /<polyline class="session down"/);
    assert.match(svg, />199\/200 up</);
    assert.match(svg, />200\/200 up</);
  });

  test('the nodes a failing step named are outlined', async () => {
    const svg = await renderTopologySvg(reflectorsWithClients(2), { highlight: new Set(['rr-1']) });
    assert.equal(count(svg, /class="node [a-z-]+ highlighted"/g), 1);
    assert.match(svg, /stroke="#c62828" stroke-width="3"/);
  });

  test('refused connections are drawn, and names are escaped', async () => {
    const svg = await renderTopologySvg({
      nodes: [
        { name: 'ts-rr-1', kind: 'ts-reflector', clusterId: '224.0.0.1' },
        { name: 'stranger<&>', kind: 'bird-router', clusterId: undefined },
      ],
      sessions: [{ from: 'ts-rr-1', to: 'stranger<&>', state: 'refused', reflectsToClient: false }],
    });
    assert.match(svg, /<polyline class="session refused"/);
    assert.match(svg, /stranger&lt;&amp;&gt;/);
  });

  test('names: a range where they are consecutive, else the first and a count', () => {
    assert.equal(describeNames(['c-3', 'c-1', 'c-2']), 'c-{1..3}');
    assert.equal(describeNames(['c-1', 'c-3']), 'c-1 … (2)');
    assert.equal(describeNames(['tor']), 'tor');
  });
});
