import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { MessageFramer } from '../../../src/bgp/codec/framer.js';
import { messageLength } from '../../../src/bgp/codec/header.js';
import { decodeMessage, encodeMessage } from '../../../src/bgp/codec/message-codec.js';
import { encodeEndOfRib, packAnnouncements, packWithdrawals } from '../../../src/bgp/codec/update-packer.js';
import { parsePrefix } from '../../../src/bgp/codec/prefix.js';
import {
  DEFAULT_CODEC_CONTEXT,
  type CodecContext,
  type UpdateMessage,
} from '../../../src/bgp/codec/messages.js';
import { ORIGIN_IGP, hex, message } from './wire-builders.js';

const as4: CodecContext = { ...DEFAULT_CODEC_CONTEXT, fourOctetAs: true };

describe('framing a byte stream (RFC 4271 §4.1)', () => {
  const stream = Uint8Array.from([
    ...message(4, []),
    ...message(3, [6, 2]),
    ...message(5, [0, 1, 0, 1]),
    ...message(2, [0, 0, 0, 0]),
  ]);

  test('messageLength reads the header Length field, undefined before 18 octets', () => {
    assert.equal(messageLength(stream.subarray(0, 17)), undefined);
    assert.equal(messageLength(stream), 19);
    assert.equal(messageLength(stream, 19), 21);
  });

  test('any split of the stream into chunks yields the same messages', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
          const framer = new MessageFramer();
          const seen: string[] = [];
          for (let i = 0; i + 1 < points.length; i++) {
            const output = framer.push(stream.slice(points[i], points[i + 1]));
            assert.equal(output.error, undefined);
            seen.push(...output.messages.map(hex));
          }
          assert.deepEqual(seen, [
            hex(stream.subarray(0, 19)),
            hex(stream.subarray(19, 40)),
            hex(stream.subarray(40, 63)),
            hex(stream.subarray(63)),
          ]);
          assert.equal(framer.buffered, 0);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a length above 4096 without extended messages is 1/2 (RFC 4271 §6.1, RFC 8654 §4)', () => {
    const big = message(2, new Array<number>(4100).fill(0));
    const output = new MessageFramer().push(big.subarray(0, 19));
    assert.equal(output.error?.code, 1);
    assert.equal(output.error?.subcode, 2);
    assert.equal(new MessageFramer({ ...as4, extendedMessage: true }).push(big).messages.length, 1);
  });
});

describe('packing NLRI into UPDATEs (RFC 4271 App. F.1)', () => {
  const attributes = {
    origin: 0 as const,
    asPath: [],
    nextHop: 0x0a000001,
    localPref: 100,
    clusterList: [1, 2, 3],
  };
  const many = Array.from({ length: 3000 }, (_, i) => parsePrefix(`10.${i >> 8}.${i & 0xff}.0/24`, i));

  for (const addPath of [false, true]) {
    test(`3000 IPv4 prefixes fit in few ≤4096-octet UPDATEs that decode back${addPath ? ' with path IDs (RFC 7911 §3)' : ''}`, () => {
      const context = addPath ? { ...as4, addPathSend: new Set([257]), addPathReceive: new Set([257]) } : as4;
      const nlri = addPath ? many : many.map((n) => ({ ...n, pathId: 0 }));
      const messages = packAnnouncements({ afi: 1, safi: 1, attributes, nlri }, context);
      const perPrefix = addPath ? 8 : 4;
      const floor = Math.ceil((3000 * perPrefix) / (4096 - 23 - 40));
      assert.ok(messages.length <= floor + 1, `${messages.length} messages`);
      const decoded: unknown[] = [];
      for (const bytes of messages) {
        assert.ok(bytes.length <= 4096);
        const result = decodeMessage(bytes, context);
        assert.equal(result.action, 'none');
        assert.ok(result.action === 'none' && result.message.type === 'update');
        assert.deepEqual(result.message.attributes, attributes);
        decoded.push(...result.message.nlri);
      }
      assert.deepEqual(decoded, nlri);
    });
  }

  test('IPv6 announcements go in MP_REACH_NLRI with a 32-octet next hop, first attribute (RFC 4760 §3, RFC 7606 §5.1)', () => {
    const v6 = Array.from({ length: 600 }, (_, i) => parsePrefix(`fd00:${i.toString(16)}::/64`));
    const nextHop = new Uint8Array(32).fill(0xfe);
    const messages = packAnnouncements(
      { afi: 2, safi: 1, attributes: { origin: 0, asPath: [] }, nextHop, nlri: v6 },
      as4,
    );
    const decoded: unknown[] = [];
    for (const bytes of messages) {
      assert.equal(bytes[23 + 1], 14, 'MP_REACH_NLRI is the first attribute');
      const result = decodeMessage(bytes, as4);
      assert.ok(result.action === 'none' && result.message.type === 'update');
      assert.deepEqual(result.message.mpReach?.nextHop, nextHop);
      decoded.push(...(result.message.mpReach?.nlri ?? []));
    }
    assert.deepEqual(decoded, v6);
  });

  test('withdrawals for IPv4 and IPv6 pack and decode back', () => {
    for (const [afi, list] of [
      [1, many.slice(0, 2000).map((n) => ({ ...n, pathId: 0 }))],
      [2, Array.from({ length: 500 }, (_, i) => parsePrefix(`fd00:${i.toString(16)}::/48`))],
    ] as const) {
      const withdrawn: unknown[] = [];
      for (const bytes of packWithdrawals(afi, 1, list, as4)) {
        const result = decodeMessage(bytes, as4);
        assert.ok(result.action === 'none' && result.message.type === 'update');
        withdrawn.push(
          ...(afi === 1 ? result.message.withdrawn : (result.message.mpUnreach?.withdrawn ?? [])),
        );
      }
      assert.deepEqual(withdrawn, list);
    }
  });

  test('End-of-RIB: 23 octets for IPv4 unicast, empty MP_UNREACH for IPv6 (RFC 4724 §2)', () => {
    assert.equal(hex(encodeEndOfRib(1, 1)), 'ff'.repeat(16) + '00170200000000');
    assert.equal(hex(encodeEndOfRib(2, 1)), 'ff'.repeat(16) + '001d0200000006800f03000201');
  });
});

describe('4-octet AS with OLD speakers (RFC 6793 §4.2)', () => {
  const as2 = DEFAULT_CODEC_CONTEXT;

  test('from an OLD speaker, AS_PATH and AS4_PATH merge into the 4-octet path (§4.2.3)', () => {
    const bytes = message(2, [
      0,
      0, // withdrawn routes length
      0,
      29, // total path attribute length
      ...ORIGIN_IGP,
      0x40,
      2,
      6,
      2,
      2,
      0xfd,
      0xe9,
      0x5b,
      0xa0, // AS_PATH: SEQUENCE 65001 23456 (AS_TRANS)
      0x40,
      3,
      4,
      10,
      0,
      0,
      1, // NEXT_HOP 10.0.0.1
      0xc0,
      17,
      6,
      2,
      1,
      0xfa,
      0x56,
      0xea,
      0x01, // AS4_PATH: SEQUENCE 4200000001
      24,
      10,
      1,
      0, // NLRI 10.1.0.0/24
    ]);
    const result = decodeMessage(bytes, as2);
    assert.ok(result.action === 'none' && result.message.type === 'update', JSON.stringify(result.errors));
    assert.deepEqual(result.message.attributes.asPath, [{ type: 2, asns: [65001, 4200000001] }]);
  });

  test('toward an OLD speaker, AS_TRANS in AS_PATH plus AS4_PATH and AS4_AGGREGATOR (§4.2.2)', () => {
    const update: UpdateMessage = {
      type: 'update',
      withdrawn: [],
      attributes: {
        origin: 0,
        asPath: [{ type: 2, asns: [4200000001, 65002] }],
        nextHop: 0x0a000001,
        aggregator: { asn: 4200000001, address: 0x0a000002 },
      },
      nlri: [parsePrefix('10.1.0.0/24')],
    };
    const expected = Uint8Array.from([
      ...new Array<number>(16).fill(0xff),
      0,
      80,
      2, // header, length 80, UPDATE
      0,
      0, // withdrawn routes length
      0,
      53, // total path attribute length
      ...ORIGIN_IGP,
      0x40,
      2,
      6,
      2,
      2,
      0x5b,
      0xa0,
      0xfd,
      0xea, // AS_PATH: SEQUENCE 23456 65002
      0x40,
      3,
      4,
      10,
      0,
      0,
      1, // NEXT_HOP
      0xc0,
      7,
      6,
      0x5b,
      0xa0,
      10,
      0,
      0,
      2, // AGGREGATOR AS_TRANS 10.0.0.2
      0xc0,
      17,
      10,
      2,
      2,
      0xfa,
      0x56,
      0xea,
      0x01,
      0,
      0,
      0xfd,
      0xea, // AS4_PATH: SEQUENCE 4200000001 65002
      0xc0,
      18,
      8,
      0xfa,
      0x56,
      0xea,
      0x01,
      10,
      0,
      0,
      2, // AS4_AGGREGATOR
      24,
      10,
      1,
      0, // NLRI
    ]);
    assert.equal(hex(encodeMessage(update, as2)), hex(expected));
    const back = decodeMessage(expected, as2);
    assert.ok(back.action === 'none' && back.message.type === 'update');
    assert.deepEqual(back.message.attributes, update.attributes);
  });

  test('AGGREGATOR other than AS_TRANS hides AS4_PATH (§4.2.3)', () => {
    const bytes = message(2, [
      0,
      0,
      0,
      36, // total path attribute length
      ...ORIGIN_IGP,
      0x40,
      2,
      4,
      2,
      1,
      0x5b,
      0xa0, // AS_PATH: SEQUENCE 23456
      0x40,
      3,
      4,
      10,
      0,
      0,
      1,
      0xc0,
      7,
      6,
      0xfd,
      0xe9,
      10,
      0,
      0,
      2, // AGGREGATOR 65001
      0xc0,
      17,
      6,
      2,
      1,
      0xfa,
      0x56,
      0xea,
      0x01, // AS4_PATH
      24,
      10,
      1,
      0,
    ]);
    const result = decodeMessage(bytes, as2);
    assert.ok(result.action === 'none' && result.message.type === 'update', JSON.stringify(result.errors));
    assert.deepEqual(result.message.attributes.asPath, [{ type: 2, asns: [23456] }]);
  });
});
