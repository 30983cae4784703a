import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { BirdCommandError, BirdConfigError, BirdConnectionError } from '../../../src/lab/bird/bird-errors.js';
import { BirdControlClient } from '../../../src/lab/bird/control-client.js';
import { parseRouteCount } from '../../../src/lab/bird/route-count.js';
import { parseShowProtocolsAll } from '../../../src/lab/bird/show-protocols-all.js';
import { parseShowProtocols } from '../../../src/lab/bird/show-protocols.js';
import { parseShowRoute } from '../../../src/lab/bird/show-route.js';
import {
  BIRD16_CONFIGS,
  birdOnPath,
  recordRawReply,
  startBird16Lab,
  type Bird16Lab,
  type Bird16Node,
} from './bird16-lab.js';

/**
 * Runs the client against real BIRD 1.6 daemons. With RRLAB_RECORD_BIRD_FIXTURES=1 it also rewrites
 * test/fixtures/bird/bird16/ from the running lab (see the README there).
 */
const skip = birdOnPath()
  ? false
  : '`bird` (BIRD 1.6) is not on PATH; skipping the live control-socket tests';
const FIXTURES = new URL('../../../../test/fixtures/bird/bird16/', import.meta.url);

const RECORDED: ReadonlyArray<readonly [Bird16Node, string]> = [
  ['rr', 'show protocols'],
  ['rr', 'show protocols all'],
  ['rr', 'show protocols all Node_127_0_0_14'],
  ['rr', 'show route all'],
  ['rr', 'show route count'],
  ['rr', 'show route for 10.65.112.1 all'],
  ['rr', 'show route export Node_127_0_0_13'],
  ['rr', 'show route for 192.0.2.1'],
  ['rr', 'show nonsense'],
  ['c1', 'show protocols'],
  ['c1', 'show protocols all'],
  ['c1', 'show route all'],
  ['c2', 'show protocols'],
  ['c2', 'show protocols all'],
  ['c2', 'show route all'],
  ['c2', 'show route count'],
];

async function eventually<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(200);
    }
  }
}

describe('BirdControlClient against BIRD 1.6', { skip }, () => {
  let lab: Bird16Lab;
  const clients: BirdControlClient[] = [];
  const connect = async (node: Bird16Node): Promise<BirdControlClient> => {
    const client = await BirdControlClient.connect(lab.sockets[node], { timeoutMs: 10_000 });
    clients.push(client);
    return client;
  };

  before(async () => {
    lab = await startBird16Lab();
  });
  after(async () => {
    for (const client of clients) await client.close();
    await lab?.stop();
  });

  test('connect waits for a daemon that is not listening yet, then reads its version', async () => {
    await lab.kill('c2');
    const connecting = BirdControlClient.connect(lab.sockets.c2, { timeoutMs: 10_000 });
    await sleep(300);
    await lab.start('c2');
    const client = await connecting;
    clients.push(client);
    assert.equal(client.version, '1.6.8');
    assert.equal(client.generation, '1.x');
  });

  test('sessions come up: reflector clients Established, the missing peer and the wrong AS show errors', async () => {
    const rr = await connect('rr');
    const c1 = await connect('c1');
    const rows = await eventually(async () => {
      const rows = parseShowProtocols(await rr.command('show protocols'));
      const states = rows.filter((row) => row.proto === 'BGP').map((row) => [row.name, row.bgp?.state]);
      assert.deepEqual(states.slice(0, 2), [
        ['Node_127_0_0_12', 'Established'],
        ['Node_127_0_0_13', 'Established'],
      ]);
      return rows;
    }, 15_000);
    const missing = rows.find((row) => row.name === 'Node_127_0_0_14');
    assert.equal(missing?.state, 'start');
    assert.equal(missing?.bgp?.error?.class, 'socket');
    const wrongAs = await eventually(async () => {
      const row = parseShowProtocols(await c1.command('show protocols Mesh_127_0_0_13'))[0];
      assert.equal(row?.bgp?.error?.message, 'Bad peer AS');
      return row;
    }, 15_000);
    assert.equal(wrongAs?.bgp?.error?.class, 'notification-sent');
  });

  test('the reflector marks its clients route-reflector; clients see ORIGINATOR_ID and CLUSTER_LIST', async () => {
    const rr = await connect('rr');
    const [client] = parseShowProtocolsAll(await rr.command('show protocols all Node_127_0_0_12'));
    assert.equal(client?.bgpDetails?.session?.routeReflector, true);
    assert.equal(client?.bgpDetails?.neighborId, '10.0.0.12');
    const c2 = await connect('c2');
    const route = await eventually(async () => {
      const [route] = parseShowRoute(await c2.command('show route for 10.65.112.1 all'));
      assert.ok(route?.bgp);
      return route;
    }, 15_000);
    assert.equal(route.bgp?.originatorId, '10.0.0.12');
    assert.deepEqual(route.bgp?.clusterList, ['244.0.0.1']);
    assert.equal(route.bgp?.communities?.length, 45);
  });

  test('concurrent commands are queued and each gets its own reply', async () => {
    const rr = await connect('rr');
    const [protocols, count, routes] = await Promise.all([
      rr.command('show protocols'),
      rr.command('show route count'),
      rr.command('show route all'),
    ]);
    assert.equal(protocols.lines[0]?.code, 2002);
    assert.equal(count.code, 14);
    assert.equal(parseRouteCount(count).total.routes, parseShowRoute(routes).length);
  });

  test('run-time and parse errors reject with BIRD code and text', async () => {
    const rr = await connect('rr');
    await assert.rejects(rr.command('show route for 192.0.2.1'), (error: unknown) => {
      assert.ok(error instanceof BirdCommandError);
      assert.equal(error.code, 8001);
      assert.equal(error.text, 'Network not in table');
      return true;
    });
    await assert.rejects(rr.command('show nonsense'), (error: unknown) => {
      assert.ok(error instanceof BirdCommandError);
      assert.equal(error.code, 9001);
      return true;
    });
    // The connection stays usable after an error reply.
    assert.ok(parseShowProtocols(await rr.command('show protocols')).length > 0);
  });

  test('configure: a broken file gives BIRD message, line and column; a good one reconfigures', async () => {
    const c1 = await connect('c1');
    const broken = `${lab.dir}/broken.conf`;
    await writeFile(broken, 'router id 10.0.0.12;\nprotocol static s1 { route 10.65.12.0/26 blackhol; }\n');
    await assert.rejects(c1.configure(broken), (error: unknown) => {
      assert.ok(error instanceof BirdConfigError);
      assert.equal(error.code, 8002);
      assert.equal(error.file, broken);
      assert.equal(error.line, 2);
      // Column 42 is where the misspelt `blackhol` starts.
      assert.equal(error.column, 42);
      assert.equal(error.birdMessage, 'syntax error');
      return true;
    });
    const result = await c1.configure();
    assert.equal(result.code, 3);
    assert.equal(result.message, 'Reconfigured');
    assert.equal(result.file, lab.configs.c1);
  });

  test('after BIRD restarts, the next command reconnects; while it is down, commands fail', async () => {
    const rr = await connect('rr');
    await rr.command('show protocols');
    await lab.kill('rr');
    await assert.rejects(rr.command('show protocols'), BirdConnectionError);
    await lab.start('rr');
    await eventually(() => recordRawReply(lab.sockets.rr, 'show status'), 10_000);
    const rows = parseShowProtocols(await rr.command('show protocols'));
    assert.ok(rows.some((row) => row.name === 'Node_127_0_0_12'));
  });

  test(
    'records fixtures when asked to',
    { skip: process.env.RRLAB_RECORD_BIRD_FIXTURES !== '1' },
    async () => {
      const rr = await connect('rr');
      await eventually(async () => {
        const established = parseShowProtocols(await rr.command('show protocols')).filter(
          (row) => row.bgp?.state === 'Established',
        );
        assert.equal(established.length, 2);
        const routes = parseShowRoute(await rr.command('show route all'));
        assert.equal(routes.length, 4);
      }, 20_000);
      await mkdir(new URL('configs/', FIXTURES), { recursive: true });
      for (const [node, config] of Object.entries(BIRD16_CONFIGS)) {
        await writeFile(new URL(`configs/${node}.conf`, FIXTURES), config);
      }
      for (const [node, command] of RECORDED) {
        const raw = await recordRawReply(lab.sockets[node], command);
        await writeFile(new URL(`${node}--${command.replaceAll(' ', '-')}.txt`, FIXTURES), raw);
      }
      const broken = `${lab.dir}/broken.conf`;
      await writeFile(broken, 'router id 10.0.0.12;\nprotocol static s1 { route 10.65.12.0/26 blackhol; }\n');
      const raw = await recordRawReply(lab.sockets.c1, `configure "${broken}"`);
      await writeFile(
        new URL('c1--configure-broken.txt', FIXTURES),
        raw.replaceAll(lab.dir, '/tmp/rrlab-bird16'),
      );
    },
  );
});
