import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { ReflectorApiClient } from '../../../src/reflector/api/api-client.js';
import { ReflectorApiServer } from '../../../src/reflector/api/api-server.js';
import { formatNodeStatus } from '../../../src/reflector/api/status-table.js';
import type { NodeIntent } from '../../../src/calico/intent.js';
import { Client, daemonConfig, session, startDaemon, until } from '../daemon/harness.js';

const folder = mkdtempSync(join(tmpdir(), 'rrlab-api-'));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(folder, { recursive: true, force: true });
});

describe('reflector API over a Unix socket', async () => {
  const config = daemonConfig([
    session('127.0.8.2'),
    session('127.0.8.3'),
    session('127.0.8.4', { rrClient: false }),
  ]);
  const daemon = await startDaemon(config);
  const pushed: NodeIntent[] = [];
  const server = new ReflectorApiServer(daemon, {
    socketPath: join(folder, 'api.sock'),
    configFromIntent: () => daemonConfig([session('127.0.8.2'), session('127.0.8.3')]),
    onIntent: (intent) => pushed.push(intent),
  });
  await server.listen();
  cleanups.push(
    () => daemon.stop(),
    () => server.close(),
  );
  const api = new ReflectorApiClient({ socketPath: join(folder, 'api.sock') });
  const a = await Client.connect('127.0.8.2', '10.0.0.2', daemon.port ?? 0, { addPath: true });
  const b = await Client.connect('127.0.8.3', '10.0.0.3', daemon.port ?? 0);
  cleanups.push(
    () => a.close(),
    () => b.close(),
  );
  await Promise.all([a.established(), b.established()]);
  a.announce(['10.60.1.0/24'], { communities: [(65000 << 16) | 100], med: 5 });
  b.announce(['10.60.1.0/24'], { localPref: 200 });
  await until(() => daemon.core.locRib.size === 1, 'route in');

  test('GET /peers: BIRD state words, protocol names, capabilities and counters', async () => {
    const peers = await api.peers();
    const byAddress = new Map(peers.map((p) => [p.address, p]));
    assert.equal(byAddress.get('127.0.8.2')?.state, 'Established');
    assert.equal(byAddress.get('127.0.8.2')?.protocolState, 'up');
    assert.equal(byAddress.get('127.0.8.2')?.name, 'Node_127_0_8_2');
    // Not connected, passive: BIRD says Passive.
    assert.equal(byAddress.get('127.0.8.4')?.state, 'Passive');
    assert.equal(byAddress.get('127.0.8.4')?.protocolState, 'start');
    assert.ok(byAddress.get('127.0.8.2')!.capabilities.remote.some((c) => /add-?path/i.test(c)));
    assert.ok(byAddress.get('127.0.8.2')!.capabilities.local.length >= 5);
    await until(() => daemon.peer('127.0.8.3')!.counters.updatesReceived >= 1, 'update counted');
    const fresh = await api.peers();
    assert.equal(fresh.find((p) => p.address === '127.0.8.3')?.counters.prefixesReceived, 1);
    assert.equal(fresh.find((p) => p.address === '127.0.8.2')?.holdTime, 30);
  });

  test('GET /routes: every candidate with FRR-style attributes and the best path reason', async () => {
    await until(
      () =>
        daemon.core.destination({ afi: 1, length: 24, address: Uint8Array.of(10, 60, 1, 0), pathId: 0 })
          ?.candidates.length === 2,
      'two paths',
    );
    const [route] = await api.routes('10.60.1.0/24');
    assert.equal(route?.prefix, '10.60.1.0/24');
    assert.equal(route?.paths.length, 2);
    const best = route!.paths.find((p) => p.best)!;
    assert.equal(best.peer, '127.0.8.3');
    assert.deepEqual(best.bestpath, { reason: 'Local Pref' });
    assert.equal(best.attributes.localPref, 200);
    assert.equal(best.attributes.nextHop, '127.0.8.3');
    assert.equal(best.attributes.asPath, '');
    assert.equal(best.attributes.origin, 'IGP');
    const other = route!.paths.find((p) => !p.best)!;
    assert.equal(other.bestpath, undefined);
    assert.deepEqual(other.attributes.communities, ['(65000,100)']);
    assert.equal(other.attributes.med, 5);
    assert.deepEqual(await api.routes('10.99.0.0/24'), []);
  });

  test('GET /metrics: Prometheus text with per-peer state', async () => {
    const text = await api.metrics();
    assert.match(text, /^# TYPE rrlab_reflector_peer_up gauge$/m);
    assert.match(
      text,
      /^rrlab_reflector_peer_up\{peer="Node_127_0_8_2",address="127.0.8.2",family="ipv4"\} 1$/m,
    );
    assert.match(
      text,
      /^rrlab_reflector_peer_up\{peer="Node_127_0_8_4",address="127.0.8.4",family="ipv4"\} 0$/m,
    );
    assert.match(text, /^rrlab_reflector_prefixes 1$/m);
  });

  test('GET /status and the calicoctl-style table', async () => {
    const status = await api.status();
    assert.deepEqual(
      [status.routerId, status.clusterId, status.peers, status.established],
      ['10.255.0.1', '224.0.0.1', 3, 2],
    );
    const table = formatNodeStatus(status, await api.peers(), new Date());
    assert.match(table, /^IPv4 BGP status$/m);
    assert.match(table, /\| 127\.0\.8\.2 +\| node specific \| up +\| \d\d:\d\d:\d\d \| Established +\|/);
    assert.match(table, /\| 127\.0\.8\.4 +\| node specific \| start \| .* \| Passive +\|/);
    assert.match(table, /^No IPv6 peers found\.$/m);
  });

  test('POST /intent reconfigures live; unknown endpoints are 404', async () => {
    const reply = await api.pushIntent({ nodeName: 'x' } as NodeIntent);
    assert.deepEqual(reply.removed, ['Node_127_0_8_4']);
    assert.deepEqual(reply.unchanged.sort(), ['Node_127_0_8_2', 'Node_127_0_8_3']);
    assert.equal(pushed.length, 1);
    assert.equal((await api.peers()).length, 2);
    assert.equal(a.session.state, 'Established');
    assert.deepEqual(await api.refresh('nobody'), { asked: 0 });
    const status = await new Promise<number>((resolve, reject) =>
      request({ socketPath: join(folder, 'api.sock'), path: '/nothing' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      })
        .on('error', reject)
        .end(),
    );
    assert.equal(status, 404);
  });
});
