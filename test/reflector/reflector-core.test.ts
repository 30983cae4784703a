import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrefix } from '../../src/bgp/codec/prefix.js';
import { NotificationCode } from '../../src/bgp/codec/messages.js';
import type { ReflectorAction } from '../../src/reflector/actions.js';
import {
  announce,
  client,
  endOfRib,
  external,
  externalWithoutPolicy,
  lines,
  makeCore,
  peerUp,
  recipients,
  threeClients,
} from './helpers.js';

describe('route refresh (RFC 2918, RFC 7313)', () => {
  test("RFC 7313 §4: a refresh request is answered with BoRR, the peer's view, EoRR", () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2', enhancedRefresh: true }));
    const actions = core.handle({
      type: 'route-refresh',
      peer: '10.0.1.2',
      refresh: { type: 'route-refresh', afi: 1, safi: 1, subtype: 0 },
    });
    const text = lines(core, actions);
    assert.equal(text.length, 3, text.join('\n'));
    assert.equal(text[0], 'send 10.0.1.2: route-refresh subtype 1');
    assert.match(text[1] ?? '', /^send 10\.0\.1\.2: announce 10\.65\.0\.0\/26 \|/);
    assert.equal(text[2], 'send 10.0.1.2: route-refresh subtype 2');
  });

  test('RFC 2918 §4: a refresh for a family the session does not carry is ignored', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle({
      type: 'route-refresh',
      peer: '10.0.1.2',
      refresh: { type: 'route-refresh', afi: 2, safi: 1, subtype: 0 },
    });
    assert.deepEqual(actions, []);
  });

  test("RFC 7313 §4: routes not re-advertised between the peer's BoRR and EoRR are withdrawn", () => {
    const core = threeClients();
    core.handle(announce('10.0.1.2', ['10.65.1.0/26', '10.65.1.64/26'], { nextHop: '10.0.1.2' }));
    core.handle(endOfRib('10.0.1.2'));
    const refresh = (subtype: number) =>
      ({
        type: 'route-refresh',
        peer: '10.0.1.2',
        refresh: { type: 'route-refresh', afi: 1, safi: 1, subtype },
      }) as const;
    const actions = core.handleBatch([
      refresh(1),
      announce('10.0.1.2', ['10.65.1.0/26'], { nextHop: '10.0.1.2' }),
      refresh(2),
    ]);
    assert.deepEqual(lines(core, actions), ['send 10.0.1.1 10.0.1.3: withdraw 10.65.1.64/26']);
  });
});

describe("an internal error while applying one peer's event", () => {
  // A host resolver that fails for one next hop: the core throws in the middle of that UPDATE.
  const failingResolver = (nextHop: Uint8Array): boolean => {
    if (nextHop[2] === 9) throw new Error('route lookup failed');
    return true;
  };

  test('RFC 4271 §6.7: only that peer is reset, with Cease 6/0; the rest of the batch still applies', () => {
    const core = makeCore([client('10.0.9.1'), client('10.0.1.2'), client('10.0.1.3')], {
      isNextHopReachable: failingResolver,
    });
    for (const peer of ['10.0.9.1', '10.0.1.2', '10.0.1.3']) core.handle(peerUp(peer, { bgpId: peer }));
    core.handle(announce('10.0.9.1', ['10.65.9.0/26'], { nextHop: '10.0.8.1' }));
    const actions = core.handleBatch([
      announce('10.0.9.1', ['10.65.9.64/26'], { nextHop: '10.0.9.1' }),
      announce('10.0.1.2', ['10.65.2.0/26'], { nextHop: '10.0.1.2' }),
    ]);
    const resets = actions.filter(
      (action): action is Extract<ReflectorAction, { type: 'reset-session' }> =>
        action.type === 'reset-session',
    );
    assert.equal(resets.length, 1);
    assert.equal(resets[0]?.peer, '10.0.9.1');
    assert.deepEqual(
      [resets[0]?.notification.code, resets[0]?.notification.subcode],
      [NotificationCode.Cease, 0],
    );
    assert.match(resets[0]?.internalError ?? '', /while handling update: Error: route lookup failed/);
    assert.equal(core.isUp('10.0.9.1'), false);
    assert.equal(core.isUp('10.0.1.2'), true);
    // The failed peer's earlier route leaves with its session; the other peer's route goes out.
    assert.deepEqual(lines(core, actions).slice(1).sort(), [
      'send 10.0.1.2 10.0.1.3: withdraw 10.65.9.0/26',
      'send 10.0.1.3: announce 10.65.2.0/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.2; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.1.2; CLUSTER_LIST: 244.0.0.1',
    ]);
    assert.equal(core.adjRibIn('10.0.9.1')?.count(257), 0);
  });

  test('RFC 4271 §6.7: the reset peer comes back and is served as on a first session', () => {
    const core = makeCore([client('10.0.9.1'), client('10.0.1.2')], { isNextHopReachable: failingResolver });
    core.handle(peerUp('10.0.9.1', { bgpId: '10.0.9.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
    core.handle(announce('10.0.1.2', ['10.65.2.0/26'], { nextHop: '10.0.1.2' }));
    core.handle(announce('10.0.9.1', ['10.65.9.0/26'], { nextHop: '10.0.9.1' }));
    // The session-down the daemon reports after the reset finds the core already done with it.
    const down = core.handle({
      type: 'peer-down',
      peer: '10.0.9.1',
      reason: { kind: 'socket', text: 'Connection closed' },
    });
    assert.deepEqual(down, []);
    const up = core.handle(peerUp('10.0.9.1', { bgpId: '10.0.9.1' }));
    assert.deepEqual(
      lines(core, up).map((line) => line.split(' | ')[0]),
      ['send 10.0.9.1: announce 10.65.2.0/26', 'send 10.0.9.1: end-of-rib ipv4'],
    );
  });
});

describe('RFC 8212: external peers without a policy', () => {
  test('RFC 8212 §3: routes from an eBGP peer with no import policy are not used', () => {
    const core = makeCore([externalWithoutPolicy('192.0.2.1', 65001), client('10.0.1.1')]);
    core.handle(peerUp('192.0.2.1', { bgpId: '192.0.2.1', asn: 65001 }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    const actions = core.handle(
      announce('192.0.2.1', ['198.51.100.0/24'], {
        nextHop: '192.0.2.1',
        asPath: [{ type: 2, asns: [65001] }],
      }),
    );
    assert.deepEqual(lines(core, actions), []);
    assert.equal(core.destination(parsePrefix('198.51.100.0/24'))?.candidates[0]?.ineligible, 'filtered');
  });

  test('RFC 8212 §3: nothing is advertised to an eBGP peer with no export policy', () => {
    const core = makeCore([externalWithoutPolicy('192.0.2.1', 65001), client('10.0.1.1')]);
    core.handle(peerUp('192.0.2.1', { bgpId: '192.0.2.1', asn: 65001 }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    const actions = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    assert.deepEqual([...recipients(actions)], []);
  });

  test('RFC 8212 §3: with explicit policies (import all, export all) the eBGP peer exchanges routes', () => {
    const core = makeCore([external('192.0.2.1', 65001), client('10.0.1.1')]);
    core.handle(peerUp('192.0.2.1', { bgpId: '192.0.2.1', asn: 65001 }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    assert.deepEqual(
      [...recipients(core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' })))],
      ['192.0.2.1'],
    );
    const fromExternal = core.handle(
      announce('192.0.2.1', ['198.51.100.0/24'], {
        nextHop: '192.0.2.1',
        asPath: [{ type: 2, asns: [65001] }],
      }),
    );
    assert.deepEqual([...recipients(fromExternal)], ['10.0.1.1']);
  });

  test('RFC 8212 does not apply to internal peers: a client without policies gets every route', () => {
    const core = threeClients();
    const actions = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    assert.deepEqual([...recipients(actions)].sort(), ['10.0.1.2', '10.0.1.3']);
  });
});
