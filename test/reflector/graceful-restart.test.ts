import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrefix } from '../../src/bgp/codec/prefix.js';
import {
  announce,
  client,
  endOfRib,
  lines,
  makeCore,
  peerUp,
  recipients,
  socketDown,
  threeClients,
} from './helpers.js';

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
