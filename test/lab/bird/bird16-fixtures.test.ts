import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';

import { BirdConfigError } from '../../../src/lab/bird/bird-errors.js';
import { calicoNodeStatus } from '../../../src/lab/bird/calico-protocol-name.js';
import { decodeReplies } from '../../../src/lab/bird/decode-replies.js';
import type { BirdReply } from '../../../src/lab/bird/reply.js';
import { parseRouteCount } from '../../../src/lab/bird/route-count.js';
import { parseShowProtocolsAll } from '../../../src/lab/bird/show-protocols-all.js';
import { parseShowProtocols } from '../../../src/lab/bird/show-protocols.js';
import { parseShowRoute } from '../../../src/lab/bird/show-route.js';

const FIXTURES = new URL('../../../../test/fixtures/bird/bird16/', import.meta.url);

function reply(name: string): BirdReply {
  const replies = decodeReplies(readFileSync(new URL(`${name}.txt`, FIXTURES), 'utf8'));
  assert.equal(replies.length, 1, `${name} holds one reply`);
  return replies[0] as BirdReply;
}

describe('recorded BIRD 1.6.8 replies', () => {
  test('rr show protocols: reflector sessions up, the absent client refused', () => {
    const rows = parseShowProtocols(reply('rr--show-protocols'));
    assert.deepEqual(
      rows.map((row) => [row.name, row.state, row.bgp?.state, row.bgp?.error?.text]),
      [
        ['device1', 'up', undefined, undefined],
        ['loopback', 'up', undefined, undefined],
        ['s1', 'up', undefined, undefined],
        ['Node_127_0_0_12', 'up', 'Established', undefined],
        ['Node_127_0_0_13', 'up', 'Established', undefined],
        ['Node_127_0_0_14', 'start', 'Active', 'Socket: Connection refused'],
      ],
    );
    assert.deepEqual(
      calicoNodeStatus(rows, 4).map((peer) => [peer.peerAddress, peer.peerType, peer.info]),
      [
        ['127.0.0.12', 'node specific', 'Established'],
        ['127.0.0.13', 'node specific', 'Established'],
        ['127.0.0.14', 'node specific', 'Active Socket: Connection refused'],
      ],
    );
  });

  test('both ends of the wrong-AS mesh session, and a disabled peer', () => {
    const c1 = parseShowProtocols(reply('c1--show-protocols')).find((row) => row.name === 'Mesh_127_0_0_13');
    assert.deepEqual(c1?.bgp, {
      state: 'Idle',
      error: { class: 'notification-sent', message: 'Bad peer AS', text: 'BGP Error: Bad peer AS' },
    });
    const c2 = parseShowProtocols(reply('c2--show-protocols'));
    assert.equal(
      c2.find((row) => row.name === 'Mesh_127_0_0_12')?.bgp?.error?.class,
      'notification-received',
    );
    const disabled = c2.find((row) => row.name === 'Global_127_0_0_99');
    assert.equal(disabled?.state, 'down');
    assert.deepEqual(disabled?.bgp, { state: undefined, error: undefined });
  });

  test('rr show protocols all: route-reflector sessions with ADD-PATH, and the refused client', () => {
    const protocols = parseShowProtocolsAll(reply('rr--show-protocols-all'));
    assert.equal(protocols.length, 6);
    const client = protocols.find((protocol) => protocol.name === 'Node_127_0_0_12');
    assert.deepEqual(client?.bgpDetails?.session?.flags, [
      'multihop',
      'route-reflector',
      'AS4',
      'add-path-rx',
      'add-path-tx',
    ]);
    assert.equal(client?.bgpDetails?.session?.routeReflector, true);
    assert.ok(client?.bgpDetails?.neighborCaps?.includes('restart-able'));
    assert.equal(client?.bgpDetails?.sourceAddress, '127.0.0.11');
    assert.equal(client?.bgpDetails?.holdTimer?.configured, 240);
    assert.equal(client?.routes?.imported, 2);
    const refused = protocols.find((protocol) => protocol.name === 'Node_127_0_0_14');
    assert.deepEqual(refused?.bgpDetails?.connectDelay, { remaining: 1, configured: 1 });
    assert.equal(refused?.bgpDetails?.lastError?.text, 'Socket: Connection refused');
    assert.equal(refused?.bgpDetails?.neighborId, undefined);
    const device = protocols.find((protocol) => protocol.name === 'device1');
    assert.equal(device?.preference, 240);
    assert.equal(device?.bgpDetails, undefined);
    assert.deepEqual(
      parseShowProtocolsAll(reply('rr--show-protocols-all-Node_127_0_0_14')).map((protocol) => protocol.name),
      ['Node_127_0_0_14'],
    );
  });

  test('c2 show protocols all: client view without route-reflector, error wait, a down protocol', () => {
    const protocols = parseShowProtocolsAll(reply('c2--show-protocols-all'));
    const toRr = protocols.find((protocol) => protocol.name === 'Node_127_0_0_11');
    assert.equal(toRr?.bgpDetails?.session?.routeReflector, false);
    const mesh = protocols.find((protocol) => protocol.name === 'Mesh_127_0_0_12');
    assert.equal(mesh?.bgpDetails?.errorWait?.configured, 2);
    assert.equal(mesh?.bgpDetails?.lastError?.message, 'Bad peer AS');
    const down = protocols.find((protocol) => protocol.name === 'Global_127_0_0_99');
    assert.equal(down?.bgpDetails?.state, 'Down');
    assert.equal(down?.routes, undefined);
  });

  test('c2 show route all: reflected routes with attributes, communities across continuation lines', () => {
    const routes = parseShowRoute(reply('c2--show-route-all'));
    const fromC1 = routes.find((route) => route.prefix === '10.65.112.0/24');
    assert.equal(fromC1?.destination, 'unreachable');
    assert.equal(fromC1?.from, '127.0.0.11');
    assert.deepEqual(fromC1?.bgpSummary, { lastAs: 65012, origin: 'i' });
    const bgp = fromC1?.bgp;
    assert.deepEqual(bgp?.asPath, { segments: [{ type: 'sequence', asns: [65012] }], truncated: false });
    assert.equal(bgp?.med, 50);
    assert.equal(bgp?.localPref, 2147482623);
    assert.deepEqual(
      bgp?.communities,
      Array.from({ length: 45 }, (_, i) => [65000, 100 + i]),
    );
    assert.deepEqual(bgp?.extCommunities, [{ kind: 'rt', values: ['65000', '1'] }]);
    assert.deepEqual(bgp?.largeCommunities, [[65000, 1, 2]]);
    assert.equal(bgp?.originatorId, '10.0.0.12');
    assert.deepEqual(bgp?.clusterList, ['244.0.0.1']);
    const fromRr = routes.find((route) => route.prefix === '10.65.11.0/26');
    assert.equal(fromRr?.bgp?.originatorId, undefined, 'the reflector’s own route is not reflected');
    assert.equal(routes.find((route) => route.prefix === '10.65.13.0/26')?.destination, 'blackhole');
  });

  test('rr views: export listing, longest-prefix lookup, counts', () => {
    assert.deepEqual(
      parseShowRoute(reply('rr--show-route-export-Node_127_0_0_13')).map((route) => route.prefix),
      ['10.65.12.0/26', '10.65.11.0/26', '10.65.112.0/24'],
    );
    const [lookup] = parseShowRoute(reply('rr--show-route-for-10.65.112.1-all'));
    assert.equal(lookup?.prefix, '10.65.112.0/24');
    assert.equal(lookup?.bgp?.clusterList, undefined, 'learned straight from its originator');
    const count = reply('rr--show-route-count');
    assert.equal(count.code, 14);
    assert.deepEqual(parseRouteCount(count).total, { shown: 4, routes: 4, networks: 4, tables: 1 });
    assert.equal(parseRouteCount(reply('c2--show-route-count')).total.routes, 4);
    assert.equal(parseShowRoute(reply('rr--show-route-all')).length, 4);
  });

  test('error replies carry 8001, 8002 with file:line:column, 9001', () => {
    assert.deepEqual(reply('rr--show-route-for-192.0.2.1'), {
      code: 8001,
      lines: [{ code: 8001, text: 'Network not in table' }],
    });
    assert.equal(reply('rr--show-nonsense').code, 9001);
    const broken = reply('c1--configure-broken');
    assert.equal(broken.code, 8002);
    const error = new BirdConfigError('configure', broken.code, broken.lines[1]?.text ?? '', broken);
    assert.deepEqual(
      [error.file, error.line, error.column, error.birdMessage],
      ['/tmp/rrlab-bird16/broken.conf', 2, 42, 'syntax error'],
    );
  });
});
