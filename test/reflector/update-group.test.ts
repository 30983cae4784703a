import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ReflectorAction } from '../../src/reflector/actions.js';
import { announce, client, lines, makeCore, nonClient, peerUp, recipients, withdraw } from './helpers.js';

const sends = (actions: readonly ReflectorAction[]) =>
  actions.filter((action): action is Extract<ReflectorAction, { type: 'send' }> => action.type === 'send');

function clients(count: number) {
  return Array.from({ length: count }, (_, i) => client(`10.0.1.${i + 1}`));
}

function upAll(core: ReturnType<typeof makeCore>, count: number, addPath?: number): void {
  for (let i = 1; i <= count; i++) {
    core.handle(
      peerUp(`10.0.1.${i}`, { bgpId: `10.0.1.${i}`, ...(addPath === undefined ? {} : { addPath }) }),
    );
  }
}

const prefixes = (count: number, third = 65) =>
  Array.from({ length: count }, (_, i) => `10.${third}.${i >> 2}.${(i & 3) * 64}/26`);

describe('update groups and buckets (BIRD buckets, FRR update groups)', () => {
  test('RFC 4456 §6: one encoding reaches every other member of the group', () => {
    const core = makeCore(clients(21));
    upAll(core, 21);
    const [group] = [...core.updateGroups()];
    assert.ok(group);
    const before = group.counters.encodedMessages;
    const actions = core.handle(announce('10.0.1.1', prefixes(100), { nextHop: '10.0.1.1' }));
    const sent = sends(actions);
    assert.equal(sent.length, 1, 'one send action for the whole group');
    assert.equal(sent[0]?.peers.length, 20);
    assert.equal(sent[0]?.peers.includes('10.0.1.1'), false, 'never back to the source');
    assert.equal(sent[0]?.messages.length, 1, '100 /26 NLRI with one attribute set fit one UPDATE');
    assert.equal(group.counters.encodedMessages - before, 1, 'encoded once');
  });

  test('RFC 4271 App. F.1: the per-peer baseline encodes once per peer', () => {
    const core = makeCore(clients(21), { shareUpdateGroups: false });
    upAll(core, 21);
    const actions = core.handle(announce('10.0.1.1', prefixes(100), { nextHop: '10.0.1.1' }));
    assert.equal(sends(actions).length, 20);
    let encoded = 0;
    for (const group of core.updateGroups()) encoded += group.counters.encodedMessages;
    assert.equal(encoded, 20, 'one encoding per receiving peer');
  });

  test('RFC 4271 §9.1.3: a prefix changed twice in one batch goes out once, with its latest state', () => {
    const core = makeCore(clients(3));
    upAll(core, 3);
    const actions = core.handleBatch([
      announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1', localPref: 100 }),
      announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 200 }),
    ]);
    assert.deepEqual(lines(core, actions).sort(), [
      'send 10.0.1.2 10.0.1.3: announce 10.65.0.0/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.1; LOCAL_PREF: 200; ORIGINATOR_ID: 10.0.1.1; CLUSTER_LIST: 244.0.0.1',
      'send 10.0.1.2 10.0.1.3: announce 10.65.0.64/26 | ORIGIN: IGP; AS_PATH:; NEXT_HOP: 10.0.1.1; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.1.1; CLUSTER_LIST: 244.0.0.1',
    ]);
  });

  test('RFC 4271 §9.1.3: a change undone within a batch sends nothing', () => {
    const core = makeCore(clients(3));
    upAll(core, 3);
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 100 }));
    const actions = core.handleBatch([
      announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 300 }),
      announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 100 }),
    ]);
    assert.deepEqual(sends(actions), []);
  });

  test('RFC 4271 §9.1.3: announced and withdrawn in one batch: nothing goes out', () => {
    const core = makeCore(clients(3));
    upAll(core, 3);
    const actions = core.handleBatch([
      announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }),
      withdraw('10.0.1.1', ['10.65.0.0/26']),
    ]);
    assert.deepEqual(sends(actions), []);
  });

  test('RFC 4271 §9.2: withdrawals have their own bucket and go first', () => {
    const core = makeCore(clients(3));
    upAll(core, 3);
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const actions = core.handleBatch([
      announce('10.0.1.1', ['10.65.0.64/26'], { nextHop: '10.0.1.1' }),
      withdraw('10.0.1.1', ['10.65.0.0/26']),
    ]);
    const text = lines(core, actions);
    assert.equal(text.length, 2);
    assert.equal(text[0], 'send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26');
    assert.match(text[1] ?? '', /^send 10\.0\.1\.2 10\.0\.1\.3: announce 10\.65\.0\.64\/26 \|/);
  });

  test('RFC 4456 §6: a member that becomes the source of the best path gets a withdrawal, alone', () => {
    const core = makeCore(clients(3));
    upAll(core, 3);
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 100 }));
    const actions = core.handle(
      announce('10.0.1.2', ['10.65.0.0/26'], { nextHop: '10.0.1.2', localPref: 200 }),
    );
    const text = lines(core, actions);
    assert.ok(text.includes('send 10.0.1.2: withdraw 10.65.0.0/26'), text.join('\n'));
    assert.ok(
      text.some((line) => line.startsWith('send 10.0.1.1 10.0.1.3: announce 10.65.0.0/26 |')),
      text.join('\n'),
    );
  });

  test('RFC 4456 §6: clients and non-clients are separate groups; non-client routes reach clients only', () => {
    const core = makeCore([
      client('10.0.1.1'),
      client('10.0.1.2'),
      nonClient('10.0.2.1'),
      nonClient('10.0.2.2'),
    ]);
    for (const peer of ['10.0.1.1', '10.0.1.2', '10.0.2.1', '10.0.2.2'])
      core.handle(peerUp(peer, { bgpId: peer }));
    assert.equal([...core.updateGroups()].length, 2);
    const fromNonClient = core.handle(announce('10.0.2.1', ['10.66.0.0/24'], { nextHop: '10.0.2.1' }));
    assert.deepEqual([...recipients(fromNonClient)].sort(), ['10.0.1.1', '10.0.1.2']);
    const fromClient = core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    assert.deepEqual([...recipients(fromClient)].sort(), ['10.0.1.2', '10.0.2.1', '10.0.2.2']);
  });

  test('RFC 4724 §2: a peer joining a group gets the current table, then End-of-RIB', () => {
    const core = makeCore(clients(3));
    upAll(core, 2);
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    core.handle(announce('10.0.1.2', ['10.65.1.0/26'], { nextHop: '10.0.1.2' }));
    const actions = core.handle(peerUp('10.0.1.3', { bgpId: '10.0.1.3' }));
    const text = lines(core, actions);
    assert.equal(text.length, 3, text.join('\n'));
    assert.match(text[0] ?? '', /^send 10\.0\.1\.3: announce 10\.65\.0\.0\/26 \|.*NEXT_HOP: 10\.0\.1\.1/);
    assert.match(text[1] ?? '', /^send 10\.0\.1\.3: announce 10\.65\.1\.0\/26 \|.*NEXT_HOP: 10\.0\.1\.2/);
    assert.equal(text[2], 'send 10.0.1.3: end-of-rib ipv4');
  });

  test('RFC 4724 §2: the first member of a new group gets the table through the group, then End-of-RIB', () => {
    const core = makeCore([client('10.0.1.1'), nonClient('10.0.2.1')]);
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const text = lines(core, core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' })));
    assert.equal(text.length, 2, text.join('\n'));
    assert.match(text[0] ?? '', /^send 10\.0\.2\.1: announce 10\.65\.0\.0\/26 \|/);
    assert.equal(text[1], 'send 10.0.2.1: end-of-rib ipv4');
  });

  test('RFC 7911 §5: ADD-PATH receivers get every path with our own Path Identifiers, never their own', () => {
    const core = makeCore(clients(3));
    upAll(core, 3, 3);
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1', localPref: 100 }, 7));
    const actions = core.handle(
      announce('10.0.1.2', ['10.65.0.0/26'], { nextHop: '10.0.1.2', localPref: 200 }, 7),
    );
    const text = lines(core, actions);
    // Path 1 (from 10.0.1.1) is already with 10.0.1.2 and 10.0.1.3; path 2 goes to the others.
    assert.deepEqual(
      text.map((line) => line.split(' | ')[0]),
      ['send 10.0.1.1 10.0.1.3: announce 10.65.0.0/26#2'],
    );
    const withdrawn = lines(core, core.handle(withdraw('10.0.1.1', ['10.65.0.0/26'], 7)));
    assert.deepEqual(withdrawn, ['send 10.0.1.2 10.0.1.3: withdraw 10.65.0.0/26#1']);
  });

  test('RFC 4760 §3: IPv6 routes are reflected in MP_REACH_NLRI with their next hop unchanged', async () => {
    const { announce6 } = await import('./helpers.js');
    const core = makeCore([
      client('fd00::1', { families: ['ipv6'], localAddress: 'fd00::100' }),
      client('fd00::2', { families: ['ipv6'], localAddress: 'fd00::100' }),
    ]);
    core.handle(peerUp('fd00::1', { bgpId: '10.0.0.1', families: ['ipv6'] }));
    core.handle(peerUp('fd00::2', { bgpId: '10.0.0.2', families: ['ipv6'] }));
    const text = lines(core, core.handle(announce6('fd00::1', ['fd00:10::/122'], 'fd00::1')));
    assert.deepEqual(text, [
      'send fd00::2: announce fd00:10::/122 | ORIGIN: IGP; AS_PATH:; LOCAL_PREF: 100; ORIGINATOR_ID: 10.0.0.1; CLUSTER_LIST: 244.0.0.1; MP_NEXT_HOP: fd00::1',
    ]);
  });
});

describe("a best-path group's Adj-RIB-Out in Loc-RIB slots", () => {
  const socketDown = (peer: string) =>
    ({ type: 'peer-down', peer, reason: { kind: 'socket', text: 'Connection closed' } }) as const;

  test('RFC 4456 §6: a client group and a non-client group each keep their own entry for one prefix', () => {
    const core = makeCore([...clients(2), nonClient('10.0.2.1')]);
    upAll(core, 2);
    core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' }));
    core.handle(announce('10.0.1.1', ['10.65.0.0/26'], { nextHop: '10.0.1.1' }));
    const sizes = [...core.updateGroups()].map((group) => group.size).sort();
    assert.deepEqual(sizes, [1, 1]);
    // The non-client joins again after a flap: its dump comes from its group's slot.
    core.handle(socketDown('10.0.2.1'));
    const dump = lines(core, core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' })));
    assert.deepEqual(
      dump.map((line) => line.split(' | ')[0]),
      ['send 10.0.2.1: announce 10.65.0.0/26', 'send 10.0.2.1: end-of-rib ipv4'],
    );
  });

  test('a dropped group frees its slot and its attribute references; the next group starts empty', () => {
    const core = makeCore([...clients(2), nonClient('10.0.2.1')]);
    upAll(core, 2);
    core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' }));
    core.handle(announce('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26'], { nextHop: '10.0.1.1' }));
    core.handle(socketDown('10.0.2.1'));
    core.handle(withdraw('10.0.1.1', ['10.65.0.0/26', '10.65.0.64/26']));
    assert.equal(core.interner.size, 0, 'no attribute set kept alive by the dropped group');
    // A new group takes the freed slot: it must not see the old group's entries.
    core.handle(announce('10.0.1.1', ['10.65.1.0/26'], { nextHop: '10.0.1.1' }));
    const dump = lines(core, core.handle(peerUp('10.0.2.1', { bgpId: '10.0.2.1' })));
    assert.deepEqual(
      dump.map((line) => line.split(' | ')[0]),
      ['send 10.0.2.1: announce 10.65.1.0/26', 'send 10.0.2.1: end-of-rib ipv4'],
    );
    const withdrawn = lines(core, core.handle(withdraw('10.0.1.1', ['10.65.1.0/26'])));
    assert.deepEqual(withdrawn.sort(), [
      'send 10.0.1.2: withdraw 10.65.1.0/26',
      'send 10.0.2.1: withdraw 10.65.1.0/26',
    ]);
    assert.equal(core.interner.size, 0);
  });
});

describe('own Path Identifiers and the Adj-RIB-In read from the Loc-RIB', () => {
  test('RFC 7911 §2: a new path gets an identifier above those in use; a replacement keeps its own', async () => {
    const { parsePrefix } = await import('../../src/bgp/codec/prefix.js');
    const core = makeCore(clients(3));
    upAll(core, 3, 3);
    const prefix = '10.65.0.0/26';
    core.handle(announce('10.0.1.1', [prefix], { nextHop: '10.0.1.1' }, 7));
    core.handle(announce('10.0.1.2', [prefix], { nextHop: '10.0.1.2' }, 7));
    core.handle(withdraw('10.0.1.1', [prefix], 7));
    core.handle(announce('10.0.1.3', [prefix], { nextHop: '10.0.1.3' }, 7));
    core.handle(announce('10.0.1.2', [prefix], { nextHop: '10.0.1.2', localPref: 300 }, 7));
    const ids = (core.destination(parsePrefix(prefix))?.candidates ?? []).map(
      (route) => `${route.source.address}#${route.localPathId}`,
    );
    assert.deepEqual(ids.sort(), ['10.0.1.2#2', '10.0.1.3#3']);
    assert.equal(core.adjRibIn('10.0.1.1')?.count(0x101), 0);
    assert.equal(core.adjRibIn('10.0.1.2')?.count(0x101), 1);
    assert.equal(
      core.adjRibIn('10.0.1.2')?.get(core.destination(parsePrefix(prefix))?.key ?? '', 7)?.localPathId,
      2,
    );
    assert.deepEqual([...(core.adjRibIn('10.0.1.3')?.routes(0x101) ?? [])].length, 1);
  });
});
