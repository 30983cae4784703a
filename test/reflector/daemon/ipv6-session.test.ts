import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress } from '../../../src/bgp/codec/prefix.js';
import type { UpdateMessage } from '../../../src/bgp/codec/messages.js';
import { BgpSpeaker } from '../../../src/bgp/speaker/speaker.js';
import { SILENT_LOG } from '../../../src/reflector/daemon/json-log.js';
import { ReflectorDaemon } from '../../../src/reflector/daemon/reflector-daemon.js';
import { AS, daemonConfig, nlri, session, until } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

test('an IPv6 session (as bird6 makes it): MP-BGP IPv6 only, routes stored with their MP next hop, IPv6 End-of-RIB', async () => {
  const daemon = new ReflectorDaemon(daemonConfig([session('::1', { family: 'ipv6' })]), {
    listen: { host: '::1', port: 0 },
    log: SILENT_LOG,
  });
  await daemon.start();
  cleanups.push(() => daemon.stop());
  const speaker = new BgpSpeaker({ listen: false });
  cleanups.push(() => speaker.close());
  const received: UpdateMessage[] = [];
  const peer = speaker.addPeer({
    peerAddress: '::1',
    peerPort: daemon.port ?? 0,
    localAs: AS,
    peerAs: AS,
    routerId: '10.0.6.1',
    holdTime: 30,
    capabilities: [
      { kind: 'multiprotocol', afi: 2, safi: 1 },
      { kind: 'route-refresh' },
      { kind: 'four-octet-as', asn: AS },
    ],
  });
  peer.on('update', (update) => received.push(update));
  await peer.waitForState('Established', 5000);
  // RFC 4724 §2: End-of-RIB for IPv6 unicast is an UPDATE holding only an empty MP_UNREACH_NLRI.
  await until(
    () => received.some((u) => u.mpUnreach?.afi === 2 && u.mpUnreach.withdrawn.length === 0),
    'IPv6 End-of-RIB',
  );
  peer.sendUpdate({
    type: 'update',
    withdrawn: [],
    attributes: { origin: 0, asPath: [], localPref: 100 },
    nlri: [],
    mpReach: { afi: 2, safi: 1, nextHop: parseAddress('fd00::6')!, nlri: [nlri('fd00:10::/122')] },
  });
  await until(() => daemon.core.locRib.size === 1, 'IPv6 route stored');
  const route = daemon.core.destination(nlri('fd00:10::/122'))?.best?.route;
  assert.deepEqual([...(route?.attributes.mpNextHop ?? [])], [...parseAddress('fd00::6')!]);
  assert.equal(daemon.peer('::1')?.state, 'Established');
  assert.deepEqual(
    daemon.peer('::1')?.localOpen?.capabilities.filter((c) => c.kind === 'multiprotocol'),
    [{ kind: 'multiprotocol', afi: 2, safi: 1 }],
  );
});
