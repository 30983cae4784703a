import { DestinationSlots } from '../../src/reflector/adj-rib-out.js';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAddress, parsePrefix } from '../../src/bgp/codec/prefix.js';
import { decodeMessage } from '../../src/bgp/codec/message-codec.js';
import { Afi, Safi, familyKey, type PathAttributes } from '../../src/bgp/codec/messages.js';
import { AttributeInterner, type AttributeSet } from '../../src/reflector/attribute-interner.js';
import { BucketQueue } from '../../src/reflector/bucket-queue.js';
import { LocRib } from '../../src/reflector/loc-rib.js';
import { prefixKey } from '../../src/reflector/prefix-key.js';
import type { Route, SourcePeer } from '../../src/reflector/route.js';
import { UpdateGroup } from '../../src/reflector/update-group.js';
import { CLUSTER_ID, LOCAL_AS, RR_ID, ip } from './helpers.js';

describe('bucket queue (BIRD buckets and prefix table)', () => {
  const interner = new AttributeInterner();
  const a = interner.acquire({ origin: 0, localPref: 100 });
  const b = interner.acquire({ origin: 0, localPref: 200 });

  test('RFC 4271 §9.1.3: a key lives in at most one bucket; the newer state moves it', () => {
    const queue = new BucketQueue<string>();
    queue.place('p1', a);
    queue.place('p2', a);
    queue.place('p1', b);
    const buckets = new Map([...queue.buckets()].map(([set, keys]) => [set, [...keys]]));
    assert.deepEqual(buckets.get(a), ['p2']);
    assert.deepEqual(buckets.get(b), ['p1']);
    queue.place('p2', undefined);
    assert.deepEqual([...queue.withdrawals()], ['p2']);
    assert.equal([...queue.buckets()].length, 1, 'the emptied bucket is gone');
  });

  test('RFC 4271 §9.1.3: any sequence of placements leaves each key once, in its last place', () => {
    const sets: (AttributeSet | undefined)[] = [a, b, undefined];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }),
        (operations) => {
          const queue = new BucketQueue<number>();
          const last = new Map<number, AttributeSet | undefined | 'removed'>();
          for (const [key, choice] of operations) {
            if (choice === 3) {
              queue.remove(key);
              last.set(key, 'removed');
            } else {
              queue.place(key, sets[choice]);
              last.set(key, sets[choice]);
            }
          }
          const seen = new Map<number, AttributeSet | undefined>();
          for (const [set, keys] of queue.buckets())
            for (const key of keys) {
              assert.equal(seen.has(key), false);
              seen.set(key, set);
            }
          for (const key of queue.withdrawals()) {
            assert.equal(seen.has(key), false);
            seen.set(key, undefined);
          }
          for (const [key, place] of last) {
            if (place === 'removed') assert.equal(seen.has(key), false);
            else assert.equal(seen.get(key), place);
          }
          assert.equal(queue.size, seen.size);
        },
      ),
    );
  });
});

describe('update group Adj-RIB-Out', () => {
  const local = { routerId: RR_ID, asn: LOCAL_AS, clusterId: CLUSTER_ID, clientToClientReflection: true };
  const family = familyKey(Afi.Ipv4, Safi.Unicast);
  const source: SourcePeer = {
    address: '10.0.1.1',
    addressBytes: parseAddress('10.0.1.1') as Uint8Array,
    bgpId: ip('10.0.1.1'),
    asn: LOCAL_AS,
    internal: true,
    rrClient: true,
  };

  function setup() {
    const interner = new AttributeInterner();
    const rib = new LocRib();
    const group = new UpdateGroup(
      {
        family,
        internal: true,
        rrClient: true,
        localAddress: undefined,
        addPathSend: false,
        fourOctetAs: true,
        extendedMessage: false,
        clusterId: CLUSTER_ID,
      },
      interner,
      local,
      new DestinationSlots(rib, 0, 1),
    );
    for (const peer of ['10.0.1.1', '10.0.1.2', '10.0.1.3']) group.join(peer);
    const prefix = parsePrefix('10.65.0.0/26');
    const destination = rib.ensure(prefixKey(prefix));
    let current: Route | undefined;
    const setBest = (attributes: PathAttributes | undefined): void => {
      if (current !== undefined) {
        rib.remove(destination, current);
        interner.release(current.attributes);
        current = undefined;
      }
      if (attributes !== undefined) {
        current = {
          source,
          receivedPathId: 0,
          attributes: interner.acquire(attributes),
          localPathId: 1,
          ineligible: undefined,
          stale: false,
        };
        rib.put(destination, current, undefined);
      }
      rib.decide(destination);
      group.update(destination);
    };
    return { interner, group, setBest };
  }

  const attributes = (localPref: number): PathAttributes => ({
    origin: 0,
    asPath: [],
    nextHop: ip('10.0.1.1'),
    localPref,
  });

  test('RFC 4271 §9.1.3: a prefix moved between buckets before a flush goes out once, with its latest state', () => {
    const { group, setBest } = setup();
    setBest(attributes(100));
    setBest(attributes(200));
    setBest(attributes(300));
    assert.equal(group.pending, 1);
    const actions = group.flush();
    assert.equal(actions.length, 1);
    const action = actions[0];
    assert.ok(action?.type === 'send');
    assert.deepEqual(action.peers, ['10.0.1.2', '10.0.1.3']);
    assert.equal(action.messages.length, 1);
    const decoded = decodeMessage(action.messages[0] as Uint8Array, group.context);
    assert.ok(decoded.action === 'none' && decoded.message.type === 'update');
    assert.equal(decoded.message.attributes.localPref, 300);
    assert.equal(decoded.message.nlri.length, 1);
  });

  test('RFC 4271 §9.1.3: withdrawn before the first flush: nothing was sent, nothing is sent', () => {
    const { group, setBest, interner } = setup();
    setBest(attributes(100));
    setBest(undefined);
    assert.deepEqual(group.flush(), []);
    assert.equal(group.size, 0);
    assert.equal(interner.size, 0, 'every attribute set released');
  });

  test('RFC 4271 §9.2: withdrawal after a flush goes to the members that had the route', () => {
    const { group, setBest } = setup();
    setBest(attributes(100));
    group.flush();
    setBest(attributes(150));
    setBest(undefined);
    const actions = group.flush();
    assert.equal(actions.length, 1);
    const action = actions[0];
    assert.ok(action?.type === 'send');
    assert.deepEqual(action.peers, ['10.0.1.2', '10.0.1.3']);
    const decoded = decodeMessage(action.messages[0] as Uint8Array, group.context);
    assert.ok(decoded.action === 'none' && decoded.message.type === 'update');
    assert.equal(decoded.message.withdrawn.length, 1);
    assert.equal(decoded.message.nlri.length, 0);
  });

  test("RFC 4724 §2: a dump shows the members' view, not a change still queued", () => {
    const { group, setBest } = setup();
    setBest(attributes(100));
    group.flush();
    setBest(attributes(999));
    const dump = group.dump('10.0.1.9');
    const decoded = decodeMessage(dump[0] as Uint8Array, group.context);
    assert.ok(decoded.action === 'none' && decoded.message.type === 'update');
    assert.equal(decoded.message.attributes.localPref, 100);
    assert.deepEqual(group.dump('10.0.1.1'), [], 'the source sees none of its own routes');
  });
});

describe('attribute interning', () => {
  test('equal attribute sets are one object; references are counted', () => {
    const interner = new AttributeInterner();
    const first = interner.acquire({ origin: 0, asPath: [], nextHop: ip('10.0.0.1'), communities: [1, 2] });
    const second = interner.acquire({ communities: [1, 2], nextHop: ip('10.0.0.1'), asPath: [], origin: 0 });
    assert.equal(first, second);
    assert.equal(interner.size, 1);
    assert.equal(interner.references(first), 2);
    const other = interner.acquire({ origin: 0, asPath: [], nextHop: ip('10.0.0.1'), communities: [2, 1] });
    assert.notEqual(other, first, 'community order is part of the set as sent');
    interner.release(first);
    interner.release(second);
    assert.equal(interner.references(first), 0);
    assert.equal(interner.size, 1);
  });

  test('RFC 4760 §3: the MP next hop is part of the set', () => {
    const interner = new AttributeInterner();
    const attributes = { origin: 0 as const, asPath: [] };
    const a = interner.acquire(attributes, parseAddress('fd00::1'));
    const b = interner.acquire(attributes, parseAddress('fd00::2'));
    assert.notEqual(a, b);
  });
});
