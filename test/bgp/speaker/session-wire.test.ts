import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BgpSpeaker } from '../../../src/bgp/speaker/index.js';
import { RawPeer, isKeepalive, isNotification, isOpen, openMessage } from './raw-peer.js';

const AS = 65000;
const speakers: BgpSpeaker[] = [];
after(async () => {
  await Promise.all(speakers.map((speaker) => speaker.close()));
});

/** Our speaker on 127.0.0.1, waiting passively for a peer at `peerAddress`. */
async function passiveSpeaker(
  peerAddress: string,
  overrides: { holdTime?: number; gracefulRestart?: boolean } = {},
) {
  const speaker = new BgpSpeaker({ listen: { host: '127.0.0.1', port: 0 } });
  speakers.push(speaker);
  await speaker.listen();
  const session = speaker.addPeer({
    peerAddress,
    localAs: AS,
    peerAs: AS,
    routerId: '10.0.0.1',
    passive: true,
    holdTime: overrides.holdTime ?? 90,
    capabilities: [
      { kind: 'four-octet-as', asn: AS },
      ...(overrides.gracefulRestart
        ? [
            {
              kind: 'graceful-restart' as const,
              restarting: false,
              notification: false,
              restartTimeSeconds: 120,
              families: [],
            },
          ]
        : []),
    ],
  });
  return { speaker, session, port: speaker.port ?? 0 };
}

describe('session on the wire (raw peer)', () => {
  test('RFC 4271 §4.2: our OPEN is version 4 with our AS, hold time and identifier; Established only after the peer KEEPALIVE (§8.2.2)', async () => {
    const { session, port } = await passiveSpeaker('127.0.0.31', { holdTime: 30 });
    const peer = await RawPeer.connect('127.0.0.1', port, '127.0.0.31');
    const open = await peer.next(isOpen);
    assert.deepEqual([open.version, open.myAs, open.holdTime, open.bgpId], [4, AS, 30, 0x0a000001]);
    peer.send(openMessage());
    await peer.next(isKeepalive);
    assert.equal(session.state, 'OpenConfirm');
    peer.send({ type: 'keepalive' });
    await session.waitForState('Established', 2000);
    assert.equal(session.negotiated?.holdTime, 30);
    peer.socket.destroy();
  });

  test('RFC 4271 §4.2, §6.2: a peer offering hold time 2 receives 2/6 on the wire', async () => {
    const { session, port } = await passiveSpeaker('127.0.0.32');
    const peer = await RawPeer.connect('127.0.0.1', port, '127.0.0.32');
    await peer.next(isOpen);
    peer.send(openMessage({ holdTime: 2 }));
    const notification = await peer.next(isNotification);
    assert.deepEqual([notification.code, notification.subcode], [2, 6]);
    await peer.waitClosed();
    assert.equal(session.lastError, 'BGP Error: Unacceptable hold time');
  });

  test('RFC 4271 §6.5: a silent peer gets Hold Timer Expired (4/0) after the negotiated hold time', async () => {
    const { session, port } = await passiveSpeaker('127.0.0.33', { holdTime: 3 });
    const downs: string[] = [];
    session.on('down', (reason) => downs.push(reason));
    const peer = await RawPeer.connect('127.0.0.1', port, '127.0.0.33');
    await peer.next(isOpen);
    peer.send(openMessage({ holdTime: 3 }));
    peer.send({ type: 'keepalive' });
    await session.waitForState('Established', 2000);
    const upAt = performance.now();
    const notification = await peer.next(isNotification, 6000);
    const elapsed = (performance.now() - upAt) / 1000;
    assert.deepEqual([notification.code, notification.subcode], [4, 0]);
    assert.ok(elapsed > 2.9 && elapsed < 4, `expired after ${elapsed.toFixed(2)} s`);
    // RFC 4271 §4.4: we kept sending KEEPALIVEs (hold/3 = 1 s) while waiting.
    assert.ok(peer.received.filter(isKeepalive).length >= 3);
    assert.deepEqual(downs, ['BGP Error: Hold timer expired']);
  });

  test('RFC 4271 §6.8: a second connection while Established is closed with Cease 6/7 (no graceful restart)', async () => {
    const { session, port } = await passiveSpeaker('127.0.0.34');
    const first = await RawPeer.connect('127.0.0.1', port, '127.0.0.34');
    await first.next(isOpen);
    first.send(openMessage());
    first.send({ type: 'keepalive' });
    await session.waitForState('Established', 2000);
    const second = await RawPeer.connect('127.0.0.1', port, '127.0.0.34');
    await second.next(isOpen);
    second.send(openMessage());
    const notification = await second.next(isNotification);
    assert.deepEqual([notification.code, notification.subcode], [6, 7]);
    assert.equal(session.state, 'Established');
    assert.equal(first.closed, false);
    first.socket.destroy();
  });

  test('RFC 4724 §4.2: a GR-capable peer reconnecting while Established replaces the old connection without a NOTIFICATION', async () => {
    const { session, port } = await passiveSpeaker('127.0.0.35', { gracefulRestart: true });
    const grOpen = openMessage({
      capabilities: [
        { kind: 'four-octet-as', asn: AS },
        {
          kind: 'graceful-restart',
          restarting: true,
          notification: false,
          restartTimeSeconds: 120,
          families: [],
        },
      ],
    });
    const downs: string[] = [];
    session.on('down', (reason) => downs.push(reason));
    const first = await RawPeer.connect('127.0.0.1', port, '127.0.0.35');
    await first.next(isOpen);
    first.send(grOpen);
    first.send({ type: 'keepalive' });
    await session.waitForState('Established', 2000);
    const firstPort = first.socket.localPort;

    const second = await RawPeer.connect('127.0.0.1', port, '127.0.0.35');
    await second.next(isOpen);
    second.send(grOpen);
    await first.waitClosed();
    assert.equal(
      first.received.filter(isNotification).length,
      0,
      'old connection closed without NOTIFICATION',
    );
    await second.next(isKeepalive);
    second.send({ type: 'keepalive' });
    await session.waitForState('Established', 2000);
    assert.deepEqual(downs, ['Error: Graceful restart']);
    assert.notEqual(session.endpoints?.remotePort, firstPort);
    assert.equal(session.endpoints?.remotePort, second.socket.localPort);
    second.socket.destroy();
  });
});
