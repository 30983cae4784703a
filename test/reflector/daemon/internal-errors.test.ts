/**
 * A fault of ours while handling one peer's message must cost that peer its session and nothing
 * more: the peer gets Cease 6/0, the daemon logs the error, the other sessions stay Established and
 * keep exchanging routes, and the process lives on (an uncaught exception here would fail the run).
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { JsonLog } from '../../../src/reflector/daemon/json-log.js';
import { ReflectorDaemon } from '../../../src/reflector/daemon/reflector-daemon.js';
import type { DaemonConfig } from '../../../src/reflector/daemon/daemon-config.js';
import { Client, daemonConfig, nlri, session, until } from './harness.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly peer?: string;
  readonly error?: string;
}

async function daemonWithLog(config: DaemonConfig): Promise<{ daemon: ReflectorDaemon; lines: LogLine[] }> {
  const lines: LogLine[] = [];
  const log = new JsonLog({ write: (line: string) => lines.push(JSON.parse(line) as LogLine) }, 'warn');
  const daemon = new ReflectorDaemon(config, { listen: { host: '127.0.0.1', port: 0 }, log });
  await daemon.start();
  cleanups.push(() => daemon.stop());
  return { daemon, lines };
}

async function clients(daemon: ReflectorDaemon, addresses: string[]): Promise<Client[]> {
  const connected = await Promise.all(
    addresses.map((address) => Client.connect(address, address.replace('127.0', '10.1'), daemon.port ?? 0)),
  );
  cleanups.push(...connected.map((c) => () => c.close()));
  await Promise.all(connected.map((c) => c.established()));
  return connected;
}

/** The NOTIFICATION a client received from the reflector, as code/subcode. */
function receivedNotification(client: Client): string | undefined {
  const reason = client.downReasons.find((r) => r.kind === 'notification-received');
  return reason?.kind === 'notification-received'
    ? `${reason.notification.code}/${reason.notification.subcode}`
    : undefined;
}

describe('reflector daemon: an internal error while handling one peer', () => {
  test('RFC 4271 §6.7: the core throwing on an UPDATE resets that peer with Cease 6/0; the other sessions stay Established', async () => {
    const [bad, good, listener] = ['127.0.11.2', '127.0.11.3', '127.0.11.4'];
    const base = daemonConfig([session(bad), session(good), session(listener)]);
    // A host resolver that fails on the bad peer's next hop: the core throws inside its UPDATE.
    const config: DaemonConfig = {
      ...base,
      reflector: {
        ...base.reflector,
        isNextHopReachable: (nextHop) => {
          if ([...nextHop].join('.') === bad) throw new Error('route lookup failed');
          return true;
        },
      },
    };
    const { daemon, lines } = await daemonWithLog(config);
    const [a, b, c] = (await clients(daemon, [bad, good, listener])) as [Client, Client, Client];
    b.announce(['10.80.2.0/24']);
    await until(() => c.table().has('10.80.2.0/24'), "good peer's route at the listener");

    a.announce(['10.80.1.0/24']);
    await until(() => receivedNotification(a) !== undefined, 'NOTIFICATION at the bad peer');
    assert.equal(receivedNotification(a), '6/0');
    assert.equal(a.session.lastError, 'Received: Cease');
    // The daemon's side of the bad session went down and waits to be connected again.
    await until(() => daemon.peer(bad)!.state === 'Active', 'bad session back to Active');
    assert.equal(daemon.peer(bad)!.lastError, 'BGP Error: Cease');
    const logged = lines.find((line) => line.msg === 'internal error: resetting session');
    assert.equal(logged?.level, 'error');
    assert.equal(logged?.peer, 'Node_127_0_11_2');
    assert.match(logged?.error ?? '', /route lookup failed/);

    for (const [peer, seen] of [
      [good, b],
      [listener, c],
    ] as const) {
      assert.equal(daemon.peer(peer)!.state, 'Established');
      assert.equal(daemon.peer(peer)!.counters.establishedTransitions, 1);
      assert.deepEqual(seen.downs, []);
    }
    assert.equal(c.table().has('10.80.1.0/24'), false, 'nothing of the failed UPDATE went out');
    // The surviving sessions still carry routes both ways.
    b.announce(['10.80.3.0/24']);
    c.announce(['10.80.4.0/24']);
    await until(
      () => c.table().has('10.80.3.0/24') && b.table().has('10.80.4.0/24'),
      'routes after the failure',
    );
  });

  test('RFC 4271 §6.7: a handler throwing on an UPDATE resets that peer with Cease 6/0, logged, the others untouched', async () => {
    const [bad, good] = ['127.0.11.12', '127.0.11.13'];
    const { daemon, lines } = await daemonWithLog(daemonConfig([session(bad), session(good)]));
    const [a, b] = (await clients(daemon, [bad, good])) as [Client, Client];
    // A faulty handler on the daemon's own session with the bad peer, next to the daemon's.
    daemon.peer(bad)!.session.on('update', () => {
      throw new Error('handler bug');
    });
    a.announce(['10.81.1.0/24']);
    await until(() => receivedNotification(a) !== undefined, 'NOTIFICATION at the bad peer');
    assert.equal(receivedNotification(a), '6/0');
    const logged = lines.find((line) => line.msg === 'internal error: session reset with Cease 6/0');
    assert.equal(logged?.level, 'error');
    assert.equal(logged?.peer, 'Node_127_0_11_12');
    assert.match(logged?.error ?? '', /handler bug/);
    assert.equal(daemon.peer(good)!.state, 'Established');
    assert.deepEqual(b.downs, []);
    // The bad peer's route leaves with its session; the good peer's still comes in.
    b.announce(['10.81.2.0/24']);
    await until(
      () =>
        daemon.core.destination(nlri('10.81.2.0/24')) !== undefined &&
        daemon.core.destination(nlri('10.81.1.0/24')) === undefined,
      'only the good route in the Loc-RIB',
    );
    assert.equal(daemon.peer(good)!.counters.establishedTransitions, 1);
  });

  test('RFC 4271 §6.7: a batch the core fails as a whole resets the peers with events in it, with Cease 6/0, and no others', async () => {
    const [bad, good] = ['127.0.11.22', '127.0.11.23'];
    const { daemon, lines } = await daemonWithLog(daemonConfig([session(bad), session(good)]));
    const [a, b] = (await clients(daemon, [bad, good])) as [Client, Client];
    // A fault in the shared part of a batch (deciding, encoding) names no event: stand in for one.
    const core = daemon.core;
    const handleBatch = core.handleBatch.bind(core);
    core.handleBatch = (events) => {
      if (events.some((event) => event.type === 'update' && event.peer === bad))
        throw new Error('encoding failed');
      return handleBatch(events);
    };
    a.announce(['10.82.1.0/24']);
    await until(() => receivedNotification(a) !== undefined, 'NOTIFICATION at the bad peer');
    assert.equal(receivedNotification(a), '6/0');
    const logged = lines.find((line) => line.msg.startsWith('internal error in the routing core'));
    assert.equal(logged?.level, 'error');
    assert.match(logged?.error ?? '', /encoding failed/);
    assert.equal(daemon.peer(good)!.state, 'Established');
    assert.deepEqual(b.downs, []);
  });
});
