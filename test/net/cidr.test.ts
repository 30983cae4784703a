import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cidrContains,
  cidrSize,
  cidrsOverlap,
  expectCidr,
  formatCidr,
  formatIp,
  makeCidr,
  maskAddress,
  parseCidr,
  parseIp,
} from '../../src/net/index.js';

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
    for (const bad of [
      '10.0.0.0',
      '10.0.0.0/33',
      '10.0.0.0/',
      '2001::/129',
      'x/8',
      '10.0.0.0/-1',
      '10.0.0.0/1a',
      '10.0.0.0/8/9',
      '010.0.0.0/8',
    ]) {
      assert.equal(parseCidr(bad), undefined, bad);
    }
    assert.equal(parseCidr('010.0.0.0/8', { allowLeadingZeros: true })?.prefixLength, 8);
  });

  test('expectCidr throws for text that is not a CIDR of the family asked for', () => {
    assert.equal(expectCidr('10.64.0.0/10', 4).prefixLength, 10);
    assert.throws(() => expectCidr('fd00::/64', 4), /^Error: not an IPv4 CIDR: fd00::\/64$/);
    assert.throws(() => expectCidr('10.0.0.0/33'), /^Error: not a CIDR: 10.0.0.0\/33$/);
  });

  test('containment, overlap and size', () => {
    const pool = parseCidr('192.168.0.0/16')!;
    const block = parseCidr('192.168.3.0/24')!;
    const other = parseCidr('192.169.0.0/24')!;
    const all6 = parseCidr('::/0')!;
    assert.equal(cidrsOverlap(pool, block), true);
    assert.equal(cidrsOverlap(block, pool), true);
    assert.equal(cidrsOverlap(pool, other), false);
    assert.equal(cidrsOverlap(pool, all6), false);
    assert.equal(cidrContains(pool, parseIp('192.168.255.255')!), true);
    assert.equal(cidrContains(pool, parseIp('192.169.0.0')!), false);
    assert.equal(cidrContains(all6, parseIp('10.0.0.1')!), false);
    assert.equal(cidrSize(parseCidr('10.64.0.0/22')!), 1024);
    assert.equal(cidrSize(parseCidr('fd00::/122')!), 64);
    assert.equal(cidrSize(all6), 2 ** 128);
  });

  test('masking and building a prefix from an address', () => {
    assert.equal(formatIp(maskAddress(parseIp('10.65.0.77')!, 26)), '10.65.0.64');
    assert.equal(formatIp(maskAddress(parseIp('fd00:10::ff')!, 122)), 'fd00:10::c0');
    assert.equal(formatCidr(makeCidr(parseIp('10.65.0.77')!, 32)), '10.65.0.77/32');
  });
});
