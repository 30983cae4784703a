import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseShowRoute } from '../../../src/lab/bird/show-route.js';
import { loadSamples, samplesTitled } from './samples.js';

const bird16 = loadSamples('bird16-samples.txt');
const bird2 = loadSamples('bird2-samples.txt');
const missing = 'shared BIRD samples not found in /work/shared/reference/bird-samples';

describe('parseShowRoute on the BIRD 1.6.8 samples', { skip: bird16 ? false : missing }, () => {
  const [plain] = samplesTitled(bird16 ?? [], '1.6 show route all');
  const routes = parseShowRoute(plain?.text ?? '');

  test('finds every route with its destination, protocol and preference', () => {
    assert.deepEqual(
      routes.map((route) => [
        route.prefix,
        route.destination,
        route.protocol,
        route.primary,
        route.preference,
      ]),
      [
        ['0.0.0.0/0', 'unicast', 'kernel1', true, 10],
        ['10.65.4.0/26', 'blackhole', 's1', true, 200],
        ['10.65.2.0/26', 'unicast', 'Node_127_0_0_1', true, 100],
        ['10.65.3.0/26', 'unicast', 'Node_127_0_0_1', true, 100],
      ],
    );
  });

  test('reads the 1.6 via text into a next hop and keeps kernel attributes by name', () => {
    const kernel = routes[0];
    assert.deepEqual(kernel?.nextHops, [
      { gateway: '198.51.100.1', interface: 'eth0', weight: undefined, flags: [] },
    ]);
    assert.equal(kernel?.destinationText, 'via 198.51.100.1 on eth0');
    assert.deepEqual(kernel?.type, { source: 'inherit', cast: 'unicast', scope: 'univ' });
    assert.deepEqual(kernel?.attributes, [
      { protocol: 'Kernel', name: 'source', value: '3' },
      { protocol: 'Kernel', name: 'metric', value: '0' },
    ]);
    assert.equal(kernel?.bgp, undefined);
    assert.equal(kernel?.from, undefined);
  });

  test('reads a reflected route: from, summary, empty AS path, ORIGINATOR_ID and CLUSTER_LIST', () => {
    const reflected = routes[2];
    assert.equal(reflected?.from, '127.0.0.1');
    assert.equal(reflected?.since, '13:48:17');
    assert.equal(reflected?.info, '(100/?) [i]');
    assert.deepEqual(reflected?.bgpSummary, { lastAs: undefined, origin: 'i' });
    assert.deepEqual(reflected?.type, { source: 'BGP', cast: 'unicast', scope: 'univ' });
    assert.deepEqual(reflected?.bgp, {
      atomicAggregate: false,
      other: [],
      origin: 'IGP',
      asPath: { segments: [], truncated: false },
      nextHop: ['127.0.0.2'],
      localPref: 100,
      originatorId: '10.0.0.2',
      clusterList: ['244.0.0.1'],
    });
    assert.equal(routes[3]?.bgp?.originatorId, '10.0.0.3');
  });

  test('the coded capture decodes to codes 1007, 1008, 1012 and parses alike', () => {
    const [coded] = samplesTitled(bird16 ?? [], '1.6 -v show route all');
    assert.ok(coded?.reply);
    assert.deepEqual(
      coded.reply.lines.slice(0, 4).map((line) => line.code),
      [1007, 1008, 1012, 1012],
    );
    const [route] = parseShowRoute(coded.reply);
    assert.deepEqual(route, routes[2]);
  });
});

describe('parseShowRoute on the BIRD 2.0.12 samples', { skip: bird2 ? false : missing }, () => {
  test('c3: table heading, 2.x destinations and Type lines', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'c3: show route all');
    const routes = parseShowRoute(sample?.text ?? '');
    assert.deepEqual(
      routes.map((route) => [route.table, route.prefix, route.destination, route.protocol, route.from]),
      [
        ['master4', '10.65.3.0/26', 'blackhole', 's1', undefined],
        ['master4', '10.65.2.0/26', 'unreachable', 'rr1', '127.0.0.1'],
      ],
    );
    assert.equal(routes[0]?.since, '13:47:42.288');
    assert.deepEqual(routes[1]?.type, { source: 'BGP', cast: undefined, scope: 'univ' });
    assert.deepEqual(routes[1]?.bgp?.clusterList, ['244.0.0.1']);
    assert.equal(routes[1]?.bgp?.originatorId, '10.0.0.2');
  });

  test('rr: routes learned straight from their originators carry no reflection attributes', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'rr: show route all');
    const routes = parseShowRoute(sample?.text ?? '');
    assert.equal(routes.length, 2);
    for (const route of routes) {
      assert.equal(route.bgp?.originatorId, undefined);
      assert.equal(route.bgp?.clusterList, undefined);
      assert.equal(route.bgp?.localPref, 100);
    }
  });

  test('the coded 2.x capture: the route line continues the 1007 table heading', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'c3 -v show route all');
    assert.ok(sample?.reply);
    assert.deepEqual(sample.reply.lines[0], { code: 1007, text: 'Table master4:' });
    assert.equal(sample.reply.lines[1]?.code, 1007);
    const [route] = parseShowRoute(sample.reply);
    assert.equal(route?.table, 'master4');
    assert.equal(route?.prefix, '10.65.2.0/26');
    assert.deepEqual(route?.bgp?.clusterList, ['244.0.0.1']);
  });

  test('a route line without details (show route, not all) parses alone', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'c3 view');
    const [route] = parseShowRoute(sample?.text ?? '');
    assert.equal(route?.prefix, '10.65.4.0/26');
    assert.equal(route?.type, undefined);
    assert.deepEqual(route?.attributes, []);
    assert.equal(route?.bgp, undefined);
  });
});

describe('parseShowRoute on hand-written listings', () => {
  test('every BGP attribute kind, community continuation lines and unknown attributes', () => {
    const text = [
      '10.65.9.0/26       via 10.0.0.9 on eth0 [Mesh_10_0_0_9 12:00:00] * (100) [AS65009?]',
      '\tType: BGP unicast univ',
      '\tBGP.origin: Incomplete',
      '\tBGP.as_path: 65001 {65002 65003} (65010 65011) ({65020}) 65009',
      '\tBGP.next_hop: 10.0.0.9',
      '\tBGP.med: 50',
      '\tBGP.local_pref: 2147482623',
      '\tBGP.atomic_aggr: ',
      '\tBGP.aggregator: 10.0.0.1 AS65000',
      '\tBGP.community: (65000,100) (65535,65282)',
      '\t\t(65000,101)',
      '\tBGP.originator_id: 10.0.0.2',
      '\tBGP.cluster_list: 244.0.0.1 10.0.0.9',
      '\tBGP.ext_community: (rt, 65000, 1) (generic, 0x43000000, 0x1)',
      '\tBGP.large_community: (65000, 1, 2)',
      '\tBGP.otc: 65009',
      '\tBGP.fe: 01 02 03',
      '',
    ].join('\n');
    const [route] = parseShowRoute(text);
    assert.deepEqual(route?.bgpSummary, { lastAs: 65009, origin: '?' });
    assert.equal(route?.from, undefined);
    assert.deepEqual(route?.bgp, {
      atomicAggregate: true,
      origin: 'Incomplete',
      asPath: {
        segments: [
          { type: 'sequence', asns: [65001] },
          { type: 'set', asns: [65002, 65003] },
          { type: 'confed-sequence', asns: [65010, 65011] },
          { type: 'confed-set', asns: [65020] },
          { type: 'sequence', asns: [65009] },
        ],
        truncated: false,
      },
      nextHop: ['10.0.0.9'],
      med: 50,
      localPref: 2147482623,
      aggregator: { address: '10.0.0.1', as: 65000 },
      communities: [
        [65000, 100],
        [65535, 65282],
        [65000, 101],
      ],
      originatorId: '10.0.0.2',
      clusterList: ['244.0.0.1', '10.0.0.9'],
      extCommunities: [
        { kind: 'rt', values: ['65000', '1'] },
        { kind: 'generic', values: ['0x43000000', '0x1'] },
      ],
      largeCommunities: [[65000, 1, 2]],
      other: [
        { name: 'otc', value: '65009' },
        { name: 'fe', value: '01 02 03' },
      ],
    });
  });

  test('1.6: further routes of a network have a blank prefix; multipath hops follow the line', () => {
    const text = [
      '10.65.9.0/26       multipath [static1 12:00:00] * (200)',
      '\tvia 10.0.0.1 on eth0 weight 1',
      '\tvia 10.0.0.2 on eth1 weight 2',
      '                   via 10.0.0.3 on eth0 [Mesh_10_0_0_3 12:00:01] (100) [i]',
      '10.65.8.0/26       dev eth0 [direct1 12:00:00] ! (240)',
      '',
    ].join('\n');
    const routes = parseShowRoute(text);
    assert.deepEqual(
      routes.map((route) => [route.prefix, route.protocol, route.primary, route.syncError]),
      [
        ['10.65.9.0/26', 'static1', true, false],
        ['10.65.9.0/26', 'Mesh_10_0_0_3', false, false],
        ['10.65.8.0/26', 'direct1', false, true],
      ],
    );
    assert.deepEqual(
      routes[0]?.nextHops.map((hop) => [hop.gateway, hop.interface, hop.weight]),
      [
        ['10.0.0.1', 'eth0', 1],
        ['10.0.0.2', 'eth1', 2],
      ],
    );
    assert.deepEqual(routes[2]?.nextHops, [
      { gateway: undefined, interface: 'eth0', weight: undefined, flags: [] },
    ]);
  });

  test('2.x: unicast routes list next hops with flags; tables separate with a blank line', () => {
    const text = [
      'Table master4:',
      '10.65.9.0/26         unicast [bgp1 12:00:00.123 from 10.0.0.1] * (100/10) [AS65001i]',
      '\tvia 10.0.0.9 on eth0 mpls 100/200 onlink',
      '\tType: BGP univ',
      '\tBGP.as_path: 65001',
      '',
      'Table master6:',
      'fd00::/64            unreachable [static6 12:00:00.123] * (200)',
      '\tType: static univ',
      '',
    ].join('\n');
    const routes = parseShowRoute(text);
    assert.deepEqual(
      routes.map((route) => [route.table, route.prefix, route.destination]),
      [
        ['master4', '10.65.9.0/26', 'unicast'],
        ['master6', 'fd00::/64', 'unreachable'],
      ],
    );
    assert.deepEqual(routes[0]?.nextHops, [
      { gateway: '10.0.0.9', interface: 'eth0', weight: undefined, flags: ['mpls 100/200', 'onlink'] },
    ]);
    assert.deepEqual(routes[0]?.bgpSummary, { lastAs: 65001, origin: 'i' });
  });

  test('malformed lines are reported with their text', () => {
    assert.throws(() => parseShowRoute('this is not a route\n'), /this is not a route/);
    assert.throws(() => parseShowRoute('\tBGP.origin: IGP\n'), /before any route/);
    assert.throws(
      () => parseShowRoute('10.0.0.0/8 blackhole [s1 12:00:00] * (200)\n\tBGP.origin: Sideways\n'),
      /Sideways/,
    );
  });
});
