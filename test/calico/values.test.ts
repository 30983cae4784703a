import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  canonicalIp,
  formatAsNumber,
  ipv4ToUint32,
  parseAsNumber,
  parseIp,
  uint32ToIpv4,
} from '../../src/calico/values.js';
import { cidrContains, cidrsOverlap, formatCidr, parseCidr, parseIpv4 } from '../../src/net/index.js';

describe('parseAsNumber (numorstring.ASNumber)', () => {
  test('integers and decimal strings in 0..4294967295', () => {
    assert.equal(parseAsNumber(64512), 64512);
    assert.equal(parseAsNumber('64512'), 64512);
    assert.equal(parseAsNumber(0), 0);
    assert.equal(parseAsNumber('4294967295'), 4294967295);
  });

  test('AS-dot "4294.566" = 4294*65536+566 = 281412150 (calicoctl node run --as=4294.566)', () => {
    assert.equal(parseAsNumber('4294.566'), 281412150);
    assert.equal(parseAsNumber('0.1'), 1);
    assert.equal(parseAsNumber('65535.65535'), 4294967295);
  });

  test('rejects what Calico rejects with "invalid AS Number format" (legacy ST test_bird_as_num)', () => {
    for (const bad of [
      '99999999999999999999999',
      'abcde',
      '',
      '-1',
      '4294967296',
      '65536.1',
      '1.65536',
      '1.2.3',
      ' 1',
      '+5',
    ]) {
      assert.throws(() => parseAsNumber(bad), /^CalicoValueError: invalid AS Number format$/, bad);
    }
    for (const bad of [-1, 4294967296, 1.5, null, true]) {
      assert.throws(() => parseAsNumber(bad), /invalid AS Number format/, String(bad));
    }
  });

  test('formatAsNumber round-trips in both notations (RFC 5396)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4294967295 }), (n) => {
        assert.equal(parseAsNumber(formatAsNumber(n)), n);
        assert.equal(parseAsNumber(formatAsNumber(n, 'asdot')), n);
      }),
    );
    assert.equal(formatAsNumber(281412150, 'asdot'), '4294.566');
    assert.equal(formatAsNumber(64512, 'asdot'), '64512');
  });
});

describe('IP addresses as Go net.ParseIP reads them', () => {
  test('IPv4 dotted quads; leading zeros and out-of-range parts are rejected', () => {
    assert.deepEqual(Array.from(parseIpv4('10.192.0.2')?.bytes ?? []), [10, 192, 0, 2]);
    for (const bad of ['300.34.3.1', 'abcdef', '1.2.3', '1.2.3.4.5', '01.2.3.4', '1.2.3.', '']) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  test('IPv6 is canonicalised per RFC 5952 before naming or comparing (2001:0db8::0001 -> 2001:db8::1)', () => {
    assert.equal(canonicalIp('2001:0db8::0001'), '2001:db8::1');
    assert.equal(canonicalIp('FE0A:0:0:0:0:0:0:3'), 'fe0a::3');
    assert.equal(canonicalIp('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
    assert.equal(canonicalIp('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(canonicalIp('::'), '::');
    assert.equal(canonicalIp('::1'), '::1');
    assert.equal(canonicalIp('1::'), '1::');
    assert.equal(canonicalIp('::ffff:10.0.0.1'), '10.0.0.1');
    assert.equal(canonicalIp('64:ff9b::10.0.0.1'), '64:ff9b::a00:1');
    for (const bad of [
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '12345::',
      'fe80::1%eth0',
      ':1:2:3:4:5:6:7',
    ]) {
      assert.equal(parseIp(bad), undefined, bad);
    }
  });

  test('canonical IPv6 text re-parses to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = canonicalIp(
          Array.from({ length: 8 }, (_, i) =>
            (((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0)).toString(16),
          ).join(':'),
        );
        assert.ok(text);
        assert.equal(canonicalIp(text), text);
      }),
    );
  });

  test('ipv4ToUint32 and uint32ToIpv4 are inverse (router IDs, cluster IDs)', () => {
    assert.equal(ipv4ToUint32('255.0.0.1'), 0xff000001);
    assert.equal(uint32ToIpv4(0xff000001), '255.0.0.1');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => ipv4ToUint32(uint32ToIpv4(n)) === n),
    );
    assert.throws(() => ipv4ToUint32('2001::1'), /not an IPv4 address/);
  });
});

describe('CIDRs as Go net.ParseCIDR reads them', () => {
  test('address need not be masked for cidrv4 (10.192.0.2/16), masked flag tells IPPool rules', () => {
    const c = parseCidr('10.192.0.2/16');
    assert.ok(c);
    assert.equal(c.masked, false);
    assert.equal(formatCidr(c), '10.192.0.0/16');
    assert.equal(parseCidr('192.168.0.0/16')?.masked, true);
    assert.equal(formatCidr(parseCidr('FD00:0096::/112')!), 'fd00:96::/112');
  });

  test('rejects missing or out-of-range prefixes', () => {
    for (const bad of [
      '10.0.0.0',
      '10.0.0.0/33',
      '10.0.0.0/',
      '2001::/129',
      'x/8',
      '10.0.0.0/-1',
      '10.0.0.0/1a',
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
  });

  test('overlap and containment', () => {
    const a = parseCidr('192.168.0.0/16')!;
    const b = parseCidr('192.168.3.0/24')!;
    const c = parseCidr('192.169.0.0/24')!;
    const v6 = parseCidr('::/0')!;
    assert.equal(cidrsOverlap(a, b), true);
    assert.equal(cidrsOverlap(b, a), true);
    assert.equal(cidrsOverlap(a, c), false);
    assert.equal(cidrsOverlap(a, v6), false);
    assert.equal(cidrContains(a, parseIp('192.168.200.1')!), true);
    assert.equal(cidrContains(b, parseIp('192.168.4.1')!), false);
  });
});
