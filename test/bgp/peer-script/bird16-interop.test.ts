import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import type { UpdateRecord } from '../../../src/bgp/peer-script/record.js';
import { ScriptedPeers } from '../../../src/bgp/peer-script/scripted-peers.js';

/** The executable's path when it is on PATH. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function eventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const bird = onPath('bird');
const birdc = onPath('birdc');

test(
  'RFC 4271 §8 and RFC 4456 §8 with real BIRD 1.6: scripted sessions establish, BIRD reflects with ORIGINATOR_ID and CLUSTER_LIST, Cease is logged',
  { skip: bird === undefined || birdc === undefined ? 'bird/birdc (Debian `bird`, 1.6) not on PATH' : false },
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rrlab-bird16-'));
    const port = await freePort('127.0.0.1');
    const socketPath = join(dir, 'bird.ctl');
    // BIRD 1.6 as a Calico-style route reflector (rr client, cluster ID 244.0.0.1), passive on its own
    // port, so no root-only port or kernel routes are involved.
    writeFileSync(
      join(dir, 'bird.conf'),
      `router id 10.0.0.1;
listen bgp address 127.0.0.1 port ${port};
protocol device { }
protocol static s1 { route 10.65.1.0/26 blackhole; }
template bgp clients {
  local 127.0.0.1 as 65000;
  passive on;
  rr client;
  rr cluster id 244.0.0.1;
  hold time 9;
  graceful restart;
  import all;
  export all;
}
protocol bgp c1 from clients { neighbor 127.0.0.22 as 65000; }
protocol bgp c2 from clients { neighbor 127.0.0.23 as 65000; }
`,
    );
    const daemon = spawn(bird as string, ['-f', '-c', join(dir, 'bird.conf'), '-s', socketPath], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    daemon.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const showProtocols = async (): Promise<string> =>
      (await promisify(execFile)(birdc as string, ['-s', socketPath, 'show', 'protocols'])).stdout;
    const peers = new ScriptedPeers({
      target: { address: '127.0.0.1', port, as: 65000 },
      localAs: 65000,
      sessions: [
        { localAddress: '127.0.0.22', routerId: '10.0.0.22' },
        { localAddress: '127.0.0.23', routerId: '10.0.0.23' },
      ],
      holdTime: 9,
      connectRetryTime: 0.5,
      announce: [{ sessions: [0], prefixes: ['10.65.22.0/26'], attributes: { communities: ['65000:22'] } }],
    });
    try {
      await eventually(
        () =>
          showProtocols().then(
            () => true,
            () => false,
          ),
        5000,
        `BIRD control socket (stderr: ${stderr})`,
      );
      await peers.start();
      await peers.waitEstablished(10_000);
      const reflected = (): UpdateRecord | undefined =>
        peers.updates(1).find((line) => (line as UpdateRecord).announced.includes('10.65.22.0/26')) as
          UpdateRecord | undefined;
      await eventually(() => reflected() !== undefined, 5000, 'the reflected route at c2');
      // RFC 4456 §8: ORIGINATOR_ID = the originator's BGP Identifier, CLUSTER_LIST = [cluster ID];
      // NEXT_HOP, LOCAL_PREF and communities unchanged (RFC 4456 §10).
      assert.deepEqual(reflected()?.attributes, {
        origin: 'igp',
        asPath: [],
        nextHop: '127.0.0.22',
        localPref: 100,
        communities: ['65000:22'],
        originatorId: '10.0.0.22',
        clusterList: ['244.0.0.1'],
      });
      // BIRD's own static route reaches both, and BIRD sends End-of-RIB (graceful restart negotiated).
      for (const session of [0, 1]) {
        const updates = peers.updates(session) as UpdateRecord[];
        assert.ok(updates.some((u) => u.announced.includes('10.65.1.0/26')));
        assert.ok(updates.some((u) => u.endOfRib));
      }
      assert.match(await showProtocols(), /c1\s+BGP\s+master\s+up\s+\S+\s+Established/);
      assert.match(await showProtocols(), /c2\s+BGP\s+master\s+up\s+\S+\s+Established/);

      await peers.withdraw([0], ['10.65.22.0/26']);
      await eventually(
        () => (peers.updates(1) as UpdateRecord[]).some((u) => u.withdrawn.includes('10.65.22.0/26')),
        5000,
        'the withdrawal at c2',
      );

      await peers.stop('rrlab test done');
      await eventually(
        async () =>
          (await showProtocols()).split('\n').filter((l) => l.includes('Received: Administrative shutdown'))
            .length === 2,
        5000,
        'BIRD logging our Cease',
      );
    } finally {
      await peers.stop();
      daemon.kill('SIGTERM');
      await new Promise((resolve) =>
        daemon.exitCode !== null ? resolve(null) : daemon.once('exit', resolve),
      );
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
