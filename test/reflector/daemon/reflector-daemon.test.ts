import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatIpv4Number as formatIpv4 } from '../../../src/net/index.js';
import type { ReflectorDaemon } from '../../../src/reflector/daemon/reflector-daemon.js';
import { Client, daemonConfig, session, startDaemon, until } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function daemonWith(
  addresses: string[],
  extra: { maxPrefixes?: number } = {},
): Promise<ReflectorDaemon> {
  const daemon = await startDaemon(
    daemonConfig(
      addresses.map((a) => session(a)),
      extra,
    ),
  );
  cleanups.push(() => daemon.stop());
  return daemon;
}

async function client(
  address: string,
  routerId: string,
  daemon: ReflectorDaemon,
  addPath = false,
): Promise<Client> {
  const c = await Client.connect(address, routerId, daemon.port ?? 0, { addPath });
  cleanups.push(() => c.close());
  return c;
}

describe('reflector daemon on loopback', () => {
  test('RFC 4456 §8: a client route reaches the other client with ORIGINATOR_ID and CLUSTER_LIST, next hop unchanged', async () => {
    const daemon = await daemonWith(['127.0.6.2', '127.0.6.3']);
    const a = await client('127.0.6.2', '10.0.0.2', daemon);
    const b = await client('127.0.6.3', '10.0.0.3', daemon);
    await Promise.all([a.established(), b.established()]);
    a.announce(['10.20.1.0/26', '10.20.2.0/26']);
    await until(() => b.table().size === 2, 'two routes at b');
    const attributes = b.table().get('10.20.1.0/26')!;
    assert.equal(formatIpv4(attributes.originatorId!), '10.0.0.2');
    assert.deepEqual(attributes.clusterList?.map(formatIpv4), ['224.0.0.1']);
    assert.equal(formatIpv4(attributes.nextHop!), '127.0.6.2');
    assert.equal(attributes.localPref, 100);
    // Never back to the source (RFC 4456 §6); End-of-RIB arrived at both (RFC 4724 §2).
    assert.equal(a.table().size, 0);
    assert.ok(a.updates.some((u) => u.nlri.length === 0 && u.withdrawn.length === 0));
    const peer = daemon.peer('127.0.6.2')!;
    assert.equal(peer.state, 'Established');
    assert.ok(peer.counters.updatesReceived >= 1);
    a.withdraw(['10.20.1.0/26']);
    await until(() => b.table().size === 1, 'withdrawal at b');
  });

  test('RFC 4486: a connection from an address with no session is refused with Cease 6/5', async () => {
    const daemon = await daemonWith(['127.0.6.12']);
    const stranger = await client('127.0.6.99', '10.0.0.99', daemon);
    await until(() => stranger.downs.length > 0 || stranger.session.lastError !== undefined, 'refusal');
    assert.equal(stranger.session.lastError, 'Received: Connection rejected');
    assert.equal(daemon.refusedSources[0]?.address, '127.0.6.99');
    assert.ok((daemon.refusedSources[0]?.count ?? 0) >= 1);
  });

  test('the refused-sources table is bounded: the least recently refused source goes first', async () => {
    const daemon = await startDaemon(daemonConfig([session('127.0.6.13')]), { refusedSourcesKept: 2 });
    cleanups.push(() => daemon.stop());
    for (const address of ['127.0.6.91', '127.0.6.92', '127.0.6.93']) {
      const stranger = await client(address, '10.0.0.91', daemon);
      await until(() => daemon.refusedSources.some((s) => s.address === address), `refusal of ${address}`);
      await stranger.close();
    }
    assert.deepEqual(
      daemon.refusedSources.map((s) => s.address),
      ['127.0.6.92', '127.0.6.93'],
    );
  });

  test('RFC 4486 §4: more prefixes than allowed end the session with Cease 6/1 carrying AFI, SAFI and the limit', async () => {
    const daemon = await daemonWith(['127.0.6.22'], { maxPrefixes: 2 });
    const a = await client('127.0.6.22', '10.0.0.22', daemon);
    await a.established();
    a.announce(['10.21.1.0/24', '10.21.2.0/24', '10.21.3.0/24']);
    await until(() => a.session.lastError !== undefined, 'reset');
    assert.equal(a.session.lastError, 'Received: Maximum number of prefixes reached');
    const reason = a.downReasons.find((r) => r.kind === 'notification-received');
    assert.ok(reason?.kind === 'notification-received', 'the session ended on our NOTIFICATION');
    assert.deepEqual([...reason.notification.data], [0, 1, 1, 0, 0, 0, 2], 'AFI 1, SAFI 1, limit 2');
    assert.equal(daemon.core.adjRibIn('127.0.6.22')?.count(0x101) ?? 0, 0);
  });

  test('RFC 2918 / RFC 7313: a refresh request is answered with BoRR, the routes and EoRR', async () => {
    const daemon = await daemonWith(['127.0.6.32', '127.0.6.33']);
    const a = await client('127.0.6.32', '10.0.0.32', daemon);
    const b = await client('127.0.6.33', '10.0.0.33', daemon);
    await Promise.all([a.established(), b.established()]);
    a.announce(['10.22.1.0/24']);
    await until(() => b.table().size === 1, 'route at b');
    const before = b.updates.length;
    const markers: number[] = [];
    b.session.on('routeRefresh', (refresh) => markers.push(refresh.subtype));
    assert.ok(b.session.sendRouteRefresh(1, 1));
    await until(() => markers.length === 2, 'BoRR and EoRR');
    assert.deepEqual(markers, [1, 2]);
    assert.ok(b.updates.slice(before).some((u) => u.nlri.length === 1));
    await until(() => daemon.peer('127.0.6.33')!.counters.routeRefreshReceived === 1, 'counter');
    // And the other way: the reflector asks a client, which sees the request.
    assert.equal(daemon.requestRefresh('127.0.6.32'), 1);
    await until(() => a.refreshes.some((r) => r.subtype === 0), 'request at a');
  });

  test('live reconfiguration: a removed peer gets 6/3 and its routes are withdrawn; the other session is untouched', async () => {
    const config = daemonConfig([session('127.0.6.42'), session('127.0.6.43')]);
    const daemon = await startDaemon(config);
    cleanups.push(() => daemon.stop());
    const a = await client('127.0.6.42', '10.0.0.42', daemon);
    const b = await client('127.0.6.43', '10.0.0.43', daemon);
    await Promise.all([a.established(), b.established()]);
    a.announce(['10.23.1.0/24']);
    b.announce(['10.23.2.0/24']);
    await until(() => b.table().size === 1 && a.table().size === 1, 'routes exchanged');
    const endpoints = b.session.endpoints;

    const c = await Client.connect('127.0.6.44', '10.0.0.44', daemon.port ?? 0, { start: false });
    cleanups.push(() => c.close());
    const plan = await daemon.reconfigure(daemonConfig([session('127.0.6.43'), session('127.0.6.44')]));
    assert.deepEqual(
      [
        plan.added.map((s) => s.address),
        plan.removed.map((s) => s.address),
        plan.unchanged.map((s) => s.address),
      ],
      [['127.0.6.44'], ['127.0.6.42'], ['127.0.6.43']],
    );
    await until(() => a.session.lastError !== undefined, '6/3 at a');
    assert.equal(a.session.lastError, 'Received: Peer de-configured');
    await until(() => b.table().size === 0, 'withdrawal at b');
    c.session.start();
    await c.established();
    // The new peer gets what the kept peer announced, and the kept session is the same connection.
    await until(() => c.table().has('10.23.2.0/24'), 'route at c');
    assert.equal(b.session.state, 'Established');
    assert.deepEqual(b.session.endpoints, endpoints);
    assert.equal(daemon.peer('127.0.6.43')!.counters.establishedTransitions, 1);
    c.announce(['10.23.3.0/24']);
    await until(() => b.table().has('10.23.3.0/24'), 'c route at b');
  });

  test('stop sends Cease 6/2 (Administrative shutdown) to every peer', async () => {
    const daemon = await startDaemon(daemonConfig([session('127.0.6.52'), session('127.0.6.53')]));
    const a = await client('127.0.6.52', '10.0.0.52', daemon);
    const b = await client('127.0.6.53', '10.0.0.53', daemon);
    await Promise.all([a.established(), b.established()]);
    await daemon.stop('maintenance');
    await until(() => a.downs.length > 0 && b.downs.length > 0, 'both down');
    assert.match(a.downs[0]!, /^Received: Administrative shutdown/);
    assert.match(b.downs[0]!, /^Received: Administrative shutdown/);
  });
});

describe('reflector daemon: a changed session', () => {
  test('RFC 4486 §4: a session whose settings change is reset with Cease 6/6 and comes back under the new ones', async () => {
    const daemon = await startDaemon(daemonConfig([session('127.0.6.62'), session('127.0.6.63')]));
    cleanups.push(() => daemon.stop());
    const a = await client('127.0.6.62', '10.0.0.62', daemon);
    const b = await client('127.0.6.63', '10.0.0.63', daemon);
    await Promise.all([a.established(), b.established()]);
    b.announce(['10.24.1.0/24']);
    await until(() => a.table().size === 1, 'route at a');
    // a stops being a client: a non-client learns routes of clients only, with CLUSTER_LIST (RFC 4456 §8).
    const plan = await daemon.reconfigure(
      daemonConfig([session('127.0.6.62', { rrClient: false }), session('127.0.6.63')]),
    );
    assert.deepEqual(
      plan.changed.map((c) => c.after.address),
      ['127.0.6.62'],
    );
    await until(() => a.downs.length > 0, 'reset at a');
    assert.equal(a.downs[0], 'Received: Other configuration change');
    assert.equal(b.session.state, 'Established');
    assert.equal(daemon.peer('127.0.6.62')?.settings.rrClient, false);
  });
});
