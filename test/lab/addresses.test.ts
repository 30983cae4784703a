import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  cidrsOverlap,
  expectCidr as parseIpv4Cidr,
  formatIp,
  ipv6FromBigInt,
  ipv6ToBigInt,
  parseIpv6,
} from '../../src/net/index.js';
import { candidateSubnets, LAB_PREFIX_LENGTH } from '../../src/lab/network/choose-subnet.js';
import { LabIpam, LabIpam6 } from '../../src/lab/calico/lab-ipam.js';
import { parseLabels } from '../../src/lab/calico/labels.js';

describe('lab address plan', () => {
  test('candidate subnets avoid every taken subnet', () => {
    const taken = ['10.64.0.0/12', '10.96.0.0/16'];
    const candidates = candidateSubnets(taken, () => 0);
    assert.ok(candidates.length > 0);
    for (const c of candidates) {
      assert.ok(c.endsWith(`/${LAB_PREFIX_LENGTH}`));
      for (const t of taken)
        assert.ok(!cidrsOverlap(parseIpv4Cidr(c), parseIpv4Cidr(t)), `${c} overlaps ${t}`);
    }
  });
  test('IPv6 text round-trips in RFC 5952 form', () => {
    const bigIntToIpv6 = (value: bigint) => formatIp(ipv6FromBigInt(value));
    const textToBigInt = (text: string) => ipv6ToBigInt(parseIpv6(text)!);
    for (const text of ['fd80:192:168::40', '::1', 'fe80::ecee:eeff:feee:eeee', '2001:db8:0:1:1:1:1:1']) {
      assert.equal(bigIntToIpv6(textToBigInt(text)), text);
    }
    assert.equal(bigIntToIpv6(textToBigInt('2001:0db8:0000:0000:0000:0000:0000:0001')), '2001:db8::1');
  });
});

describe("Calico's IPAM as the lab uses it (default pool 192.168.0.0/16, /26 blocks)", () => {
  test('a node claims the next block on its first workload, and addresses follow in order', () => {
    const ipam = new LabIpam();
    assert.equal(ipam.assignAddress('a'), '192.168.0.0');
    assert.equal(ipam.assignAddress('b'), '192.168.0.64');
    assert.equal(ipam.assignAddress('a'), '192.168.0.1');
    assert.equal(ipam.blockOf('b'), '192.168.0.64/26');
    assert.deepEqual(ipam.affinities(), [
      { host: 'a', cidr: '192.168.0.0/26' },
      { host: 'b', cidr: '192.168.0.64/26' },
    ]);
  });
  test('IPv6 blocks are /122 in the same order', () => {
    const ipam = new LabIpam6('fd80:192:168::/48');
    assert.equal(ipam.assignAddress('a'), 'fd80:192:168::');
    assert.equal(ipam.assignAddress('b'), 'fd80:192:168::40');
    assert.equal(ipam.blockOf('b'), 'fd80:192:168::40/122');
  });
});

describe('label phrases', () => {
  test('"k=v", "k" and "k=v,k2=v2"', () => {
    assert.deepEqual(parseLabels('rack=r1'), { rack: 'r1' });
    assert.deepEqual(parseLabels('routeReflector'), { routeReflector: '' });
    assert.deepEqual(parseLabels('a=1, b=2'), { a: '1', b: '2' });
  });
  test('a bad key is refused', () => assert.throws(() => parseLabels('-bad=1'), /not a label key/));
});
