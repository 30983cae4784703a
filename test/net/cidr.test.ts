import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as net from '../../src/net/index.js';
import { acceptedOf } from './rejects.js';

const { cidrContains, cidrSize, cidrsOverlap, expectCidr, formatCidr, makeCidr, maskAddress, parseCidr } =
  net;
const { formatIp, parseIp } = net;

describe('CIDR prefixes as Go net.ParseCIDR reads them', () => {
  test('the network clears the host bits; "masked" tells whether the text had none', () => {
    const cidr = parseCidr('10.192.0.2/16');
    assert.ok(cidr);
    assert.equal(cidr.family, 4);
    assert.equal(cidr.prefixLength, 16);
    assert.equal(formatIp(cidr.address), '10.192.0.2');
    assert.equal(formatIp(cidr.network), '10.192.0.0');
    assert.equal(cidr.masked, false);
    assert.equal(formatCidr(cidr), '10.192.0.0/16');
    assert.equal(parseCidr('192.168.0.0/16')?.masked, true);
    assert.equal(formatCidr(parseCidr('FD00:0096::1/112')!), 'fd00:96::/112');
    assert.equal(formatCidr(parseCidr('10.1.2.3/0')!), '0.0.0.0/0');
  });

  test('an IPv4-mapped address with a length is IPv6, measured in IPv6 bits', () => {
    const cidr = parseCidr('::ffff:10.0.0.0/104');
    assert.equal(cidr?.family, 6);
    assert.equal(cidr?.prefixLength, 104);
  });

  test('rejects a missing, non-decimal or out-of-range length and a bad address', () => {
    const rejected = [
      'fd00::',
      '192.0.2.0/40',
      'fd00::/',
      'fd00::/200',
      '1.2.3/24',
      '1.2.3.4/+8',
      '1.2.3.4/8/9',
    ];
    assert.deepEqual(acceptedOf(parseCidr, rejected), []);
    assert.equal(parseCidr('010.0.0.0/8'), undefined);
    assert.equal(parseCidr('010.0.0.0/8', { allowLeadingZeros: true })?.prefixLength, 8);
    assert.equal(parseCidr('10.0.0.0/08')?.prefixLength, 8);
  });

  test('expectCidr throws for text that is not a CIDR of the family asked for', () => {
    assert.equal(expectCidr('10.64.0.0/10', 4).prefixLength, 10);
    assert.throws(() => expectCidr('fd00::/64', 4), /^Error: not an IPv4 CIDR: fd00::\/64$/);
    assert.throws(() => expectCidr('10.0.0.0/33'), /^Error: not a CIDR: 10.0.0.0\/33$/);
  });

  test('overlap is symmetric and needs one family', () => {
    const cases: [string, string, boolean][] = [
      ['10.64.0.0/10', '10.80.4.0/22', true],
      ['10.64.0.0/10', '10.128.0.0/10', false],
      ['fd00::/8', 'fd00:10::/122', true],
      ['fd00:10::/122', 'fd00:10::40/122', false],
      ['0.0.0.0/0', '::/0', false],
    ];
    for (const [a, b, expected] of cases) {
      assert.equal(cidrsOverlap(expectCidr(a), expectCidr(b)), expected, `${a} ~ ${b}`);
      assert.equal(cidrsOverlap(expectCidr(b), expectCidr(a)), expected, `${b} ~ ${a}`);
    }
  });

  test('containment and size', () => {
    const block = expectCidr('fd00:10::40/122');
    assert.deepEqual(
      ['fd00:10::40', 'fd00:10::7f', 'fd00:10::80', '::ffff:10.0.0.1'].map((ip) =>
        cidrContains(block, parseIp(ip)!),
      ),
      [true, true, false, false],
    );
    assert.equal(cidrContains(expectCidr('0.0.0.0/0'), parseIp('255.255.255.255')!), true);
    assert.deepEqual(
      ['10.64.0.0/22', 'fd00::/122', '10.0.0.1/32', '::/0'].map((text) => cidrSize(expectCidr(text))),
      [1024, 64, 1, 2 ** 128],
    );
  });

  test('masking and building a prefix from an address', () => {
    assert.equal(formatIp(maskAddress(parseIp('10.65.0.77')!, 26)), '10.65.0.64');
    assert.equal(formatIp(maskAddress(parseIp('fd00:10::ff')!, 122)), 'fd00:10::c0');
    assert.equal(formatCidr(makeCidr(parseIp('10.65.0.77')!, 32)), '10.65.0.77/32');
  });
});
