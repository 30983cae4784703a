import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as net from '../../src/net/index.js';
import { acceptedOf } from './rejects.js';

const { formatIp, formatIpv4Number, ipv4FromNumber, ipv4ToNumber, ipv6FromBigInt, ipv6ToBigInt } = net;
const { familyOfText, isIpv4Mapped, mapIpv4, unmapIpv4, offsetAddress, randomUlaPrefix } = net;
const { parseIp, parseIpv4, parseIpv4Number, parseIpv6 } = net;

const canonical = (text: string): string | undefined => {
  const ip = parseIp(text);
  return ip && formatIp(ip);
};

describe('IPv6 text per RFC 5952', () => {
  test('§4.1: leading zeros in a group are suppressed (2001:0db8::0001 -> 2001:db8::1)', () => {
    assert.equal(canonical('2001:0db8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    assert.equal(canonical('2001:db8:00aa:0:0:0:0:000b'), '2001:db8:aa::b');
  });

  test('§4.2.1: "::" shortens as much as possible (2001:db8:0:0:0:0:2:1 -> 2001:db8::2:1)', () => {
    assert.equal(canonical('2001:db8:0:0:0:0:2:1'), '2001:db8::2:1');
    assert.equal(canonical('0:0:0:0:0:0:0:0'), '::');
    assert.equal(canonical('0:0:0:0:0:0:0:1'), '::1');
    assert.equal(canonical('1:0:0:0:0:0:0:0'), '1::');
  });

  test('§4.2.2: "::" never stands for one 16-bit 0 group (2001:db8:0:1:1:1:1:1)', () => {
    assert.equal(canonical('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
    assert.equal(canonical('2001:db8::1:1:1:1:1'), '2001:db8:0:1:1:1:1:1');
  });

  test('§4.2.3: the longest run of zero groups is compressed (2001:0:0:1:0:0:0:1 -> 2001:0:0:1::1)', () => {
    assert.equal(canonical('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1');
  });

  test('§4.2.3: of equal runs, the first is compressed (2001:db8:0:0:1:0:0:1 -> 2001:db8::1:0:0:1)', () => {
    assert.equal(canonical('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1');
  });

  test('§4.3: hex digits are lower case (2001:DB8::AAAA -> 2001:db8::aaaa)', () => {
    assert.equal(canonical('2001:DB8::AAAA'), '2001:db8::aaaa');
    assert.equal(canonical('FE0A:0:0:0:0:0:0:3'), 'fe0a::3');
  });

  test('§5 IPv4-mapped form: parsed from mixed notation, written in hex groups as rrlab always has', () => {
    const mapped = parseIp('::ffff:192.0.2.1');
    assert.ok(mapped);
    assert.equal(mapped.family, 6);
    assert.ok(isIpv4Mapped(mapped.bytes));
    assert.equal(formatIp(mapped), '::ffff:c000:201');
    assert.deepEqual(unmapIpv4(mapped), { family: 4, bytes: Uint8Array.of(192, 0, 2, 1) });
    assert.deepEqual(mapIpv4(parseIp('192.0.2.1')!), mapped);
    assert.equal(formatIp(unmapIpv4(mapped)), '192.0.2.1');
    assert.equal(canonical('64:ff9b::10.0.0.1'), '64:ff9b::a00:1');
  });

  test('text written canonically re-parses to the same bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIp(bytes);
        assert.deepEqual(parseIpv6(text)?.bytes, bytes);
        assert.equal(canonical(text), text);
      }),
    );
  });
});

describe('parsing', () => {
  test('dotted quads: four parts 0..255; leading zeros only when allowed (Go net.ParseIP, inet_pton)', () => {
    assert.deepEqual(parseIpv4('10.192.0.2'), { family: 4, bytes: Uint8Array.of(10, 192, 0, 2) });
    assert.equal(parseIpv4('0.0.0.0')?.family, 4);
    const rejected = [
      '256.0.0.1',
      '1.2.3.04',
      '1..2.3',
      '1.2.3.4 ',
      '1.2.3.0x1',
      '1.2.3.1e1',
      '-1.2.3.4',
      '',
    ];
    assert.deepEqual(acceptedOf(parseIpv4, rejected), []);
    assert.deepEqual(parseIpv4('010.0.0.1', { allowLeadingZeros: true })?.bytes, Uint8Array.of(10, 0, 0, 1));
    assert.equal(parseIpv4('0010.0.0.1', { allowLeadingZeros: true }), undefined);
  });

  test('IPv6: "::" once at most, eight groups of up to four hex digits, a trailing dotted quad, no zone', () => {
    assert.equal(canonical('::'), '::');
    assert.equal(canonical('1:2:3:4:5:6:1.2.3.4'), '1:2:3:4:5:6:102:304');
    const rejected = [
      ':::',
      '::1::',
      '0:0:0:0:0:0:0:0:0',
      '0:0:0:0:0:0:0',
      'fd00::10000',
      'fe80::1%2',
      ':0:0:0:0:0:0:1',
      '1:0:0:0:0:0:0:',
      '10.0.0.1::',
      '::10.0.1',
      '::10.0.0.01',
      'fd00::g',
    ];
    assert.deepEqual(acceptedOf(parseIp, rejected), []);
  });

  test('the family follows how the text is written', () => {
    assert.equal(familyOfText('10.0.0.0/8'), 4);
    assert.equal(familyOfText('::ffff:10.0.0.1'), 6);
    assert.equal(parseIp('10.0.0.1')?.family, 4);
    assert.equal(parseIp('fd00::1')?.family, 6);
  });
});

describe('number forms', () => {
  test('IPv4 as an unsigned 32-bit number (router IDs, NEXT_HOP)', () => {
    assert.equal(ipv4ToNumber(parseIpv4('255.0.0.1')!), 0xff000001);
    assert.equal(formatIpv4Number(0xff000001), '255.0.0.1');
    assert.equal(parseIpv4Number('224.0.0.1'), 0xe0000001);
    assert.equal(parseIpv4Number('2001::1'), undefined);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        assert.equal(ipv4ToNumber(ipv4FromNumber(n)), n);
        assert.equal(formatIp(ipv4FromNumber(n)), formatIpv4Number(n));
        assert.equal(parseIpv4Number(formatIpv4Number(n)), n);
      }),
    );
  });

  test('IPv6 as a 128-bit number', () => {
    assert.equal(ipv6ToBigInt(parseIpv6('::1')!), 1n);
    assert.equal(formatIp(ipv6FromBigInt(0xfd80_0192_0168_0000_0000_0000_0000_0040n)), 'fd80:192:168::40');
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }),
        (n) => ipv6ToBigInt(ipv6FromBigInt(n)) === n,
      ),
    );
  });

  test('offsetting an address carries across octets and groups', () => {
    assert.equal(formatIp(offsetAddress(parseIp('127.0.0.254')!, 3)), '127.0.1.1');
    assert.equal(formatIp(offsetAddress(parseIp('fd00::ffff')!, 1)), 'fd00::1:0');
    assert.equal(formatIp(offsetAddress(parseIp('fd00::')!, 64n)), 'fd00::40');
  });

  test('a random ULA prefix is fd plus a 40-bit global ID, subnet 0 (RFC 4193 §3.2)', () => {
    const prefix = randomUlaPrefix(() => Buffer.from([0x12, 0x34, 0x56, 0x78, 0x9a]));
    assert.equal(prefix, 'fd12:3456:789a:0');
    assert.equal(canonical(`${prefix}::`), 'fd12:3456:789a::');
    assert.match(randomUlaPrefix(), /^fd[0-9a-f]{2}:[0-9a-f]{4}:[0-9a-f]{4}:0$/);
  });
});
