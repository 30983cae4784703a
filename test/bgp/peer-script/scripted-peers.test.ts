import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { formatPrefix, parsePrefix } from '../../../src/bgp/codec/prefix.js';
import type { UpdateMessage } from '../../../src/bgp/codec/messages.js';
import { BgpSpeaker, type BgpSession } from '../../../src/bgp/speaker/index.js';
import { addToIpv4, parsePeerScriptConfig } from '../../../src/bgp/peer-script/config.js';
import { parseCommand } from '../../../src/bgp/peer-script/commands.js';
import type { UpdateRecord } from '../../../src/bgp/peer-script/record.js';
import { ScriptedPeers } from '../../../src/bgp/peer-script/scripted-peers.js';

const AS = 65000;

/** A target speaker of ours on 127.0.0.1 that accepts `count` passive peers from 127.0.0.2 on. */
async function target(
  count: number,
  firstPeer = '127.0.0.2',
): Promise<{ speaker: BgpSpeaker; sessions: BgpSession[] }> {
  const speaker = new BgpSpeaker({ listen: { host: '127.0.0.1', port: 0 } });
  await speaker.listen();
  const sessions = Array.from({ length: count }, (_, i) =>
    speaker.addPeer({
      peerAddress: addToIpv4(firstPeer, i),
      localAs: AS,
      peerAs: AS,
      routerId: '10.0.0.1',
      passive: true,
      holdTime: 30,
    }),
  );
  return { speaker, sessions };
}

function collectUpdates(session: BgpSession): UpdateMessage[] {
  const updates: UpdateMessage[] = [];
  session.on('update', (update) => updates.push(update));
  return updates;
}

async function eventually(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('scripted peers', () => {
  test('config: `count` expands to consecutive source addresses and router IDs', () => {
    const config = parsePeerScriptConfig({
      target: { address: '127.0.0.1', as: AS },
      localAs: AS,
      count: 3,
      firstAddress: '127.0.0.254',
      firstRouterId: '10.0.0.2',
    });
    assert.deepEqual(
      config.sessions.map((s) => [s.localAddress, s.routerId]),
      [
        ['127.0.0.254', '10.0.0.2'],
        ['127.0.0.255', '10.0.0.3'],
        ['127.0.1.0', '10.0.0.4'],
      ],
    );
    assert.throws(() => parsePeerScriptConfig({ target: { address: '127.0.0.1' }, localAs: AS }), /target/);
    assert.throws(() => parseCommand('{"op":"announce"}'), /prefixes/);
    assert.throws(() => parseCommand('{"op":"dance"}'), /unknown command/);
  });

  test('RFC 4271 §4.3, RFC 4724 §2: N sessions from N source addresses announce, receive, withdraw and send End-of-RIB', async () => {
    const { speaker, sessions } = await target(3);
    const received = sessions.map(collectUpdates);
    const peers = new ScriptedPeers({
      target: { address: '127.0.0.1', port: speaker.port ?? 0, as: AS },
      localAs: AS,
      sessions: [0, 1, 2].map((i) => ({
        localAddress: addToIpv4('127.0.0.2', i),
        routerId: addToIpv4('10.0.0.2', i),
      })),
      holdTime: 30,
      announce: [{ sessions: [1], prefixes: ['10.65.3.0/26'], attributes: { communities: ['65000:100'] } }],
    });
    await peers.start();
    await peers.waitEstablished(5000);
    // Each target session sees its own source address.
    assert.deepEqual(
      sessions.map((s) => s.endpoints?.remote),
      ['127.0.0.2', '127.0.0.3', '127.0.0.4'],
    );
    // Initial announcement then End-of-RIB (an empty UPDATE) on session 1; only End-of-RIB on the others.
    await eventually(
      () => received.every((updates) => updates.some((u) => u.nlri.length === 0 && u.withdrawn.length === 0)),
      3000,
      'End-of-RIB',
    );
    const initial = received[1]?.find((u) => u.nlri.length > 0);
    assert.deepEqual(initial?.nlri.map(formatPrefix), ['10.65.3.0/26']);
    assert.equal(initial?.attributes.nextHop, 0x7f000003, 'next hop defaults to the session source address');
    assert.equal(initial?.attributes.localPref, 100, 'iBGP UPDATEs carry LOCAL_PREF (RFC 4271 §5.1.5)');
    assert.deepEqual(initial?.attributes.communities, [65000 * 65536 + 100]);

    const prefixes = Array.from({ length: 500 }, (_, i) => `10.${100 + (i >> 8)}.${i & 0xff}.0/24`);
    const messages = await peers.announce('all', prefixes, { localPref: 200, asPath: [] });
    assert.ok(
      messages >= 3 && messages <= 6,
      `500 prefixes packed densely into ${messages} UPDATEs for 3 sessions`,
    );
    await eventually(
      () => received.every((updates) => updates.reduce((n, u) => n + u.nlri.length, 0) >= 500),
      3000,
      'all prefixes at the target',
    );
    await peers.withdraw([0], prefixes.slice(0, 10));
    await eventually(() => (received[0] ?? []).some((u) => u.withdrawn.length === 10), 3000, 'withdrawals');

    // The target announces to session 2; the scripted peer records it with a timestamp.
    sessions[2]?.sendUpdate({
      type: 'update',
      withdrawn: [],
      attributes: {
        origin: 0,
        asPath: [],
        nextHop: 0x7f000001,
        localPref: 100,
        originatorId: 0x0a000009,
        clusterList: [0xf4000001],
      },
      nlri: [parsePrefix('10.65.9.0/26')],
    });
    await eventually(() => peers.updates(2).length > 0, 3000, 'a recorded UPDATE');
    const record = peers.updates(2)[0] as UpdateRecord;
    assert.deepEqual(record.announced, ['10.65.9.0/26']);
    assert.equal(record.localAddress, '127.0.0.4');
    assert.deepEqual(record.attributes['clusterList'], ['244.0.0.1']);
    assert.equal(record.attributes['originatorId'], '10.0.0.9');
    assert.ok(record.t > 0 && record.mono > 0);

    const downs: string[] = [];
    for (const session of sessions) session.on('down', (reason) => downs.push(reason));
    await peers.stop('bench done');
    await eventually(() => downs.length === 3, 3000, 'Cease at the target');
    assert.deepEqual(downs, Array(3).fill('Received: Administrative shutdown: bench done'));
    await speaker.close();
  });

  test('main.js: runs from a JSON config, takes commands on stdin and writes JSON lines', async () => {
    const { speaker, sessions } = await target(2, '127.0.0.12');
    const received = sessions.map(collectUpdates);
    const dir = mkdtempSync(join(tmpdir(), 'rrlab-peer-script-'));
    try {
      const configPath = join(dir, 'peers.json');
      writeFileSync(
        configPath,
        JSON.stringify({
          target: { address: '127.0.0.1', port: speaker.port, as: AS },
          localAs: AS,
          count: 2,
          firstAddress: '127.0.0.12',
          firstRouterId: '10.0.1.1',
          holdTime: 30,
        }),
      );
      const mainPath = new URL('../../../src/bgp/peer-script/main.js', import.meta.url).pathname;
      const child = spawn(process.execPath, [mainPath, '--config', configPath], {
        stdio: ['pipe', 'pipe', 'inherit'],
      });
      const lines: Record<string, unknown>[] = [];
      createInterface({ input: child.stdout }).on('line', (line) =>
        lines.push(JSON.parse(line) as Record<string, unknown>),
      );
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.stdin.write('{"op":"wait-established","timeoutMs":5000}\n');
      child.stdin.write(
        '{"op":"announce","sessions":[1],"prefixes":["10.65.12.0/26"],"attributes":{"med":7}}\n',
      );
      await eventually(
        () => lines.filter((l) => l['event'] === 'command').length === 2,
        5000,
        'two acknowledgements',
      );
      assert.ok(
        lines.filter((l) => l['event'] === 'command').every((l) => l['ok'] === true),
        JSON.stringify(lines),
      );
      await eventually(() => (received[1] ?? []).some((u) => u.nlri.length === 1), 3000, 'the announcement');
      assert.equal(received[1]?.find((u) => u.nlri.length === 1)?.attributes.med, 7);
      assert.ok(lines.some((l) => l['event'] === 'state' && l['to'] === 'Established' && l['session'] === 1));
      child.stdin.write('{"op":"stop","message":"bye"}\n');
      assert.equal(await exited, 0);
      await eventually(() => sessions.every((s) => s.state !== 'Established'), 3000, 'sessions down');
      assert.equal(sessions[0]?.lastError, 'Received: Administrative shutdown: bye');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await speaker.close();
    }
  });
});
