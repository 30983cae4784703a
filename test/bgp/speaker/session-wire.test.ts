import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Message, UpdateMessage } from '../../../src/bgp/codec/messages.js';
import { parsePrefix } from '../../../src/bgp/codec/prefix.js';
import { BgpSpeaker } from '../../../src/bgp/speaker/index.js';
import type { BgpSession } from '../../../src/bgp/speaker/session.js';
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

describe('a session whose own work throws (RFC 4271 §6.7)', () => {
  /** One speaker with two passive peers, each reached by a raw peer that is already Established. */
  async function twoEstablished(first: string, second: string) {
    const speaker = new BgpSpeaker({ listen: { host: '127.0.0.1', port: 0 } });
    speakers.push(speaker);
    await speaker.listen();
    const config = { localAs: AS, peerAs: AS, routerId: '10.0.0.1', passive: true, holdTime: 90 };
    const sessions = [first, second].map((peerAddress) => speaker.addPeer({ ...config, peerAddress }));
    const peers = await Promise.all(
      [first, second].map(async (address) => {
        const peer = await RawPeer.connect('127.0.0.1', speaker.port ?? 0, address);
        await peer.next(isOpen);
        peer.send(openMessage());
        peer.send({ type: 'keepalive' });
        return peer;
      }),
    );
    await Promise.all(sessions.map((session) => session.waitForState('Established', 2000)));
    return { sessions: sessions as [BgpSession, BgpSession], peers: peers as [RawPeer, RawPeer] };
  }

  const update = (prefix: string): Message => ({
    type: 'update',
    withdrawn: [],
    attributes: { origin: 0, asPath: [], nextHop: 0x0a000002, localPref: 100 },
    nlri: [parsePrefix(prefix)],
  });

  test('RFC 4271 §6.7: a listener throwing on an UPDATE ends that session alone, with Cease 6/0', async () => {
    const { sessions, peers } = await twoEstablished('127.0.0.41', '127.0.0.42');
    const [failing, healthy] = sessions;
    const reported: unknown[] = [];
    failing.on('internalError', (error) => reported.push(error));
    failing.on('update', () => {
      throw new Error('handler bug');
    });
    const received: UpdateMessage[] = [];
    healthy.on('update', (message) => received.push(message));
    peers[0].send(update('10.70.1.0/24'));
    const notification = await peers[0].next(isNotification);
    assert.deepEqual([notification.code, notification.subcode], [6, 0]);
    await peers[0].waitClosed();
    assert.equal(failing.state, 'Idle');
    assert.equal(failing.lastError, 'BGP Error: Cease');
    assert.equal((reported[0] as Error).message, 'handler bug');
    // The other session saw nothing of it and still carries UPDATEs.
    peers[1].send(update('10.70.2.0/24'));
    await until(() => received.length === 1, 'the UPDATE on the healthy session');
    assert.equal(healthy.state, 'Established');
    assert.equal(peers[1].closed, false);
    peers[1].socket.destroy();
  });

  test('RFC 4271 §6.7: a listener whose promise rejects ends that session alone, with Cease 6/0', async () => {
    const { sessions, peers } = await twoEstablished('127.0.0.43', '127.0.0.44');
    const [failing, healthy] = sessions;
    const reported: unknown[] = [];
    failing.on('internalError', (error) => reported.push(error));
    failing.on('update', async () => {
      await Promise.resolve();
      throw new Error('asynchronous handler bug');
    });
    peers[0].send(update('10.70.3.0/24'));
    const notification = await peers[0].next(isNotification);
    assert.deepEqual([notification.code, notification.subcode], [6, 0]);
    assert.equal((reported[0] as Error).message, 'asynchronous handler bug');
    assert.equal(healthy.state, 'Established');
    assert.equal(peers[1].closed, false);
    peers[1].socket.destroy();
  });

  test('RFC 4271 §6.3: a malformed UPDATE keeps its own error code, listener or not', async () => {
    const { sessions, peers } = await twoEstablished('127.0.0.45', '127.0.0.46');
    sessions[0].on('update', () => {
      throw new Error('never reached: the UPDATE does not decode');
    });
    // Header (19 octets, type 2), Withdrawn Routes Length 5 with no routes after it, no attributes.
    const malformed = new Uint8Array(23).fill(0xff, 0, 16);
    malformed.set([0, 23, 2, 0, 5, 0, 0], 16);
    peers[0].socket.write(malformed);
    const notification = await peers[0].next(isNotification);
    assert.deepEqual([notification.code, notification.subcode], [3, 1]);
    assert.equal(sessions[1].state, 'Established');
    peers[1].socket.destroy();
  });
});

async function until(check: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
