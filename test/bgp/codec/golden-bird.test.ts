/**
 * Golden vectors captured from Debian's BIRD 1.6.8 with Calico's bgp_template (`add paths on;
 * graceful restart;`), see test/fixtures/bgp/bird-1.6.8-calico.txt. The expected values are written
 * out by hand, field by field; re-encoding must give BIRD's bytes back.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { decodeMessage, encodeMessage } from '../../../src/bgp/codec/message-codec.js';
import { negotiateCodecContext } from '../../../src/bgp/codec/context.js';
import { parsePrefix } from '../../../src/bgp/codec/prefix.js';
import { parseIpv4 } from '../../../src/bgp/codec/bytes.js';
import { describeNotification } from '../../../src/bgp/codec/notification-text.js';
import { DEFAULT_CODEC_CONTEXT, type Message, type OpenMessage } from '../../../src/bgp/codec/messages.js';

const fixture = new URL('../../../../test/fixtures/bgp/bird-1.6.8-calico.txt', import.meta.url);
const captured = new Map(
  readFileSync(fixture, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const [name, hex] = line.split(': ');
      return [name ?? '', Uint8Array.from(Buffer.from(hex ?? '', 'hex'))];
    }),
);

const marker = new Array<number>(16).fill(0xff);

/** The OPEN, field by field. */
const birdOpen = Uint8Array.from([
  ...marker,
  0x00,
  0x3f, // length 63
  0x01, // type OPEN
  0x04, // version 4
  0xfc,
  0x00, // My AS 64512
  0x00,
  0xf0, // hold time 240
  0x7f,
  0x00,
  0x00,
  0x0b, // BGP identifier 127.0.0.11
  0x22, // optional parameters length 34
  0x02,
  0x20, // parameter 2 (capabilities), length 32
  0x01,
  0x04,
  0x00,
  0x01,
  0x00,
  0x01, // MP: AFI 1, reserved, SAFI 1
  0x02,
  0x00, // route refresh
  0x40,
  0x06,
  0x00,
  0x78,
  0x00,
  0x01,
  0x01,
  0x00, // GR: flags 0, restart time 120; AFI 1 SAFI 1 flags 0
  0x41,
  0x04,
  0x00,
  0x00,
  0xfc,
  0x00, // 4-octet AS 64512
  0x45,
  0x04,
  0x00,
  0x01,
  0x01,
  0x03, // ADD-PATH: AFI 1 SAFI 1 send+receive
  0x46,
  0x00, // enhanced route refresh
  0x47,
  0x00, // LLGR, no families ("LLGR aware")
]);

const birdUpdate = Uint8Array.from([
  ...marker,
  0x00,
  0x3e, // length 62
  0x02, // type UPDATE
  0x00,
  0x00, // withdrawn routes length 0
  0x00,
  0x15, // total path attribute length 21
  0x40,
  0x01,
  0x01,
  0x00, // ORIGIN IGP
  0x40,
  0x02,
  0x00, // AS_PATH empty (iBGP, locally originated)
  0x40,
  0x03,
  0x04,
  0x7f,
  0x00,
  0x00,
  0x0b, // NEXT_HOP 127.0.0.11
  0x40,
  0x05,
  0x04,
  0x7f,
  0xff,
  0xfb,
  0xff, // LOCAL_PREF 2147482623 (Calico's default priority)
  0x00,
  0x00,
  0x00,
  0x02,
  0x1a,
  0x0a,
  0x41,
  0x02,
  0x00, // path ID 2, 10.65.2.0/26
  0x00,
  0x00,
  0x00,
  0x02,
  0x1a,
  0x0a,
  0x41,
  0x01,
  0x00, // path ID 2, 10.65.1.0/26
]);

const birdWithdraw = Uint8Array.from([
  ...marker,
  0x00,
  0x29, // length 41
  0x02, // type UPDATE
  0x00,
  0x12, // withdrawn routes length 18
  0x00,
  0x00,
  0x00,
  0x02,
  0x1a,
  0x0a,
  0x41,
  0x02,
  0x00, // path ID 2, 10.65.2.0/26
  0x00,
  0x00,
  0x00,
  0x02,
  0x1a,
  0x0a,
  0x41,
  0x01,
  0x00, // path ID 2, 10.65.1.0/26
  0x00,
  0x00, // total path attribute length 0
]);

const listenerOpen: OpenMessage = {
  type: 'open',
  version: 4,
  myAs: 64512,
  holdTime: 240,
  bgpId: parseIpv4('127.0.0.12') ?? 0,
  capabilities: [
    { kind: 'multiprotocol', afi: 1, safi: 1 },
    { kind: 'route-refresh' },
    { kind: 'four-octet-as', asn: 64512 },
    { kind: 'add-path', families: [{ afi: 1, safi: 1, sendReceive: 3 }] },
    {
      kind: 'graceful-restart',
      restarting: false,
      notification: false,
      restartTimeSeconds: 120,
      families: [{ afi: 1, safi: 1, forwardingPreserved: false }],
    },
  ],
};

function decodeOk(bytes: Uint8Array, context = DEFAULT_CODEC_CONTEXT): Message {
  const result = decodeMessage(bytes, context);
  assert.equal(result.action, 'none', JSON.stringify(result.errors));
  assert.ok(result.action === 'none');
  return result.message;
}

describe('BIRD 1.6.8 with Calico bgp_template (captured on loopback)', () => {
  const open = decodeOk(birdOpen) as OpenMessage;
  const context = negotiateCodecContext(listenerOpen, open, 'internal');

  test('the fixture holds exactly the annotated bytes', () => {
    assert.deepEqual(captured.get('open'), birdOpen);
    assert.deepEqual(captured.get('update'), birdUpdate);
    assert.deepEqual(captured.get('withdraw'), birdWithdraw);
  });

  test('OPEN: capabilities decoded (RFC 5492, RFC 4724 §3, RFC 6793, RFC 7911 §4, RFC 7313, RFC 9494)', () => {
    assert.deepEqual(open, {
      type: 'open',
      version: 4,
      myAs: 64512,
      holdTime: 240,
      bgpId: parseIpv4('127.0.0.11'),
      capabilities: [
        { kind: 'multiprotocol', afi: 1, safi: 1 },
        { kind: 'route-refresh' },
        {
          kind: 'graceful-restart',
          restarting: false,
          notification: false,
          restartTimeSeconds: 120,
          families: [{ afi: 1, safi: 1, forwardingPreserved: false }],
        },
        { kind: 'four-octet-as', asn: 64512 },
        { kind: 'add-path', families: [{ afi: 1, safi: 1, sendReceive: 3 }] },
        { kind: 'enhanced-route-refresh' },
        { kind: 'long-lived-graceful-restart', families: [] },
      ],
    });
    assert.deepEqual(encodeMessage(open, context), birdOpen);
  });

  test('negotiation: AS4 and ADD-PATH both directions for IPv4 unicast (RFC 7911 §5)', () => {
    assert.equal(context.fourOctetAs, true);
    assert.deepEqual([...context.addPathReceive], [257]);
    assert.deepEqual([...context.addPathSend], [257]);
  });

  test('UPDATE with path IDs: Calico attributes, LOCAL_PREF 2147482623 (RFC 4271 §4.3, RFC 7911 §3)', () => {
    const update = decodeOk(birdUpdate, context);
    assert.deepEqual(update, {
      type: 'update',
      withdrawn: [],
      attributes: { origin: 0, asPath: [], nextHop: parseIpv4('127.0.0.11'), localPref: 2147482623 },
      nlri: [parsePrefix('10.65.2.0/26', 2), parsePrefix('10.65.1.0/26', 2)],
    });
    assert.deepEqual(encodeMessage(update, context), birdUpdate);
  });

  test('End-of-RIB is an empty 23-octet UPDATE (RFC 4724 §2)', () => {
    const eor = captured.get('end-of-rib') ?? new Uint8Array();
    assert.deepEqual(decodeOk(eor, context), { type: 'update', withdrawn: [], attributes: {}, nlri: [] });
  });

  test('withdrawal with path IDs (RFC 7911 §3)', () => {
    const update = decodeOk(birdWithdraw, context);
    assert.deepEqual(update, {
      type: 'update',
      withdrawn: [parsePrefix('10.65.2.0/26', 2), parsePrefix('10.65.1.0/26', 2)],
      attributes: {},
      nlri: [],
    });
    assert.deepEqual(encodeMessage(update, context), birdWithdraw);
  });

  test('KEEPALIVE and Cease/Administrative shutdown from `birdc disable` (RFC 4271 §4.4, RFC 4486)', () => {
    assert.deepEqual(decodeOk(captured.get('keepalive') ?? new Uint8Array()), { type: 'keepalive' });
    const notification = decodeOk(captured.get('notification') ?? new Uint8Array());
    assert.deepEqual(notification, { type: 'notification', code: 6, subcode: 2, data: new Uint8Array(0) });
    assert.ok(notification.type === 'notification');
    assert.equal(describeNotification(notification), 'Administrative shutdown');
  });
});
