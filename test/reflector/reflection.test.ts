import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAddress } from '../../src/bgp/codec/prefix.js';
import { AsPathSegmentType, type PathAttributes } from '../../src/bgp/codec/messages.js';
import {
  exportRoute,
  WellKnownCommunity,
  type ExportDecision,
  type LocalIdentity,
  type TargetPolicy,
} from '../../src/reflector/reflection.js';
import type { SourcePeer } from '../../src/reflector/route.js';
import { CLUSTER_ID, LOCAL_AS, RR_ID, ip } from './helpers.js';

const local: LocalIdentity = {
  routerId: RR_ID,
  asn: LOCAL_AS,
  clusterId: CLUSTER_ID,
  clientToClientReflection: true,
};
const self = parseAddress('10.0.0.100') as Uint8Array;

type Role = 'client' | 'non-client' | 'ebgp';

function sourceOf(role: Role, address = '10.0.0.1'): SourcePeer {
  return {
    address,
    addressBytes: parseAddress(address) as Uint8Array,
    bgpId: ip(address),
    asn: role === 'ebgp' ? 65001 : LOCAL_AS,
    internal: role !== 'ebgp',
    rrClient: role === 'client',
  };
}

function targetOf(role: Role, address?: string): TargetPolicy {
  return {
    internal: role !== 'ebgp',
    rrClient: role === 'client',
    localAddress: self,
    ...(address ? { address } : {}),
  };
}

const baseAttributes: PathAttributes = {
  origin: 0,
  asPath: [],
  nextHop: ip('10.0.0.1'),
  med: 7,
  localPref: 2147482623,
  communities: [0xfde80064],
  largeCommunities: [{ globalAdmin: 64512, localData1: 1, localData2: 2 }],
};

function exported(decision: ExportDecision): PathAttributes {
  assert.equal(decision.kind, 'export', `expected export, got ${JSON.stringify(decision)}`);
  return (decision as Extract<ExportDecision, { kind: 'export' }>).attributes;
}

describe('who receives what (RFC 4456 §6, RFC 4271 §9.2)', () => {
  const table: [Role, Role, 'export' | string][] = [
    ['client', 'client', 'export'],
    ['client', 'non-client', 'export'],
    ['client', 'ebgp', 'export'],
    ['non-client', 'client', 'export'],
    ['non-client', 'non-client', 'non-client-to-non-client'],
    ['non-client', 'ebgp', 'export'],
    ['ebgp', 'client', 'export'],
    ['ebgp', 'non-client', 'export'],
    ['ebgp', 'ebgp', 'export'],
  ];
  for (const [from, to, expected] of table) {
    test(`RFC 4456 §6: ${from} → ${to}: ${expected}`, () => {
      const decision = exportRoute(
        { attributes: baseAttributes, mpNextHop: undefined },
        sourceOf(from),
        targetOf(to),
        local,
      );
      assert.equal(decision.kind === 'export' ? 'export' : decision.reason, expected);
    });
  }

  test('RFC 4456 §6: client-to-client reflection can be turned off; client → non-client still flows', () => {
    const meshed = { ...local, clientToClientReflection: false };
    const route = { attributes: baseAttributes, mpNextHop: undefined };
    const toClient = exportRoute(route, sourceOf('client'), targetOf('client'), meshed);
    assert.deepEqual(toClient, { kind: 'reject', reason: 'client-to-client-disabled' });
    assert.equal(exportRoute(route, sourceOf('client'), targetOf('non-client'), meshed).kind, 'export');
  });

  test('RFC 4271 §9.2 / RFC 4456 §6: never back to the peer the route came from', () => {
    const decision = exportRoute(
      { attributes: baseAttributes, mpNextHop: undefined },
      sourceOf('client', '10.0.0.1'),
      targetOf('client', '10.0.0.1'),
      local,
    );
    assert.deepEqual(decision, { kind: 'reject', reason: 'source-peer' });
  });
});

describe('attributes on reflection (RFC 4456 §8, §10)', () => {
  test("RFC 4456 §8: ORIGINATOR_ID is the source peer's BGP Identifier when absent", () => {
    const attributes = exported(
      exportRoute(
        { attributes: baseAttributes, mpNextHop: undefined },
        sourceOf('client'),
        targetOf('client'),
        local,
      ),
    );
    assert.equal(attributes.originatorId, ip('10.0.0.1'));
  });

  test('RFC 4456 §8: an existing ORIGINATOR_ID is never overwritten', () => {
    const attributes = exported(
      exportRoute(
        { attributes: { ...baseAttributes, originatorId: ip('10.9.9.9') }, mpNextHop: undefined },
        sourceOf('non-client'),
        targetOf('client'),
        local,
      ),
    );
    assert.equal(attributes.originatorId, ip('10.9.9.9'));
  });

  for (const [from, to] of [
    ['client', 'client'],
    ['client', 'non-client'],
    ['non-client', 'client'],
  ] as [Role, Role][]) {
    test(`RFC 4456 §8: own CLUSTER_ID prepended on every reflection (${from} → ${to})`, () => {
      const attributes = exported(
        exportRoute(
          { attributes: { ...baseAttributes, clusterList: [ip('244.0.0.9')] }, mpNextHop: undefined },
          sourceOf(from),
          targetOf(to),
          local,
        ),
      );
      assert.deepEqual(attributes.clusterList, [CLUSTER_ID, ip('244.0.0.9')]);
    });
  }

  test('RFC 4456 §10: NEXT_HOP, AS_PATH, LOCAL_PREF, MED and communities pass unchanged toward iBGP', () => {
    const attributes = exported(
      exportRoute(
        { attributes: baseAttributes, mpNextHop: undefined },
        sourceOf('client'),
        targetOf('non-client'),
        local,
      ),
    );
    const { originatorId: _o, clusterList: _c, ...rest } = attributes;
    assert.deepEqual(rest, baseAttributes);
  });

  test('RFC 4760 §3 / RFC 4456 §10: an IPv6 next hop passes unchanged toward iBGP', () => {
    const nextHop = parseAddress('fd00::1') as Uint8Array;
    const decision = exportRoute(
      { attributes: baseAttributes, mpNextHop: nextHop },
      sourceOf('client'),
      targetOf('client'),
      local,
    );
    assert.equal(decision.kind === 'export' ? decision.mpNextHop : undefined, nextHop);
  });

  test('RFC 4271 §5.1.3: a route from eBGP toward iBGP is advertised, not reflected (no ORIGINATOR_ID, CLUSTER_LIST)', () => {
    const attributes = exported(
      exportRoute(
        {
          attributes: { ...baseAttributes, asPath: [{ type: AsPathSegmentType.AsSequence, asns: [65001] }] },
          mpNextHop: undefined,
        },
        sourceOf('ebgp'),
        targetOf('client'),
        local,
      ),
    );
    assert.equal(attributes.originatorId, undefined);
    assert.equal(attributes.clusterList, undefined);
    assert.equal(attributes.nextHop, ip('10.0.0.1'));
  });
});

describe('toward eBGP (RFC 4271 §5.1, RFC 4456 §8)', () => {
  const reflectedAttributes: PathAttributes = {
    ...baseAttributes,
    asPath: [{ type: AsPathSegmentType.AsSequence, asns: [65010] }],
    originatorId: ip('10.0.0.1'),
    clusterList: [ip('244.0.0.9')],
  };
  const attributes = exported(
    exportRoute(
      { attributes: reflectedAttributes, mpNextHop: undefined },
      sourceOf('non-client'),
      targetOf('ebgp'),
      local,
    ),
  );

  test('RFC 4456 §8: ORIGINATOR_ID (9) and CLUSTER_LIST (10) are stripped', () => {
    assert.equal(attributes.originatorId, undefined);
    assert.equal(attributes.clusterList, undefined);
  });
  test('RFC 4271 §5.1.2: own AS prepended to the leading AS_SEQUENCE', () => {
    assert.deepEqual(attributes.asPath, [{ type: AsPathSegmentType.AsSequence, asns: [LOCAL_AS, 65010] }]);
  });
  test('RFC 4271 §5.1.2: own AS goes in a new AS_SEQUENCE before a leading AS_SET', () => {
    const withSet = exported(
      exportRoute(
        {
          attributes: { ...baseAttributes, asPath: [{ type: AsPathSegmentType.AsSet, asns: [1, 2] }] },
          mpNextHop: undefined,
        },
        sourceOf('client'),
        targetOf('ebgp'),
        local,
      ),
    );
    assert.deepEqual(withSet.asPath, [
      { type: AsPathSegmentType.AsSequence, asns: [LOCAL_AS] },
      { type: AsPathSegmentType.AsSet, asns: [1, 2] },
    ]);
  });
  test('RFC 4271 §5.1.3: NEXT_HOP set to our address on the session', () => {
    assert.equal(attributes.nextHop, ip('10.0.0.100'));
  });
  test('RFC 4271 §5.1.5 / §5.1.4: LOCAL_PREF and MED removed', () => {
    assert.equal(attributes.localPref, undefined);
    assert.equal(attributes.med, undefined);
  });
  test('RFC 1997: communities still pass toward eBGP', () => {
    assert.deepEqual(attributes.communities, baseAttributes.communities);
    assert.deepEqual(attributes.largeCommunities, baseAttributes.largeCommunities);
  });
  test('RFC 4271 §5.1.3: an IPv6 route toward eBGP needs an IPv6 local address', () => {
    const decision = exportRoute(
      { attributes: baseAttributes, mpNextHop: parseAddress('fd00::1') as Uint8Array },
      sourceOf('client'),
      targetOf('ebgp'),
      local,
    );
    assert.deepEqual(decision, { kind: 'reject', reason: 'no-local-address' });
  });
});

describe('well-known communities (RFC 1997)', () => {
  const roles: Role[] = ['client', 'non-client', 'ebgp'];
  for (const to of roles) {
    test(`RFC 1997: NO_ADVERTISE is not advertised to ${to} peers`, () => {
      const decision = exportRoute(
        {
          attributes: { ...baseAttributes, communities: [WellKnownCommunity.NoAdvertise] },
          mpNextHop: undefined,
        },
        sourceOf('client'),
        targetOf(to),
        local,
      );
      assert.deepEqual(decision, { kind: 'reject', reason: 'no-advertise' });
    });
  }
  for (const community of [WellKnownCommunity.NoExport, WellKnownCommunity.NoExportSubconfed]) {
    const hex = community.toString(16);
    test(`RFC 1997: 0x${hex} stays inside the AS (reflected to clients, not sent to eBGP)`, () => {
      const route = { attributes: { ...baseAttributes, communities: [community] }, mpNextHop: undefined };
      assert.equal(exportRoute(route, sourceOf('client'), targetOf('client'), local).kind, 'export');
      assert.deepEqual(exportRoute(route, sourceOf('client'), targetOf('ebgp'), local), {
        kind: 'reject',
        reason: 'no-export',
      });
    });
  }
});

describe('unrecognised attributes (RFC 4271 §5, §9.1.4)', () => {
  const unknown = [
    { flags: 0xc0, type: 0xfe, value: Uint8Array.of(1, 2, 3) },
    { flags: 0x80, type: 0xfd, value: Uint8Array.of(4) },
  ];
  for (const to of ['client', 'ebgp'] as Role[]) {
    test(`RFC 4271 §5: optional transitive passed with Partial set, non-transitive dropped (toward ${to})`, () => {
      const attributes = exported(
        exportRoute(
          { attributes: { ...baseAttributes, unknown }, mpNextHop: undefined },
          sourceOf('client'),
          targetOf(to),
          local,
        ),
      );
      assert.deepEqual(attributes.unknown, [{ flags: 0xe0, type: 0xfe, value: Uint8Array.of(1, 2, 3) }]);
    });
  }
  test('RFC 4271 §5: only non-transitive unknowns: the field goes away', () => {
    const attributes = exported(
      exportRoute(
        {
          attributes: { ...baseAttributes, unknown: [unknown[1] as (typeof unknown)[number]] },
          mpNextHop: undefined,
        },
        sourceOf('client'),
        targetOf('client'),
        local,
      ),
    );
    assert.equal('unknown' in attributes, false);
  });
});

describe('export is pure', () => {
  test('RFC 4456 §8: the input attributes are left as they were', () => {
    const input: PathAttributes = structuredClone(baseAttributes);
    exportRoute({ attributes: input, mpNextHop: undefined }, sourceOf('client'), targetOf('ebgp'), local);
    exportRoute({ attributes: input, mpNextHop: undefined }, sourceOf('client'), targetOf('client'), local);
    assert.deepEqual(input, baseAttributes);
  });
});

describe("Calico's nextHopMode (BIRD next hop self / next hop keep)", () => {
  const route = { attributes: baseAttributes, mpNextHop: undefined };

  test('Auto: a reflected route keeps its NEXT_HOP toward clients (RFC 4456 §10)', () => {
    const out = exported(exportRoute(route, sourceOf('client'), targetOf('client'), local));
    assert.equal(out.nextHop, ip('10.0.0.1'));
  });

  test('Self: our address replaces NEXT_HOP toward an internal peer, as BIRD `next hop self`', () => {
    const target: TargetPolicy = { ...targetOf('client'), nextHopMode: 'Self' };
    const out = exported(exportRoute(route, sourceOf('client'), target, local));
    assert.equal(out.nextHop, ip('10.0.0.100'));
    assert.deepEqual(out.clusterList, [CLUSTER_ID]);
  });

  test('Self toward IPv6: the MP_REACH next hop becomes our IPv6 address', () => {
    const own6 = parseAddress('fd00::100') as Uint8Array;
    const target: TargetPolicy = { ...targetOf('client'), localAddress: own6, nextHopMode: 'Self' };
    const decision = exportRoute(
      {
        attributes: { ...baseAttributes, nextHop: undefined },
        mpNextHop: parseAddress('fd00::1') as Uint8Array,
      },
      sourceOf('client'),
      target,
      local,
    );
    assert.equal(decision.kind, 'export');
    assert.deepEqual([...(decision as Extract<ExportDecision, { kind: 'export' }>).mpNextHop!], [...own6]);
  });

  test('Keep: an external peer gets the route with its NEXT_HOP unchanged, our AS still prepended', () => {
    const target: TargetPolicy = { ...targetOf('ebgp'), nextHopMode: 'Keep' };
    const out = exported(exportRoute(route, sourceOf('client'), target, local));
    assert.equal(out.nextHop, ip('10.0.0.1'));
    assert.deepEqual(out.asPath, [{ type: AsPathSegmentType.AsSequence, asns: [LOCAL_AS] }]);
  });

  test('Auto toward an external peer: NEXT_HOP is ours (RFC 4271 §5.1.3)', () => {
    const out = exported(exportRoute(route, sourceOf('client'), targetOf('ebgp'), local));
    assert.equal(out.nextHop, ip('10.0.0.100'));
  });
});
