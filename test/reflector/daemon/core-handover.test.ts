import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIpv4 } from '../../../src/bgp/codec/bytes.js';
import { negotiateCodecContext } from '../../../src/bgp/codec/context.js';
import { decodeMessage } from '../../../src/bgp/codec/message-codec.js';
import { formatPrefix } from '../../../src/bgp/codec/prefix.js';
import type { OpenMessage, UpdateMessage } from '../../../src/bgp/codec/messages.js';
import { negotiateContext } from '../../../src/bgp/speaker/negotiated-context.js';
import type { ReflectorAction } from '../../../src/reflector/actions.js';
import type { ReflectorConfig } from '../../../src/reflector/config.js';
import { ReflectorCore } from '../../../src/reflector/reflector-core.js';
import { handOver, type CarriedPeer } from '../../../src/reflector/daemon/core-handover.js';
import { AS, birdLikeCapabilities, nlri } from './harness.js';

const ours = (addPath: boolean): OpenMessage => ({
  type: 'open',
  version: 4,
  myAs: AS,
  holdTime: 240,
  bgpId: parseIpv4('10.255.0.1')!,
  capabilities: birdLikeCapabilities(AS, addPath),
});
const theirs = (id: string, addPath: boolean): OpenMessage => ({ ...ours(addPath), bgpId: parseIpv4(id)! });
const negotiated = (id: string, addPath: boolean) =>
  negotiateContext(ours(addPath), theirs(id, addPath), 'internal');

function config(addresses: string[]): ReflectorConfig {
  return {
    routerId: parseIpv4('10.255.0.1')!,
    asn: AS,
    clusterId: parseIpv4('224.0.0.1')!,
    peers: addresses.map((address) => ({ address, asn: AS, rrClient: true, families: ['ipv4'] })),
  };
}

function announce(prefix: string, nextHop: string, localPref: number): UpdateMessage {
  return {
    type: 'update',
    withdrawn: [],
    attributes: { origin: 0, asPath: [], nextHop: parseIpv4(nextHop)!, localPref },
    nlri: [nlri(prefix)],
  };
}

/** What a receiver holds after the messages the core sent it: `prefix#pathId` → LOCAL_PREF. */
class Receiver {
  readonly table = new Map<string, number | undefined>();
  constructor(
    readonly address: string,
    private readonly open: OpenMessage,
    private readonly reflectorOpen: OpenMessage,
  ) {}

  apply(actions: readonly ReflectorAction[]): void {
    const context = negotiateCodecContext(this.open, this.reflectorOpen, 'internal');
    for (const action of actions) {
      if (action.type !== 'send' || !action.peers.includes(this.address)) continue;
      for (const bytes of action.messages) {
        const result = decodeMessage(bytes, context);
        assert.equal(result.action, 'none');
        if (result.action !== 'none' || result.message.type !== 'update') continue;
        const update = result.message;
        for (const n of update.withdrawn) this.table.delete(`${formatPrefix(n)}#${n.pathId}`);
        for (const n of update.nlri)
          this.table.set(`${formatPrefix(n)}#${n.pathId}`, update.attributes.localPref);
      }
    }
  }
}

describe('core handover (live reconfiguration)', () => {
  test("RFC 7911: ADD-PATH receivers end with the new core's Path Identifiers after a peer is removed", () => {
    const addresses = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.9'];
    const old = new ReflectorCore(config(addresses));
    const observer = new Receiver('10.0.0.9', theirs('10.0.0.9', true), ours(true));
    const up = addresses.map((address) => ({
      type: 'peer-up' as const,
      peer: address,
      negotiated: negotiated(address, true),
    }));
    observer.apply(old.handleBatch(up));
    // X (10.0.0.1) first, so it takes Path Identifier 1; A gets 2, B gets 3.
    observer.apply(
      old.handle({ type: 'update', peer: '10.0.0.1', update: announce('10.9.0.0/24', '10.0.0.1', 300) }),
    );
    observer.apply(
      old.handle({ type: 'update', peer: '10.0.0.2', update: announce('10.9.0.0/24', '10.0.0.2', 200) }),
    );
    observer.apply(
      old.handle({ type: 'update', peer: '10.0.0.3', update: announce('10.9.0.0/24', '10.0.0.3', 100) }),
    );
    assert.deepEqual([...observer.table.entries()].sort(), [
      ['10.9.0.0/24#1', 300],
      ['10.9.0.0/24#2', 200],
      ['10.9.0.0/24#3', 100],
    ]);
    // X leaves through the old core, then the rest moves into a new one.
    observer.apply(
      old.handle({
        type: 'peer-down',
        peer: '10.0.0.1',
        reason: { kind: 'manual', text: 'Peer de-configured' },
      }),
    );
    const carried: CarriedPeer[] = ['10.0.0.2', '10.0.0.3', '10.0.0.9'].map((address) => ({
      address,
      negotiated: negotiated(address, true),
      up: true,
      endOfRibReceived: new Set(),
    }));
    const handover = handOver(old, config(addresses), config(['10.0.0.2', '10.0.0.3', '10.0.0.9']), carried);
    assert.equal(handover.renumbered, 2);
    observer.apply(handover.actions);
    assert.deepEqual([...observer.table.entries()].sort(), [
      ['10.9.0.0/24#1', 200],
      ['10.9.0.0/24#2', 100],
    ]);
    // The new core's view of what the observer has is right: a withdrawal reaches it as one.
    observer.apply(
      handover.core.handle({
        type: 'update',
        peer: '10.0.0.2',
        update: { type: 'update', withdrawn: [nlri('10.9.0.0/24')], attributes: {}, nlri: [] },
      }),
    );
    assert.deepEqual([...observer.table.entries()], [['10.9.0.0/24#2', 100]]);
  });

  test('without ADD-PATH nothing is re-sent, the routes and best paths carry over, later changes flow', () => {
    const old = new ReflectorCore(config(['10.0.0.1', '10.0.0.2', '10.0.0.9']));
    const observer = new Receiver('10.0.0.9', theirs('10.0.0.9', false), ours(false));
    for (const address of ['10.0.0.1', '10.0.0.2', '10.0.0.9'])
      observer.apply(
        old.handle({
          type: 'peer-up',
          peer: address,
          negotiated: negotiated(address, false),
        }),
      );
    observer.apply(
      old.handle({ type: 'update', peer: '10.0.0.1', update: announce('10.8.1.0/24', '10.0.0.1', 100) }),
    );
    observer.apply(
      old.handle({ type: 'update', peer: '10.0.0.2', update: announce('10.8.2.0/24', '10.0.0.2', 100) }),
    );
    const carried: CarriedPeer[] = ['10.0.0.1', '10.0.0.2', '10.0.0.9'].map((address) => ({
      address,
      negotiated: negotiated(address, false),
      up: true,
      endOfRibReceived: new Set([0x101]),
    }));
    const handover = handOver(
      old,
      config(['10.0.0.1', '10.0.0.2', '10.0.0.9']),
      config(['10.0.0.1', '10.0.0.2', '10.0.0.9', '10.0.0.5']),
      carried,
    );
    assert.deepEqual(
      handover.actions.filter((a) => a.type === 'send'),
      [],
    );
    assert.equal(handover.core.locRib.size, 2);
    assert.equal(handover.core.destination(nlri('10.8.1.0/24'))?.best?.route.source.address, '10.0.0.1');
    observer.apply(
      handover.core.handle({ type: 'peer-down', peer: '10.0.0.1', reason: { kind: 'manual', text: 'stop' } }),
    );
    assert.deepEqual([...observer.table.keys()], ['10.8.2.0/24#0']);
  });

  test('RFC 4724 §4.2: a restarting peer keeps its routes stale across the handover and its restart timer runs again', () => {
    const old = new ReflectorCore(config(['10.0.0.1', '10.0.0.9']));
    for (const address of ['10.0.0.1', '10.0.0.9'])
      old.handle({
        type: 'peer-up',
        peer: address,
        negotiated: negotiated(address, false),
      });
    old.handle({ type: 'update', peer: '10.0.0.1', update: announce('10.7.0.0/24', '10.0.0.1', 100) });
    const down = old.handle({
      type: 'peer-down',
      peer: '10.0.0.1',
      reason: { kind: 'socket', text: 'Connection closed' },
    });
    assert.ok(down.some((a) => a.type === 'start-timer' && a.timer === 'restart'));
    const carried: CarriedPeer[] = [
      {
        address: '10.0.0.1',
        negotiated: negotiated('10.0.0.1', false),
        up: false,
        endOfRibReceived: new Set(),
      },
      {
        address: '10.0.0.9',
        negotiated: negotiated('10.0.0.9', false),
        up: true,
        endOfRibReceived: new Set(),
      },
    ];
    const handover = handOver(
      old,
      config(['10.0.0.1', '10.0.0.9']),
      config(['10.0.0.1', '10.0.0.9']),
      carried,
    );
    const route = handover.core.destination(nlri('10.7.0.0/24'))?.best?.route;
    assert.equal(route?.stale, true);
    assert.ok(
      handover.actions.some(
        (a) => a.type === 'start-timer' && a.timer === 'restart' && a.peer === '10.0.0.1',
      ),
    );
    assert.equal(handover.core.isUp('10.0.0.1'), false);
  });
});
