import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrefix } from '../../src/bgp/codec/prefix.js';
import { AsPathSegmentType, CeaseSubcode, NotificationCode } from '../../src/bgp/codec/messages.js';
import type { ReflectorAction } from '../../src/reflector/actions.js';
import { asPathLoops, clusterListLoops, originatorIdLoops } from '../../src/reflector/loop-prevention.js';
import {
  CLUSTER_ID,
  LOCAL_AS,
  RR_ID,
  announce,
  client,
  external,
  ip,
  lines,
  makeCore,
  nonClient,
  peerUp,
  recipients,
  threeClients,
} from './helpers.js';

describe('loop prevention (RFC 4456 §8)', () => {
  test('RFC 4456 §8: predicates see our CLUSTER_ID in CLUSTER_LIST and our BGP Identifier as ORIGINATOR_ID', () => {
    assert.equal(clusterListLoops({ clusterList: [ip('1.1.1.1'), CLUSTER_ID] }, CLUSTER_ID), true);
    assert.equal(clusterListLoops({ clusterList: [ip('1.1.1.1')] }, CLUSTER_ID), false);
    assert.equal(clusterListLoops({}, CLUSTER_ID), false);
    assert.equal(originatorIdLoops({ originatorId: RR_ID }, RR_ID), true);
    assert.equal(originatorIdLoops({ originatorId: ip('10.0.1.1') }, RR_ID), false);
  });

  for (const [name, attributes] of [
    ['own CLUSTER_ID in CLUSTER_LIST', { clusterList: [ip('244.0.0.9'), CLUSTER_ID] }],
    ['own router ID as ORIGINATOR_ID', { originatorId: RR_ID }],
  ] as const) {
    test(`RFC 4456 §8: a route with ${name} is treated as a withdrawal of the peer's earlier route`, () => {
      const core = makeCore([nonClient('10.0.2.1'), client('10.0.1.1')]);
      core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' }));
      core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
      core.handle(announce('10.0.2.1', ['10.66.0.0/24'], { nextHop: '10.0.2.1' }));
      const actions = core.handle(
        announce('10.0.2.1', ['10.66.0.0/24'], { nextHop: '10.0.2.1', ...attributes }),
      );
      assert.deepEqual(lines(core, actions), ['send 10.0.1.1: withdraw 10.66.0.0/24']);
      assert.equal(core.destination(parsePrefix('10.66.0.0/24')), undefined);
    });
  }

  test('RFC 4456 §8: a looping route for a new prefix is not stored and sends nothing', () => {
    const core = makeCore([nonClient('10.0.2.1'), client('10.0.1.1')]);
    core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    const actions = core.handle(
      announce('10.0.2.1', ['10.66.0.0/24'], { nextHop: '10.0.2.1', clusterList: [CLUSTER_ID] }),
    );
    assert.deepEqual(actions, []);
    assert.equal(core.adjRibIn('10.0.2.1')?.count(256 + 1), 0);
  });
});

describe('import (RFC 4271 §9.1, RFC 7606)', () => {
  test('RFC 4271 §9.1.2: a route with our AS in its AS_PATH is kept but never chosen', () => {
    const core = threeClients();
    const asPath = [{ type: AsPathSegmentType.AsSequence, asns: [65001, LOCAL_AS] }];
    const actions = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', asPath }));
    assert.deepEqual(actions, []);
    const destination = core.destination(parsePrefix('10.65.0.0/26'));
    assert.equal(destination?.candidates[0]?.ineligible, 'as-loop');
    assert.equal(destination?.best, undefined);
  });

  test('RFC 4271 §5.1.3: a route whose NEXT_HOP is our own address is not chosen', () => {
    const core = threeClients();
    const actions = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.0.100' }));
    assert.deepEqual(actions, []);
    assert.equal(
      core.destination(parsePrefix('10.65.0.0/26'))?.candidates[0]?.ineligible,
      'unusable-next-hop',
    );
  });

  test('RFC 4271 §9.1.2.1: a host resolver can declare next hops unreachable', () => {
    const core = makeCore([client('10.0.1.1'), client('10.0.1.2')], {
      isNextHopReachable: (nextHop) => nextHop[2] !== 9,
    });
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
    assert.deepEqual(core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.9.1' })), []);
    assert.equal(
      recipients(core.handle(announce('10.0.1.1', ['10.65.1.0/26'], { nextHop: '10.0.1.1' }))).size,
      1,
    );
  });

  test('RFC 7606 §2: treat-as-withdraw removes the prefixes the UPDATE announced', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const event = announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' });
    const actions = core.handle({ ...event, treatAsWithdraw: true } as typeof event);
    assert.deepEqual(lines(core, actions), ['send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26']);
  });

  test('RFC 4271 §5.1.5: a missing LOCAL_PREF from an internal peer becomes the default (100)', () => {
    const core = threeClients();
    const text = lines(core, core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' })));
    assert.match(text[0] ?? '', /LOCAL_PREF: 100;/);
  });

  test('RFC 4271 §9.1.2.2(d): an eBGP route beats an iBGP one and is advertised to clients and non-clients', () => {
    const core = makeCore([external('192.0.2.1', 65001), client('10.0.1.1'), nonClient('10.0.2.1')]);
    core.handle(peerUp('192.0.2.1', { bgpId: '192.0.2.1', asn: 65001 }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' }));
    core.handle(
      announce('10.0.1.1', ['198.51.100.0/24'], {
        nextHop: '10.0.1.1',
        asPath: [{ type: 2, asns: [65001] }],
      }),
    );
    const actions = core.handle(
      announce('192.0.2.1', ['198.51.100.0/24'], {
        nextHop: '192.0.2.1',
        asPath: [{ type: 2, asns: [65001] }],
      }),
    );
    assert.equal(core.destination(parsePrefix('198.51.100.0/24'))?.best?.reason, 'Peer Type');
    const text = lines(core, actions);
    assert.ok(
      text.some(
        (line) =>
          line.startsWith('send 10.0.1.1: announce 198.51.100.0/24 | ') &&
          line.includes('NEXT_HOP: 192.0.2.1; LOCAL_PREF: 100'),
      ),
      text.join('\n'),
    );
    assert.ok(
      text.some(
        (line) =>
          line.startsWith('send 10.0.2.1: announce 198.51.100.0/24 | ') && !line.includes('ORIGINATOR_ID'),
      ),
      text.join('\n'),
    );
  });
});

describe('maximum prefixes (RFC 4486 §4)', () => {
  test('RFC 4486 §4: exceeding the limit ends the session with Cease 6/1 and withdraws its routes', () => {
    const core = makeCore([client('10.0.1.1', { maxPrefixes: 2 }), client('10.0.1.2')]);
    core.handle(
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: { seconds: 120, forwarding: true } }),
    );
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
    core.handle(announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle(announce('10.0.1.1', ['10.65.0.128/26'], { nextHop: '10.0.1.1' }));
    const reset = actions.find(
      (action): action is Extract<ReflectorAction, { type: 'reset-session' }> =>
        action.type === 'reset-session',
    );
    assert.ok(reset);
    assert.equal(reset.peer, '10.0.1.1');
    assert.equal(reset.notification.code, NotificationCode.Cease);
    assert.equal(reset.notification.subcode, CeaseSubcode.MaximumNumberOfPrefixesReached);
    // AFI 1, SAFI 1, upper bound 2.
    assert.deepEqual([...reset.notification.data], [0, 1, 1, 0, 0, 0, 2]);
    assert.deepEqual(lines(core, actions).slice(1), ['send 10.0.1.2: withdraw 10.65.0.0/26 10.65.0.64/26']);
    assert.equal(core.isUp('10.0.1.1'), false);
    assert.equal(core.adjRibIn('10.0.1.1')?.count(257), 0, 'no stale routes kept: we sent a NOTIFICATION');
  });

  test('RFC 4486 §4: at the limit the session stays up', () => {
    const core = makeCore([client('10.0.1.1', { maxPrefixes: 2 }), client('10.0.1.2')]);
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    const actions = core.handle(
      announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1' }),
    );
    assert.equal(
      actions.some((action) => action.type === 'reset-session'),
      false,
    );
    assert.equal(core.isUp('10.0.1.1'), true);
  });
});

describe('allow local as (Calico numAllowedLocalASNumbers)', () => {
  const looped = { asPath: [{ type: AsPathSegmentType.AsSequence, asns: [65001, LOCAL_AS, 65002] }] };

  test('RFC 4271 §9.1.2: our AS once in AS_PATH is a loop by default; allowing one occurrence accepts it', () => {
    assert.equal(asPathLoops(looped, LOCAL_AS), true);
    assert.equal(asPathLoops(looped, LOCAL_AS, 1), false);
    const twice = { asPath: [{ type: AsPathSegmentType.AsSequence, asns: [LOCAL_AS, 65001, LOCAL_AS] }] };
    assert.equal(asPathLoops(twice, LOCAL_AS, 1), true);
  });

  test('an eBGP peer with allowLocalAs 1 has its route with our AS used and reflected', () => {
    const core = makeCore([external('192.0.2.1', 65001, { allowLocalAs: 1 }), client('10.0.1.1')]);
    core.handle(peerUp('192.0.2.1', { bgpId: '192.0.2.1', asn: 65001 }));
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    const actions = core.handle(
      announce('192.0.2.1', ['198.51.100.0/24'], {
        nextHop: '192.0.2.1',
        asPath: [{ type: 2, asns: [65001, LOCAL_AS] }],
      }),
    );
    assert.deepEqual([...recipients(actions)], ['10.0.1.1']);
  });
});
