import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePrefix } from '../../src/bgp/codec/prefix.js';
import { prefixKey } from '../../src/reflector/prefix-key.js';
import {
  exportAllowed,
  importAllowed,
  type ExportPolicy,
  type PolicyRule,
} from '../../src/reflector/route-policy.js';
import { negotiateContext } from '../../src/bgp/speaker/negotiated-context.js';
import { handOver } from '../../src/reflector/daemon/core-handover.js';
import {
  CLUSTER_ID,
  LOCAL_AS,
  RR_ID,
  announce,
  client,
  lines,
  makeCore,
  openMessage,
  peerUp,
  reflectorOpen,
} from './helpers.js';

const key = (prefix: string) => prefixKey(parsePrefix(prefix));
const rule = (fields: Omit<PolicyRule, 'operations'>): PolicyRule => ({ operations: [], ...fields });
const POOL: ExportPolicy = { filters: [], rejected: [], ownBlocks: [], accepted: ['192.168.0.0/16'] };

describe("Calico's export filter (calico_export_to_bgp_peers) as the reflector applies it", () => {
  test('a route inside a pool goes out; one outside every pool does not', () => {
    assert.equal(exportAllowed(POOL, key('192.168.3.0/26'), {}, true), true);
    assert.equal(exportAllowed(POOL, key('192.168.0.0/16'), {}, true), true);
    assert.equal(exportAllowed(POOL, key('10.20.0.0/24'), {}, true), false);
    assert.equal(exportAllowed(POOL, key('192.0.0.0/8'), {}, true), false, 'a covering prefix is not inside');
  });

  test('a pool with BGP export disabled wins over an accepting range', () => {
    const policy = { ...POOL, rejected: ['192.168.7.0/24'] };
    assert.equal(exportAllowed(policy, key('192.168.7.64/26'), {}, true), false);
    assert.equal(exportAllowed(policy, key('192.168.8.0/26'), {}, true), true);
  });

  test("the node's own block goes out whole, nothing inside it does (calico_aggr)", () => {
    const policy = { ...POOL, ownBlocks: ['192.168.1.0/26'] };
    assert.equal(exportAllowed(policy, key('192.168.1.0/26'), {}, true), true);
    assert.equal(exportAllowed(policy, key('192.168.1.5/32'), {}, true), false);
  });

  test('IPv6 ranges', () => {
    const policy = { ...POOL, accepted: ['fd80:192:168::/48'] };
    assert.equal(exportAllowed(policy, key('fd80:192:168:0:1::/122'), {}, true), true);
    assert.equal(exportAllowed(policy, key('fd80:192:169::/64'), {}, true), false);
    assert.equal(exportAllowed(policy, key('192.168.0.0/26'), {}, true), false);
  });
});

describe('BGPFilter rules: first matching rule of the first filter that decides', () => {
  const reject10 = rule({ action: 'Reject', cidr: '10.0.0.0/8', matchOperator: 'In' });
  const acceptAll = rule({ action: 'Accept' });

  test('an export filter rejecting a prefix inside a pool stops it; its fall-through goes to the pool rules', () => {
    const policy = {
      ...POOL,
      filters: [[rule({ action: 'Reject', cidr: '192.168.5.0/24', matchOperator: 'In' })]],
    };
    assert.equal(exportAllowed(policy, key('192.168.5.0/26'), {}, true), false);
    assert.equal(exportAllowed(policy, key('192.168.6.0/26'), {}, true), true);
  });

  test('an export filter accepting a prefix outside every pool lets it out (the filter runs first)', () => {
    const policy = { ...POOL, filters: [[acceptAll]] };
    assert.equal(exportAllowed(policy, key('10.20.0.0/24'), {}, true), true);
  });

  test('operators Equal, NotEqual, In, NotIn and prefix lengths', () => {
    const at = (rule: PolicyRule, prefix: string) => importAllowed([[rule]], key(prefix), {}, true);
    const equal = rule({ action: 'Reject', cidr: '10.1.0.0/16', matchOperator: 'Equal' });
    assert.equal(at(equal, '10.1.0.0/16'), false);
    assert.equal(at(equal, '10.1.0.0/24'), true);
    const notIn = rule({ action: 'Reject', cidr: '10.0.0.0/8', matchOperator: 'NotIn' });
    assert.equal(at(notIn, '11.0.0.0/24'), false);
    assert.equal(at(notIn, '10.9.0.0/24'), true);
    const lengths = rule({ ...reject10, prefixLength: { min: 24, max: 26 } });
    assert.equal(at(lengths, '10.9.0.0/24'), false);
    assert.equal(at(lengths, '10.9.0.0/28'), true);
    assert.equal(at(lengths, '10.9.0.0/16'), true);
  });

  test('peerType, communities, AS path prefix and priority conditions', () => {
    const ibgpOnly = rule({ ...reject10, peerType: 'iBGP' });
    assert.equal(importAllowed([[ibgpOnly]], key('10.0.0.0/24'), {}, true), false);
    assert.equal(importAllowed([[ibgpOnly]], key('10.0.0.0/24'), {}, false), true);
    const community = rule({ action: 'Reject', communities: ['65000:100'] });
    assert.equal(
      importAllowed([[community]], key('10.0.0.0/24'), { communities: [((65000 << 16) | 100) >>> 0] }, true),
      false,
    );
    assert.equal(importAllowed([[community]], key('10.0.0.0/24'), { communities: [1] }, true), true);
    const large = rule({ action: 'Reject', communities: ['65000:1:2'] });
    const largeOn = { largeCommunities: [{ globalAdmin: 65000, localData1: 1, localData2: 2 }] };
    assert.equal(importAllowed([[large]], key('10.0.0.0/24'), largeOn, true), false);
    const path = rule({ action: 'Reject', asPathPrefix: [65001, 65002] });
    const asPath = [{ type: 2 as const, asns: [65001, 65002, 65003] }];
    assert.equal(importAllowed([[path]], key('10.0.0.0/24'), { asPath }, true), false);
    assert.equal(
      importAllowed([[path]], key('10.0.0.0/24'), { asPath: [{ type: 2 as const, asns: [65002] }] }, true),
      true,
    );
    const priority = rule({ action: 'Reject', priority: 512 });
    assert.equal(
      importAllowed([[priority]], key('10.0.0.0/24'), { localPref: 2147483647 - 512 }, true),
      false,
    );
  });

  test('a filter where no rule holds falls through to the next filter', () => {
    const none = rule({ action: 'Reject', cidr: '172.16.0.0/12', matchOperator: 'In' });
    assert.equal(importAllowed([[none], [reject10]], key('10.0.0.0/24'), {}, true), false);
    assert.equal(importAllowed([[none], [reject10]], key('11.0.0.0/24'), {}, true), true);
  });

  test('interface conditions never hold for a reflected route', () => {
    assert.equal(importAllowed([[{ ...reject10, interface: 'eth0' }]], key('10.0.0.0/24'), {}, true), true);
  });
});

describe('the reflector core applies the peers’ policies', () => {
  test('a route outside every pool reaches no client; a pool route does', () => {
    const core = makeCore([
      client('10.0.1.1', { exportPolicy: POOL }),
      client('10.0.1.2', { exportPolicy: POOL }),
    ]);
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
    const actions = core.handleBatch([
      announce('10.0.1.1', ['10.20.0.0/24'], { nextHop: '10.0.1.1' }),
      announce('10.0.1.1', ['192.168.1.0/26'], { nextHop: '10.0.1.1' }),
    ]);
    assert.deepEqual(
      lines(core, actions).filter((line) => line.includes('announce')),
      [lines(core, actions).find((line) => line.includes('192.168.1.0/26'))],
    );
    assert.ok(!lines(core, actions).some((line) => line.includes('10.20.0.0/24')));
  });

  test('an import filter keeps a rejected route out of selection (BIRD "filtered")', () => {
    const reject = rule({ action: 'Reject', cidr: '192.168.1.0/26', matchOperator: 'Equal' });
    const core = makeCore([client('10.0.1.1', { importFilters: [[reject]] }), client('10.0.1.2')]);
    core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1' }));
    core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
    const actions = core.handle(announce('10.0.1.1', ['192.168.1.0/26'], { nextHop: '10.0.1.1' }));
    assert.deepEqual(lines(core, actions), []);
    assert.equal(core.destination(parsePrefix('192.168.1.0/26'))?.candidates[0]?.ineligible, 'filtered');
  });

  test('a new pool (export policy) reaches a kept peer without a session reset: the route is sent', () => {
    const narrow = [client('10.0.1.1', { exportPolicy: POOL }), client('10.0.1.2', { exportPolicy: POOL })];
    const old = makeCore(narrow);
    const session1 = negotiateContext(reflectorOpen(), openMessage({ bgpId: '10.0.1.1' }), 'internal');
    const session2 = negotiateContext(reflectorOpen(), openMessage({ bgpId: '10.0.1.2' }), 'internal');
    old.handle({ type: 'peer-up', peer: '10.0.1.1', negotiated: session1 });
    old.handle({ type: 'peer-up', peer: '10.0.1.2', negotiated: session2 });
    old.handle(announce('10.0.1.1', ['10.20.0.0/24'], { nextHop: '10.0.1.1' }));
    const wide = { ...POOL, accepted: [...POOL.accepted, '10.20.0.0/16'] };
    const next = [client('10.0.1.1', { exportPolicy: wide }), client('10.0.1.2', { exportPolicy: wide })];
    const carried = [
      {
        address: '10.0.1.1',
        negotiated: session1,
        up: true,
        endOfRibReceived: new Set<number>(),
      },
      {
        address: '10.0.1.2',
        negotiated: session2,
        up: true,
        endOfRibReceived: new Set<number>(),
      },
    ];
    const config = (peers: typeof narrow) => ({
      routerId: RR_ID,
      asn: LOCAL_AS,
      clusterId: CLUSTER_ID,
      peers,
    });
    const handover = handOver(old, config(narrow), config(next), carried);
    const sent = lines(handover.core, handover.actions);
    assert.ok(
      sent.some((line) => line.startsWith('send 10.0.1.2') && line.includes('10.20.0.0/24')),
      sent.join('\n'),
    );
    assert.ok(!handover.actions.some((action) => action.type === 'reset-session'));
  });
});
