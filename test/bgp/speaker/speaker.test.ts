import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, Socket } from 'node:net';
import { formatPrefix, parsePrefix } from '../../../src/bgp/codec/prefix.js';
import { familyKey, type UpdateMessage } from '../../../src/bgp/codec/messages.js';
import { encodeMessage } from '../../../src/bgp/codec/message-codec.js';
import {
  BgpSpeaker,
  type BgpSession,
  type EstablishedSession,
  type StateChange,
} from '../../../src/bgp/speaker/index.js';
import { LOOPBACK_AS, loopbackPair } from './loopback-pair.js';

const AS = LOOPBACK_AS;

function recordStates(session: BgpSession): StateChange[] {
  const changes: StateChange[] = [];
  session.on('state', (change) => changes.push(change));
  return changes;
}

function nextUpdate(session: BgpSession): Promise<UpdateMessage> {
  return new Promise((resolve) => session.once('update', (update) => resolve(update)));
}

const announcement: UpdateMessage = {
  type: 'update',
  withdrawn: [],
  attributes: {
    origin: 0,
    asPath: [],
    nextHop: 0x7f000001,
    localPref: 2147482623,
    communities: [0xfde80064],
  },
  nlri: [parsePrefix('10.65.1.0/26'), parsePrefix('10.65.1.64/26')],
};

describe('BgpSpeaker on loopback', () => {
  test('RFC 4271 §8: two speakers establish, exchange UPDATEs, stay up past three hold times, and Cease is seen (RFC 4486 6/2)', async () => {
    const { a, b, sessionA, sessionB } = await loopbackPair({ holdTime: 3 });
    const statesB = recordStates(sessionB);
    await Promise.all([
      sessionA.waitForState('Established', 5000),
      sessionB.waitForState('Established', 5000),
    ]);
    assert.equal(sessionA.negotiated?.holdTime, 3);
    assert.equal(sessionA.negotiated?.peerBgpId, 0x0a000002);
    assert.equal(sessionB.negotiated?.peerBgpId, 0x0a000001);

    // A message, then the same bytes pre-encoded (one encoding for many peers).
    const received = nextUpdate(sessionB);
    assert.equal(sessionA.sendUpdate(announcement), true);
    const update = await received;
    assert.deepEqual(update.nlri.map(formatPrefix), ['10.65.1.0/26', '10.65.1.64/26']);
    assert.equal(update.attributes.localPref, 2147482623);
    assert.deepEqual(update.attributes.communities, [0xfde80064]);
    const withdraw = encodeMessage(
      { type: 'update', withdrawn: [parsePrefix('10.65.1.0/26')], attributes: {}, nlri: [] },
      sessionB.codecContext,
    );
    const received2 = nextUpdate(sessionA);
    assert.equal(sessionB.sendUpdate(withdraw), true);
    assert.deepEqual((await received2).withdrawn.map(formatPrefix), ['10.65.1.0/26']);

    // RFC 4271 §4.4 / §6.5: keepalives every hold/3 keep the session up for > 3 hold times.
    let downs = 0;
    sessionA.on('down', () => downs++);
    sessionB.on('down', () => downs++);
    await new Promise((resolve) => setTimeout(resolve, 9_600));
    assert.equal(downs, 0);
    assert.equal(sessionA.state, 'Established');
    assert.equal(sessionB.state, 'Established');

    const down = new Promise<string>((resolve) => sessionB.once('down', (reason) => resolve(reason)));
    await a.close('maintenance');
    assert.equal(await down, 'Received: Administrative shutdown: maintenance');
    assert.ok(
      statesB.some(
        (change) =>
          change.from === 'Established' && change.reason?.startsWith('Received: Administrative shutdown'),
      ),
    );
    await b.close();
  });

  test('RFC 4271 §6.8: when both sides connect, exactly one connection survives and both reach Established', async () => {
    const { a, b, sessionA, sessionB } = await loopbackPair({ holdTime: 30 });
    const statesA = recordStates(sessionA);
    await Promise.all([
      sessionA.waitForState('Established', 5000),
      sessionB.waitForState('Established', 5000),
    ]);
    // Both see the same TCP connection.
    const endA = sessionA.endpoints;
    const endB = sessionB.endpoints;
    assert.ok(endA && endB);
    assert.equal(endA.localPort, endB.remotePort);
    assert.equal(endA.remotePort, endB.localPort);
    if (statesA.some((change) => change.reason === 'BGP Error: Connection collision resolution')) {
      // A (10.0.0.1) has the lower identifier, so the connection A initiated is the one closed:
      // the survivor arrived on A's listening port.
      assert.equal(endA.localPort, a.port);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(sessionA.state, 'Established');
    await Promise.all([a.close(), b.close()]);
  });

  test('RFC 2918 §3: ROUTE-REFRESH reaches a peer that advertised the capability', async () => {
    const { a, b, sessionA, sessionB } = await loopbackPair({ holdTime: 30, passiveB: true });
    await Promise.all([
      sessionA.waitForState('Established', 5000),
      sessionB.waitForState('Established', 5000),
    ]);
    const refresh = new Promise<{ afi: number; safi: number }>((resolve) =>
      sessionB.once('routeRefresh', resolve),
    );
    assert.equal(sessionA.sendRouteRefresh(1, 1), true);
    assert.deepEqual(await refresh.then(({ afi, safi }) => ({ afi, safi })), { afi: 1, safi: 1 });
    assert.equal(sessionA.sendRouteRefresh(1, 1, 1), false, 'no enhanced refresh without capability 70');
    await Promise.all([a.close(), b.close()]);
  });

  test('the established event carries what the OPENs negotiated, and the session encodes with that context', async () => {
    const { a, b, sessionA, sessionB } = await loopbackPair({ holdTime: 30, passiveB: true });
    const established = new Promise<EstablishedSession>((resolve) => sessionA.once('established', resolve));
    await Promise.all([
      sessionA.waitForState('Established', 5000),
      sessionB.waitForState('Established', 5000),
    ]);
    const { context } = await established;
    // Both sides send the default capabilities: IPv4 unicast, Route Refresh, 4-octet AS.
    assert.deepEqual([...context.families], [familyKey(1, 1)]);
    assert.equal(context.codec.fourOctetAs, true);
    assert.equal(context.peerAs, AS);
    assert.equal(context.peerRouteRefresh, true);
    assert.equal(context.enhancedRouteRefresh, false);
    assert.equal(context.gracefulRestart, undefined);
    assert.equal(context.peerOpen.bgpId, 0x0a000002);
    assert.equal(sessionA.codecContext, context.codec);
    assert.equal(sessionA.negotiated?.context, context);
    await Promise.all([a.close(), b.close()]);
  });

  test('RFC 4486 §4: a connection from an unknown address is refused with Cease 6/5', async () => {
    const speaker = new BgpSpeaker({ listen: { host: '127.0.0.1', port: 0 } });
    await speaker.listen();
    speaker.addPeer({
      peerAddress: '127.0.0.2',
      localAs: AS,
      peerAs: AS,
      routerId: '10.0.0.1',
      passive: true,
    });
    const socket = new Socket();
    const bytes: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('data', (chunk: Buffer) => bytes.push(chunk));
      socket.on('end', resolve);
      socket.on('error', reject);
      socket.connect({ host: '127.0.0.1', port: speaker.port ?? 0, localAddress: '127.0.0.9' });
    });
    const message = Buffer.concat(bytes);
    assert.equal(message.length, 21);
    assert.deepEqual([message[18], message[19], message[20]], [3, 6, 5]);
    assert.equal(speaker.refusedConnections, 1);
    await speaker.close();
  });

  test('RFC 4271 §8.2.2: an active session retries after a refused connection (ConnectRetry) and comes up once the peer listens', async () => {
    // A free port on 127.0.0.3 that nobody listens on yet.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.3', resolve));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const a = new BgpSpeaker({ listen: false });
    const sessionA = a.addPeer({
      peerAddress: '127.0.0.3',
      peerPort: port,
      localAddress: '127.0.0.1',
      localAs: AS,
      peerAs: AS,
      routerId: '10.0.0.1',
      connectRetryTime: 0.2,
    });
    const states = recordStates(sessionA);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(
      states.some((change) => change.to === 'Active' && change.reason === 'Socket: Connection refused'),
    );
    const b = new BgpSpeaker({ listen: { host: '127.0.0.3', port } });
    await b.listen();
    const sessionB = b.addPeer({
      peerAddress: '127.0.0.1',
      localAs: AS,
      peerAs: AS,
      routerId: '10.0.0.3',
      passive: true,
    });
    await Promise.all([
      sessionA.waitForState('Established', 3000),
      sessionB.waitForState('Established', 3000),
    ]);
    await Promise.all([a.close(), b.close()]);
    assert.equal(sessionA.state, 'Idle');
  });
});
