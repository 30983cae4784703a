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
  endOfRib,
  external,
  externalWithoutPolicy,
  ip,
  lines,
  makeCore,
  nonClient,
  peerUp,
  recipients,
} from './helpers.js';

const socketDown = (peer: string) =>
  ({ type: 'peer-down', peer, reason: { kind: 'socket', text: 'Connection closed' } }) as const;

function threeClients(extra: Parameters<typeof client>[1] = {}) {
  const core = makeCore([client('10.0.1.1', extra), client('10.0.1.2'), client('10.0.1.3')]);
  const gr = { seconds: 120, forwarding: true };
  core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: gr }));
  core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
  core.handle(peerUp('10.0.1.3', { bgpId: '10.0.1.3' }));
  return core;
}

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

describe('graceful restart helper (RFC 4724 §4.2)', () => {
  test("RFC 4724 §4.2: a GR peer's routes stay (stale) when its TCP session drops, and the restart timer starts", () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle(socketDown('10.0.1.1'));
    assert.deepEqual(lines(core, actions), ['start-timer 10.0.1.1: restart 120s']);
    assert.equal(core.destination(parsePrefix('10.65.0.0/26'))?.best?.route.stale, true);
  });

  test('RFC 4724 §4.2: stale routes go when the restart timer runs out', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    core.handle(socketDown('10.0.1.1'));
    const actions = core.handle({ type: 'timer-expired', peer: '10.0.1.1', timer: 'restart' });
    assert.deepEqual(lines(core, actions), [
      'log 10.0.1.1: restart timer expired: stale routes removed',
      'send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26',
    ]);
  });

  test('RFC 4724 §4.2: back with F=1, stale routes stay until End-of-RIB, then those not re-advertised go', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1' }));
    core.handle(socketDown('10.0.1.1'));
    const up = core.handle(
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: { seconds: 120, forwarding: true } }),
    );
    assert.deepEqual(lines(core, up), [
      'stop-timer 10.0.1.1: restart',
      'start-timer 10.0.1.1: stale 360s',
      'send 10.0.1.1: end-of-rib ipv4',
    ]);
    const again = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    assert.deepEqual(again, [], 'the same route again changes nothing for the others');
    assert.equal(core.destination(parsePrefix('10.65.0.0/26'))?.best?.route.stale, false);
    const eor = core.handle(endOfRib('10.0.1.1'));
    assert.deepEqual(lines(core, eor), [
      'stop-timer 10.0.1.1: stale',
      'send 10.0.1.2 10.0.1.3: withdraw 10.65.0.64/26',
    ]);
  });

  test('RFC 4724 §4.2: down again before its End-of-RIB: older stale routes go, the stale timer stops', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1' }));
    core.handle(socketDown('10.0.1.1'));
    core.handle(
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: { seconds: 120, forwarding: true } }),
    );
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle(socketDown('10.0.1.1'));
    assert.deepEqual(lines(core, actions), [
      'stop-timer 10.0.1.1: stale',
      'start-timer 10.0.1.1: restart 120s',
      'send 10.0.1.2 10.0.1.3: withdraw 10.65.0.64/26',
    ]);
    assert.equal(core.destination(parsePrefix('10.65.0.0/26'))?.best?.route.stale, true);
  });

  test('RFC 4724 §4.2: back without the F bit, stale routes go at once', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    core.handle(socketDown('10.0.1.1'));
    const up = core.handle(
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: { seconds: 120, forwarding: false } }),
    );
    assert.deepEqual(lines(core, up), [
      'stop-timer 10.0.1.1: restart',
      'send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26',
      'send 10.0.1.1: end-of-rib ipv4',
    ]);
  });

  test('RFC 8538 §3: a NOTIFICATION without the N bit on both sides ends the routes at once', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle({
      type: 'peer-down',
      peer: '10.0.1.1',
      reason: {
        kind: 'notification-received',
        notification: { type: 'notification', code: 4, subcode: 0, data: new Uint8Array() },
      },
    });
    assert.deepEqual(lines(core, actions), ['send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26']);
  });

  test('RFC 4724 §4.2: a peer without the capability has its routes withdrawn when the session drops', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.2', ['10.65.1.0/26'], { nextHop: '10.0.1.2' }));
    assert.deepEqual(lines(core, core.handle(socketDown('10.0.1.2'))), [
      'send 10.0.1.1 10.0.1.3: withdraw 10.65.1.0/26',
    ]);
  });

  test('RFC 4724 §4.2: a new OPEN while the old session is up is a restart, not a withdrawal', () => {
    const core = threeClients();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handle(
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: { seconds: 120, forwarding: true } }),
    );
    assert.equal(
      lines(core, actions).some((line) => line.includes('withdraw')),
      false,
    );
    assert.equal(core.destination(parsePrefix('10.65.0.0/26'))?.best?.route.stale, true);
  });
});

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

describe('graceful restart, the restarting speaker (RFC 4724 §4.1)', () => {
  const gr = { seconds: 120, forwarding: true };
  function restartedCore() {
    return makeCore([client('10.0.1.1'), client('10.0.1.2'), client('10.0.1.3')], {
      selectionDeferralSeconds: 90,
    });
  }

  test('RFC 4724 §4.1: a restarted reflector starts the Selection_Deferral_Timer', () => {
    const core = restartedCore();
    assert.equal(core.deferring, true);
    assert.deepEqual(lines(core, core.startActions()), ['start-timer : selection-deferral 90s']);
    assert.deepEqual(makeCore([client('10.0.1.1')]).startActions(), [], 'a cold start defers nothing');
  });

  test('RFC 4724 §4.1: nothing is advertised until every peer has sent End-of-RIB; then routes, then End-of-RIB', () => {
    const core = restartedCore();
    const quiet = [
      peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: gr }),
      peerUp('10.0.1.2', { bgpId: '10.0.1.2', gracefulRestart: gr }),
      peerUp('10.0.1.3', { bgpId: '10.0.1.3', gracefulRestart: gr }),
      announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }),
      endOfRib('10.0.1.1'),
      announce('10.0.1.2', ['10.65.0.64/26'], { nextHop: '10.0.1.2' }),
      endOfRib('10.0.1.2'),
    ].flatMap((event) => core.handle(event));
    assert.deepEqual(quiet, [], 'no route and no End-of-RIB while a peer has not finished');
    assert.ok(core.destination(parsePrefix('10.65.0.0/26'))?.best, 'selection still shows the best path');
    const done = lines(core, core.handle(endOfRib('10.0.1.3')));
    assert.equal(core.deferring, false);
    assert.deepEqual(done, [
      'stop-timer : selection-deferral',
      'log: route selection deferral ended: End-of-RIB received from every peer',
      'send 10.0.1.2 10.0.1.3: announce 10.65.0.0/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.1; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.1.1; CLUSTER_LIST: 244.0.0.1',
      'send 10.0.1.1 10.0.1.3: announce 10.65.0.64/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.2; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.1.2; CLUSTER_LIST: 244.0.0.1',
      'send 10.0.1.1: end-of-rib ipv4',
      'send 10.0.1.2: end-of-rib ipv4',
      'send 10.0.1.3: end-of-rib ipv4',
    ]);
  });

  test('RFC 4724 §4.1: the Selection_Deferral_Timer ends the wait for a peer that never sends End-of-RIB', () => {
    const core = restartedCore();
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: gr }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2', gracefulRestart: gr }));
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    assert.equal(core.deferring, true, 'peer 10.0.1.3 is configured but not up: it is waited for');
    const actions = core.handle({ type: 'timer-expired', peer: '', timer: 'selection-deferral' });
    assert.equal(core.deferring, false);
    assert.deepEqual(lines(core, actions), [
      'stop-timer : selection-deferral',
      'log: route selection deferral ended: the selection deferral timer expired',
      'send 10.0.1.2: announce 10.65.0.0/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.1; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.1.1; CLUSTER_LIST: 244.0.0.1',
      'send 10.0.1.1: end-of-rib ipv4',
      'send 10.0.1.2: end-of-rib ipv4',
    ]);
  });

  test('RFC 4724 §4.1: peers without the capability, or restarting themselves (R bit), are not waited for', () => {
    const core = restartedCore();
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2', gracefulRestart: { ...gr, restarting: true } }));
    assert.equal(core.deferring, true);
    core.handle(peerUp('10.0.1.3', { bgpId: '10.0.1.3', gracefulRestart: gr }));
    const actions = core.handle(endOfRib('10.0.1.3'));
    assert.equal(core.deferring, false);
    assert.deepEqual(recipients(actions), new Set(['10.0.1.1', '10.0.1.2', '10.0.1.3']));
  });

  test('RFC 4724 §4.1: after the deferral a peer that comes up is served at once, as on a cold start', () => {
    const core = restartedCore();
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    core.handle({ type: 'timer-expired', peer: '', timer: 'selection-deferral' });
    const up = core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2', gracefulRestart: gr }));
    assert.deepEqual(lines(core, up), ['send 10.0.1.2: end-of-rib ipv4']);
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
