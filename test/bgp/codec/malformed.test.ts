/** Malformed inputs: each asserts the NOTIFICATION code/subcode (and data) and the RFC 7606 action. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMessage } from '../../../src/bgp/codec/message-codec.js';
import { DEFAULT_CODEC_CONTEXT, type CodecContext } from '../../../src/bgp/codec/messages.js';
import { propagatedUnknownAttributes } from '../../../src/bgp/codec/attributes/unknown-attributes.js';
import { MANDATORY, EMPTY_AS_PATH, NEXT_HOP, ORIGIN_IGP, message, update } from './wire-builders.js';

const ibgp: CodecContext = { ...DEFAULT_CODEC_CONTEXT, fourOctetAs: true };
const ebgp: CodecContext = { ...ibgp, peerType: 'external' };
const as2: CodecContext = { ...DEFAULT_CODEC_CONTEXT };

interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly context?: CodecContext;
  readonly action: 'session-reset' | 'treat-as-withdraw' | 'attribute-discard';
  readonly code: number;
  readonly subcode: number;
  readonly data?: readonly number[];
}

const open = (fields: {
  version?: number;
  as?: number;
  hold?: number;
  id?: number[];
  params?: number[];
}): Uint8Array => {
  const as = fields.as ?? 65001;
  const hold = fields.hold ?? 90;
  const params = fields.params ?? [];
  return message(1, [
    fields.version ?? 4,
    as >> 8,
    as & 0xff,
    hold >> 8,
    hold & 0xff,
    ...(fields.id ?? [10, 0, 0, 1]),
    params.length,
    ...params,
  ]);
};

const cases: Case[] = [
  // RFC 4271 §6.1 header errors
  {
    name: 'bad marker → 1/1 (RFC 4271 §6.1)',
    bytes: (() => {
      const b = message(4, []);
      b[3] = 0;
      return b;
    })(),
    action: 'session-reset',
    code: 1,
    subcode: 1,
  },
  {
    name: 'length 18 in header → 1/2 with the length (RFC 4271 §6.1)',
    bytes: (() => {
      const b = message(4, []);
      b[17] = 18;
      return b.subarray(0, 18 + 1);
    })(),
    action: 'session-reset',
    code: 1,
    subcode: 2,
    data: [0, 18],
  },
  {
    name: 'KEEPALIVE of 20 octets → 1/2 (RFC 4271 §4.4, §6.1)',
    bytes: message(4, [0]),
    action: 'session-reset',
    code: 1,
    subcode: 2,
    data: [0, 20],
  },
  {
    name: 'OPEN shorter than 29 → 1/2 (RFC 4271 §6.1)',
    bytes: message(1, [4, 0xfd, 0xe9]),
    action: 'session-reset',
    code: 1,
    subcode: 2,
    data: [0, 22],
  },
  {
    name: 'unknown type 6 → 1/3 with the type (RFC 4271 §6.1)',
    bytes: message(6, []),
    action: 'session-reset',
    code: 1,
    subcode: 3,
    data: [6],
  },
  // RFC 4271 §6.2 OPEN errors
  {
    name: 'version 3 → 2/1 with 0004 (RFC 4271 §6.2)',
    bytes: open({ version: 3 }),
    action: 'session-reset',
    code: 2,
    subcode: 1,
    data: [0, 4],
  },
  {
    name: 'My AS 0 → 2/2 (RFC 7607 §2)',
    bytes: open({ as: 0 }),
    action: 'session-reset',
    code: 2,
    subcode: 2,
  },
  {
    name: 'BGP Identifier 0 → 2/3 (RFC 4271 §6.2, RFC 6286)',
    bytes: open({ id: [0, 0, 0, 0] }),
    action: 'session-reset',
    code: 2,
    subcode: 3,
  },
  {
    name: 'optional parameter type 1 → 2/4 (RFC 4271 §6.2)',
    bytes: open({ params: [1, 0] }),
    action: 'session-reset',
    code: 2,
    subcode: 4,
  },
  {
    name: 'hold time 2 → 2/6 (RFC 4271 §4.2, §6.2)',
    bytes: open({ hold: 2 }),
    action: 'session-reset',
    code: 2,
    subcode: 6,
  },
  // RFC 4271 §6.3 / RFC 7606 UPDATE errors
  {
    name: 'withdrawn length overruns the message → 3/1 (RFC 4271 §6.3)',
    bytes: message(2, [0, 50, 0, 0]),
    action: 'session-reset',
    code: 3,
    subcode: 1,
  },
  {
    name: 'attribute length overruns the message → 3/1 (RFC 4271 §6.3)',
    bytes: message(2, [0, 0, 0, 50, ...ORIGIN_IGP]),
    action: 'session-reset',
    code: 3,
    subcode: 1,
  },
  {
    name: 'NLRI prefix length 33 → 3/10 (RFC 4271 §6.3, RFC 7606 §5.3)',
    bytes: update(MANDATORY, [33, 10, 0, 0, 0, 0]),
    action: 'session-reset',
    code: 3,
    subcode: 10,
  },
  {
    name: 'withdrawn prefix overrun → 3/10 (RFC 7606 §5.3)',
    bytes: update([], [], [24, 10, 0]),
    action: 'session-reset',
    code: 3,
    subcode: 10,
  },
  {
    name: 'ORIGIN value 3 → treat-as-withdraw 3/6 (RFC 7606 §7.1)',
    bytes: update([0x40, 1, 1, 3, ...EMPTY_AS_PATH, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 6,
    data: [0x40, 1, 1, 3],
  },
  {
    name: 'ORIGIN length 2 → treat-as-withdraw 3/5 (RFC 7606 §7.1)',
    bytes: update([0x40, 1, 2, 0, 0, ...EMPTY_AS_PATH, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'ORIGIN with flags 0xC0 → treat-as-withdraw 3/4 (RFC 7606 §3(c))',
    bytes: update([0xc0, 1, 1, 0, ...EMPTY_AS_PATH, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 4,
  },
  {
    name: 'AS_PATH segment type 5 → treat-as-withdraw 3/11 (RFC 7606 §7.2)',
    bytes: update([...ORIGIN_IGP, 0x40, 2, 6, 5, 1, 0, 0, 0xfd, 0xe9, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 11,
  },
  {
    name: 'AS_PATH segment length 0 → treat-as-withdraw 3/11 (RFC 7606 §7.2)',
    bytes: update([...ORIGIN_IGP, 0x40, 2, 2, 2, 0, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 11,
  },
  {
    name: 'AS_PATH with AS 0 → treat-as-withdraw (RFC 7607 §2)',
    bytes: update([...ORIGIN_IGP, 0x40, 2, 6, 2, 1, 0, 0, 0, 0, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 11,
  },
  {
    name: 'AS_PATH segment overrun → treat-as-withdraw (RFC 7606 §7.2)',
    bytes: update([...ORIGIN_IGP, 0x40, 2, 4, 2, 2, 0, 0, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 11,
  },
  {
    name: 'NEXT_HOP length 5 → treat-as-withdraw 3/5 (RFC 7606 §7.3)',
    bytes: update([...ORIGIN_IGP, ...EMPTY_AS_PATH, 0x40, 3, 5, 1, 2, 3, 4, 5]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'MED length 3 → treat-as-withdraw (RFC 7606 §7.4)',
    bytes: update([...MANDATORY, 0x80, 4, 3, 0, 0, 1]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'MED length 0 → treat-as-withdraw (RFC 7606 §4 zero length)',
    bytes: update([...MANDATORY, 0x80, 4, 0]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'LOCAL_PREF length 5 from iBGP → treat-as-withdraw (RFC 7606 §7.5)',
    bytes: update([...MANDATORY, 0x40, 5, 5, 0, 0, 0, 0, 1]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'LOCAL_PREF from eBGP → attribute-discard (RFC 7606 §7.5)',
    bytes: update([...MANDATORY, 0x40, 5, 4, 0, 0, 0, 100]),
    context: ebgp,
    action: 'attribute-discard',
    code: 3,
    subcode: 5,
  },
  {
    name: 'ATOMIC_AGGREGATE length 1 → attribute-discard (RFC 7606 §7.6)',
    bytes: update([...MANDATORY, 0x40, 6, 1, 0]),
    action: 'attribute-discard',
    code: 3,
    subcode: 5,
  },
  {
    name: 'AGGREGATOR length 5 → attribute-discard (RFC 7606 §7.7)',
    bytes: update([...MANDATORY, 0xc0, 7, 5, 0, 1, 10, 0, 0]),
    action: 'attribute-discard',
    code: 3,
    subcode: 5,
  },
  {
    name: 'AGGREGATOR length 8 on a 2-octet session → attribute-discard (RFC 7606 §7.7)',
    bytes: update([...MANDATORY, 0xc0, 7, 8, 0, 0, 0, 1, 10, 0, 0, 1]),
    context: as2,
    action: 'attribute-discard',
    code: 3,
    subcode: 5,
  },
  {
    name: 'COMMUNITIES length 5 → treat-as-withdraw (RFC 7606 §7.8)',
    bytes: update([...MANDATORY, 0xc0, 8, 5, 0, 0, 0, 1, 2]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 9,
  },
  {
    name: 'ORIGINATOR_ID length 3 from iBGP → treat-as-withdraw (RFC 7606 §7.9)',
    bytes: update([...MANDATORY, 0x80, 9, 3, 1, 2, 3]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'ORIGINATOR_ID from eBGP → attribute-discard (RFC 7606 §7.9)',
    bytes: update([...MANDATORY, 0x80, 9, 4, 1, 2, 3, 4]),
    context: ebgp,
    action: 'attribute-discard',
    code: 3,
    subcode: 9,
  },
  {
    name: 'CLUSTER_LIST length 5 → treat-as-withdraw (RFC 7606 §7.10)',
    bytes: update([...MANDATORY, 0x80, 10, 5, 1, 2, 3, 4, 5]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'CLUSTER_LIST length 0 → treat-as-withdraw (RFC 7606 §7.10)',
    bytes: update([...MANDATORY, 0x80, 10, 0]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'CLUSTER_LIST from eBGP → attribute-discard (RFC 7606 §7.10)',
    bytes: update([...MANDATORY, 0x80, 10, 4, 1, 2, 3, 4]),
    context: ebgp,
    action: 'attribute-discard',
    code: 3,
    subcode: 9,
  },
  {
    name: 'EXTENDED COMMUNITIES length 9 → treat-as-withdraw (RFC 7606 §7.14)',
    bytes: update([...MANDATORY, 0xc0, 16, 9, 0, 2, 0, 0, 0, 1, 0, 0, 1]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 9,
  },
  {
    name: 'LARGE_COMMUNITY length 13 → treat-as-withdraw (RFC 8092 §6)',
    bytes: update([...MANDATORY, 0xc0, 32, 13, ...new Array<number>(13).fill(1)]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 9,
  },
  {
    name: 'AS4_PATH segment type 0 from an OLD speaker → attribute-discard (RFC 6793 §6)',
    bytes: update([...MANDATORY, 0xc0, 17, 6, 0, 1, 0, 0, 0xfd, 0xe9]),
    context: as2,
    action: 'attribute-discard',
    code: 3,
    subcode: 11,
  },
  {
    name: 'MP_REACH IPv6 next hop length 15 → session reset 3/9 (RFC 7606 §7.11)',
    bytes: update(
      [0x80, 14, 21, 0, 2, 1, 15, ...new Array<number>(15).fill(0), 0, 0, ...ORIGIN_IGP, ...EMPTY_AS_PATH],
      [],
    ),
    action: 'session-reset',
    code: 3,
    subcode: 9,
  },
  {
    name: 'MP_UNREACH truncated → session reset (RFC 4760 §7, RFC 7606 §7.11)',
    bytes: update([0x80, 15, 2, 0, 2], []),
    action: 'session-reset',
    code: 3,
    subcode: 9,
  },
  {
    name: 'MP_REACH twice → 3/1 (RFC 7606 §3(g))',
    // flags 0x80, type 14, length 9: AFI 1, SAFI 1, NH length 4, NH 1.2.3.4, reserved; twice.
    bytes: update(
      [
        0x80,
        14,
        9,
        0,
        1,
        1,
        4,
        1,
        2,
        3,
        4,
        0,
        0x80,
        14,
        9,
        0,
        1,
        1,
        4,
        1,
        2,
        3,
        4,
        0,
        ...ORIGIN_IGP,
        ...EMPTY_AS_PATH,
      ],
      [],
    ),
    action: 'session-reset',
    code: 3,
    subcode: 1,
  },
  {
    name: 'missing ORIGIN → treat-as-withdraw 3/3 with type 1 (RFC 7606 §3(d))',
    bytes: update([...EMPTY_AS_PATH, ...NEXT_HOP]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 3,
    data: [1],
  },
  {
    name: 'missing NEXT_HOP with IPv4 NLRI → treat-as-withdraw 3/3 (RFC 7606 §3(d))',
    bytes: update([...ORIGIN_IGP, ...EMPTY_AS_PATH]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 3,
    data: [3],
  },
  {
    name: 'unrecognised well-known attribute → 3/2 (RFC 4271 §6.3)',
    bytes: update([...MANDATORY, 0x40, 0xf0, 1, 0]),
    action: 'session-reset',
    code: 3,
    subcode: 2,
    data: [0x40, 0xf0, 1, 0],
  },
  {
    name: 'last attribute overruns Total Path Attribute Length → treat-as-withdraw (RFC 7606 §4)',
    bytes: update([...MANDATORY, 0x80, 4, 4, 0, 0]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 5,
  },
  {
    name: 'fewer than 3 octets left for an attribute header → treat-as-withdraw (RFC 7606 §4)',
    bytes: update([...MANDATORY, 0x80, 4]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 1,
  },
  {
    name: 'malformed ORIGIN with only MP_UNREACH → session reset (RFC 7606 §5.2, requirement C18)',
    bytes: update([0x80, 15, 3, 0, 2, 1, 0x40, 1, 1, 7], []),
    action: 'session-reset',
    code: 3,
    subcode: 6,
  },
  {
    name: 'discard plus withdraw → the stronger, treat-as-withdraw (RFC 7606 §3(h))',
    bytes: update([0x40, 1, 1, 9, ...EMPTY_AS_PATH, ...NEXT_HOP, 0x40, 6, 1, 0]),
    action: 'treat-as-withdraw',
    code: 3,
    subcode: 6,
  },
  {
    name: 'ROUTE-REFRESH of 24 octets → 7/1 with the message (RFC 7313 §5)',
    bytes: message(5, [0, 1, 0, 1, 0]),
    action: 'session-reset',
    code: 7,
    subcode: 1,
    data: [...message(5, [0, 1, 0, 1, 0])],
  },
];

describe('malformed input → NOTIFICATION code/subcode and RFC 7606 action', () => {
  for (const c of cases) {
    test(c.name, () => {
      const result = decodeMessage(c.bytes, c.context ?? ibgp);
      assert.equal(result.action, c.action, JSON.stringify(result.errors.map((e) => e.reason)));
      const strongest = result.errors.find((e) => e.action === c.action) ?? result.errors[0];
      assert.ok(strongest, 'an error is reported');
      if (result.action === 'session-reset') {
        assert.equal(result.notification.code, c.code);
        assert.equal(result.notification.subcode, c.subcode);
        if (c.data) assert.deepEqual([...result.notification.data], c.data);
      } else {
        assert.equal(strongest.code, c.code);
        assert.equal(strongest.subcode, c.subcode);
        if (c.data) assert.deepEqual([...strongest.data], c.data);
      }
    });
  }

  test('duplicate ORIGIN: the first is kept, the rest discarded (RFC 7606 §3(g))', () => {
    const result = decodeMessage(update([...MANDATORY, 0x40, 1, 1, 2]), ibgp);
    assert.equal(result.action, 'attribute-discard');
    assert.ok(result.action === 'attribute-discard' && result.message.type === 'update');
    assert.equal(result.message.attributes.origin, 0);
  });

  test('duplicate large communities are removed, not an error (RFC 8092 §6)', () => {
    const community = [0, 0, 0xfd, 0xe9, 0, 0, 0, 1, 0, 0, 0, 2];
    const result = decodeMessage(update([...MANDATORY, 0xc0, 32, 24, ...community, ...community]), ibgp);
    assert.equal(result.action, 'none');
    assert.ok(result.action === 'none' && result.message.type === 'update');
    assert.deepEqual(result.message.attributes.largeCommunities, [
      { globalAdmin: 65001, localData1: 1, localData2: 2 },
    ]);
  });

  test('unknown optional attributes kept raw; passed on with Partial only if transitive (RFC 4271 §5, §6.3)', () => {
    const result = decodeMessage(update([...MANDATORY, 0x80, 0xfd, 1, 7, 0xc0, 0xfe, 2, 8, 9]), ibgp);
    assert.equal(result.action, 'none');
    assert.ok(result.action === 'none' && result.message.type === 'update');
    const unknown = result.message.attributes.unknown ?? [];
    assert.deepEqual(unknown, [
      { flags: 0x80, type: 0xfd, value: Uint8Array.of(7) },
      { flags: 0xc0, type: 0xfe, value: Uint8Array.of(8, 9) },
    ]);
    assert.deepEqual(propagatedUnknownAttributes(unknown), [
      { flags: 0xe0, type: 0xfe, value: Uint8Array.of(8, 9) },
    ]);
  });

  test('AS4_PATH between NEW speakers is dropped silently (RFC 6793 §4.1)', () => {
    const result = decodeMessage(update([...MANDATORY, 0xc0, 17, 6, 2, 1, 0, 0, 0xfd, 0xe9]), ibgp);
    assert.equal(result.action, 'none');
    assert.ok(result.action === 'none' && result.message.type === 'update');
    assert.deepEqual(result.message.attributes.asPath, []);
  });

  test('a withdraw-only UPDATE needs no attributes; a prefix may be withdrawn and announced (RFC 4271 §4.3)', () => {
    const result = decodeMessage(update(MANDATORY, [24, 10, 0, 0], [24, 10, 0, 0]), ibgp);
    assert.equal(result.action, 'none');
    assert.equal(decodeMessage(update([], [], [24, 10, 0, 0]), ibgp).action, 'none');
  });

  test('unknown capabilities are ignored, never an error (RFC 5492 §3)', () => {
    const result = decodeMessage(open({ params: [2, 4, 0xee, 2, 1, 2, 2, 2, 75, 0] }), ibgp);
    assert.equal(result.action, 'none');
    assert.ok(result.action === 'none' && result.message.type === 'open');
    assert.deepEqual(result.message.capabilities, [
      { kind: 'unknown', code: 0xee, value: Uint8Array.of(1, 2) },
      { kind: 'unknown', code: 75, value: new Uint8Array(0) },
    ]);
  });
});
