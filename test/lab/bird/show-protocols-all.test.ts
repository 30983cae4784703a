import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { parseShowProtocolsAll } from '../../../src/lab/bird/show-protocols-all.js';
import { loadSamples, samplesTitled } from './samples.js';

const bird16 = loadSamples('bird16-samples.txt');
const bird2 = loadSamples('bird2-samples.txt');
const missing = 'shared BIRD samples not found in /work/shared/reference/bird-samples';

describe('parseShowProtocolsAll on the BIRD 1.6.8 sample', { skip: bird16 ? false : missing }, () => {
  const [sample] = samplesTitled(bird16 ?? [], '1.6 show protocols all');
  const [protocol] = parseShowProtocolsAll(sample?.text ?? '');

  test('protocol-level lines: description, preference, filters, routes and change stats', () => {
    assert.equal(protocol?.name, 'Node_127_0_0_1');
    assert.equal(protocol?.description, 'Connection to BGP peer');
    assert.equal(protocol?.preference, 100);
    assert.equal(protocol?.inputFilter, 'ACCEPT');
    assert.equal(protocol?.outputFilter, '(unnamed)');
    assert.deepEqual(protocol?.routes, { imported: 2, exported: 1, preferred: 2, filtered: undefined });
    assert.deepEqual(protocol?.routeChangeStats?.exportUpdates, {
      received: 4,
      rejected: 2,
      filtered: 1,
      ignored: null,
      accepted: 1,
    });
    assert.deepEqual(protocol?.routeChangeStats?.importWithdraws, {
      received: 0,
      rejected: 0,
      filtered: null,
      ignored: 0,
      accepted: 0,
    });
    assert.deepEqual(protocol?.channels, []);
  });

  test('the BGP block: neighbour, one-line caps, session flags, timers in whole seconds', () => {
    const bgp = protocol?.bgpDetails;
    assert.equal(bgp?.state, 'Established');
    assert.equal(bgp?.neighborAddress, '127.0.0.1');
    assert.equal(bgp?.neighborInterface, undefined);
    assert.equal(bgp?.neighborAs, 65000);
    assert.equal(bgp?.localAs, undefined);
    assert.equal(bgp?.neighborId, '10.0.0.1');
    assert.deepEqual(bgp?.neighborCaps, [
      'refresh',
      'enhanced-refresh',
      'restart-aware',
      'llgr-aware',
      'AS4',
    ]);
    assert.equal(bgp?.neighborCapabilities, undefined);
    assert.deepEqual(bgp?.session, {
      type: 'internal',
      flags: ['multihop', 'AS4'],
      multihop: true,
      routeReflector: false,
      routeServer: false,
      as4: true,
      addPathRx: false,
      addPathTx: false,
    });
    assert.equal(bgp?.sourceAddress, '127.0.0.4');
    assert.deepEqual(bgp?.holdTimer, { remaining: 186, configured: 240 });
    assert.deepEqual(bgp?.keepaliveTimer, { remaining: 67, configured: 80 });
    assert.equal(bgp?.lastError, undefined);
    assert.equal(bgp?.neighborGracefulRestartActive, false);
  });
});

describe('parseShowProtocolsAll on the BIRD 2.0.12 samples', { skip: bird2 ? false : missing }, () => {
  test('RR view of c1: capability blocks, route-reflector session, channel statistics', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'rr: show protocols all c1');
    const [protocol] = parseShowProtocolsAll(sample?.text ?? '');
    const bgp = protocol?.bgpDetails;
    assert.equal(protocol?.table, '---');
    assert.equal(protocol?.routes, undefined);
    assert.equal(bgp?.localAs, 65000);
    assert.equal(bgp?.neighborCaps, undefined);
    assert.deepEqual(
      bgp?.localCapabilities?.map((capability) => capability.name),
      [
        'Multiprotocol',
        'Route refresh',
        'Graceful restart',
        '4-octet AS numbers',
        'Enhanced refresh',
        'Long-lived graceful restart',
      ],
    );
    const neighbor = new Map(
      bgp?.neighborCapabilities?.map((capability) => [capability.name, capability.parameters]),
    );
    assert.deepEqual(neighbor.get('Graceful restart'), {
      'Restart time': '120',
      'AF supported': 'ipv4',
      'AF preserved': '',
    });
    assert.deepEqual(neighbor.get('ADD-PATH'), { RX: 'ipv4', TX: 'ipv4' });
    assert.deepEqual(neighbor.get('Multiprotocol'), { 'AF announced': 'ipv4' });
    assert.equal(bgp?.session?.routeReflector, true);
    assert.deepEqual(bgp?.holdTimer, { remaining: 190.529, configured: 240 });
    assert.deepEqual(bgp?.keepaliveTimer, { remaining: 70.856, configured: 80 });
    const [channel] = protocol?.channels ?? [];
    assert.equal(channel?.name, 'ipv4');
    assert.equal(channel?.state, 'UP');
    assert.equal(channel?.table, 'master4');
    assert.equal(channel?.preference, 100);
    assert.equal(channel?.outputFilter, 'ACCEPT');
    assert.deepEqual(channel?.routes, { imported: 1, exported: 1, preferred: 1, filtered: undefined });
    assert.equal(channel?.routeChangeStats?.exportUpdates?.rejected, 1);
    assert.equal(channel?.bgpNextHop, '127.0.0.1');
  });

  test('after SIGKILL of a graceful-restart client: Passive, socket error, GR active', () => {
    const [sample] = samplesTitled(bird2 ?? [], 'rr after SIGKILL of GR-capable 1.6 client c4');
    const [protocol] = parseShowProtocolsAll(sample?.text ?? '');
    assert.equal(protocol?.state, 'start');
    assert.equal(protocol?.bgp?.error?.message, 'Connection closed');
    assert.equal(protocol?.bgpDetails?.state, 'Passive');
    assert.equal(protocol?.bgpDetails?.neighborAddress, '127.0.0.4');
    assert.equal(protocol?.bgpDetails?.neighborGracefulRestartActive, true);
    assert.equal(protocol?.bgpDetails?.session, undefined);
    assert.equal(protocol?.bgpDetails?.neighborId, undefined);
  });
});

describe('parseShowProtocolsAll on hand-written blocks', () => {
  test('several protocols, last error, starting timers, link-local neighbour, add-path session', () => {
    const text = [
      'name     proto    table    state  since       info',
      'device1  Device   master   up     10:00:00    ',
      '  Preference:     240',
      '  Input filter:   ACCEPT',
      '  Output filter:  REJECT',
      '  Routes:         0 imported, 0 exported, 0 preferred',
      '',
      'Mesh_10_0_0_2 BGP      master   start  10:00:00    Active        Received: Hold timer expired',
      '  Preference:     100',
      '  BGP state:          Active',
      '    Neighbor address: fe80::2%eth0',
      '    Neighbor AS:      64512',
      '    Connect delay:    3/5',
      '    Last error:       Received: Hold timer expired',
      '',
      'Node_10_0_0_3 BGP      master   up     10:00:00    Established   ',
      '  Routes:         3 imported, 1 filtered, 2 exported, 3 preferred',
      '  BGP state:          Established',
      '    Neighbor address: 10.0.0.3',
      '    Session:          external route-reflector AS4 add-path-rx add-path-tx',
      '',
    ].join('\n');
    const protocols = parseShowProtocolsAll(text);
    assert.deepEqual(
      protocols.map((protocol) => protocol.name),
      ['device1', 'Mesh_10_0_0_2', 'Node_10_0_0_3'],
    );
    assert.equal(protocols[0]?.bgpDetails, undefined);
    assert.equal(protocols[0]?.outputFilter, 'REJECT');
    const mesh = protocols[1]?.bgpDetails;
    assert.equal(mesh?.neighborAddress, 'fe80::2');
    assert.equal(mesh?.neighborInterface, 'eth0');
    assert.deepEqual(mesh?.connectDelay, { remaining: 3, configured: 5 });
    assert.deepEqual(mesh?.lastError, {
      class: 'notification-received',
      message: 'Hold timer expired',
      text: 'Received: Hold timer expired',
    });
    assert.deepEqual(protocols[2]?.routes, { imported: 3, exported: 2, preferred: 3, filtered: 1 });
    const session = protocols[2]?.bgpDetails?.session;
    assert.equal(session?.type, 'external');
    assert.equal(session?.routeReflector, true);
    assert.equal(session?.addPathRx && session.addPathTx, true);
    assert.equal(session?.multihop, false);
  });
});
