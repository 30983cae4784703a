import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseAddress } from '../../src/bgp/codec/prefix.js';
import { AsPathSegmentType, type PathAttributes } from '../../src/bgp/codec/messages.js';
import { AttributeInterner } from '../../src/reflector/attribute-interner.js';
import { selectBestPath, type BestPathReason } from '../../src/reflector/decision.js';
import type { IneligibleReason, Route, SourcePeer } from '../../src/reflector/route.js';
import { ip } from './helpers.js';

const interner = new AttributeInterner();

interface PathSpec {
  readonly peer: string;
  readonly bgpId?: string;
  readonly internal?: boolean;
  readonly attributes?: PathAttributes;
  readonly pathId?: number;
  readonly ineligible?: IneligibleReason;
}

function route(spec: PathSpec): Route {
  const source: SourcePeer = {
    address: spec.peer,
    addressBytes: parseAddress(spec.peer) as Uint8Array,
    bgpId: ip(spec.bgpId ?? spec.peer),
    asn: spec.internal === false ? 65000 : 64512,
    internal: spec.internal ?? true,
    rrClient: true,
  };
  return {
    source,
    receivedPathId: spec.pathId ?? 0,
    attributes: interner.acquire({
      origin: 0,
      asPath: [],
      localPref: 100,
      nextHop: ip(spec.peer),
      ...spec.attributes,
    }),
    localPathId: 1,
    ineligible: spec.ineligible,
    stale: false,
  };
}

const seq = (...asns: number[]) => ({ type: AsPathSegmentType.AsSequence, asns });
const set = (...asns: number[]) => ({ type: AsPathSegmentType.AsSet, asns });

interface Row {
  readonly name: string;
  readonly paths: readonly PathSpec[];
  /** Index of the expected winner in `paths`. */
  readonly winner: number;
  readonly reason: BestPathReason;
}

// Each row differs in exactly the step under test; the loser is placed first and has the lower
// address where that would otherwise win, so a later step cannot produce the same answer by accident.
const rows: Row[] = [
  {
    name: 'RFC 4271 §9.1.1: higher LOCAL_PREF wins',
    paths: [
      { peer: '10.0.0.1', attributes: { localPref: 100 } },
      { peer: '10.0.0.2', attributes: { localPref: 200 } },
    ],
    winner: 1,
    reason: 'Local Pref',
  },
  {
    name: 'RFC 4271 §9.1.2.2(a): shorter AS_PATH wins',
    paths: [
      { peer: '10.0.0.1', attributes: { asPath: [seq(65001, 65002)] } },
      { peer: '10.0.0.2', attributes: { asPath: [seq(65003)] } },
    ],
    winner: 1,
    reason: 'AS Path',
  },
  {
    name: 'RFC 4271 §9.1.2.2(a): an AS_SET counts as one AS',
    paths: [
      { peer: '10.0.0.1', bgpId: '5.5.5.5', attributes: { asPath: [seq(65001, 65002)] } },
      { peer: '10.0.0.2', bgpId: '5.5.5.5', attributes: { asPath: [seq(65001), set(65002, 65003, 65004)] } },
    ],
    winner: 0,
    reason: 'Neighbor IP',
  },
  {
    name: 'RFC 4271 §9.1.2.2(b): lower ORIGIN wins (IGP over INCOMPLETE)',
    paths: [
      { peer: '10.0.0.1', attributes: { origin: 2 } },
      { peer: '10.0.0.2', attributes: { origin: 0 } },
    ],
    winner: 1,
    reason: 'Origin',
  },
  {
    name: 'RFC 4271 §9.1.2.2(c): lower MED wins between routes from the same neighbouring AS',
    paths: [
      { peer: '10.0.0.1', attributes: { asPath: [seq(65001)], med: 20 } },
      { peer: '10.0.0.2', attributes: { asPath: [seq(65001)], med: 10 } },
    ],
    winner: 1,
    reason: 'MED',
  },
  {
    name: 'RFC 4271 §9.1.2.2(c): a missing MED counts as 0',
    paths: [
      { peer: '10.0.0.1', attributes: { asPath: [seq(65001)], med: 5 } },
      { peer: '10.0.0.2', attributes: { asPath: [seq(65001)] } },
    ],
    winner: 1,
    reason: 'MED',
  },
  {
    name: 'RFC 4271 §9.1.2.2(c): MED is not compared across neighbouring ASes',
    paths: [
      { peer: '10.0.0.1', bgpId: '1.1.1.1', attributes: { asPath: [seq(65001)], med: 50 } },
      { peer: '10.0.0.2', bgpId: '2.2.2.2', attributes: { asPath: [seq(65002)], med: 10 } },
    ],
    winner: 0,
    reason: 'Router ID',
  },
  {
    name: 'RFC 4271 §9.1.2.2(d): a route from an external peer beats an internal one',
    paths: [
      { peer: '10.0.0.1', internal: true, attributes: { asPath: [seq(65001)] } },
      { peer: '10.0.0.2', internal: false, attributes: { asPath: [seq(65001)] } },
    ],
    winner: 1,
    reason: 'Peer Type',
  },
  {
    name: 'RFC 4271 §9.1.2.2(f): lower BGP Identifier wins',
    paths: [
      { peer: '10.0.0.1', bgpId: '9.9.9.9' },
      { peer: '10.0.0.2', bgpId: '1.1.1.1' },
    ],
    winner: 1,
    reason: 'Router ID',
  },
  {
    name: 'RFC 4456 §9: ORIGINATOR_ID stands in for the BGP Identifier',
    paths: [
      { peer: '10.0.0.1', bgpId: '1.1.1.1', attributes: { originatorId: ip('9.9.9.9') } },
      { peer: '10.0.0.2', bgpId: '9.9.9.8', attributes: { originatorId: ip('5.5.5.5') } },
    ],
    winner: 1,
    reason: 'Router ID',
  },
  {
    name: 'RFC 4456 §9: with equal originators the shorter CLUSTER_LIST wins',
    paths: [
      {
        peer: '10.0.0.1',
        attributes: { originatorId: ip('5.5.5.5'), clusterList: [ip('244.0.0.2'), ip('244.0.0.3')] },
      },
      { peer: '10.0.0.2', attributes: { originatorId: ip('5.5.5.5'), clusterList: [ip('244.0.0.2')] } },
    ],
    winner: 1,
    reason: 'Cluster length',
  },
  {
    name: 'RFC 4271 §9.1.2.2(g): lowest peer address breaks the last tie',
    paths: [
      { peer: '10.0.0.9', bgpId: '5.5.5.5' },
      { peer: '10.0.0.3', bgpId: '5.5.5.5' },
    ],
    winner: 1,
    reason: 'Neighbor IP',
  },
  {
    name: 'RFC 4271 §9.1.2.1: a route with an unusable NEXT_HOP is not chosen',
    paths: [
      { peer: '10.0.0.1', attributes: { localPref: 500 }, ineligible: 'unusable-next-hop' },
      { peer: '10.0.0.2', attributes: { localPref: 100 } },
    ],
    winner: 1,
    reason: 'First path received',
  },
  {
    name: 'RFC 4271 §9.1.2: a route with an AS_PATH loop is not chosen',
    paths: [
      { peer: '10.0.0.1', ineligible: 'as-loop' },
      { peer: '10.0.0.2', attributes: { localPref: 50 } },
    ],
    winner: 1,
    reason: 'First path received',
  },
  {
    name: 'RFC 4271 §9.1.2.2: the reason is the latest step needed against any rival',
    paths: [
      { peer: '10.0.0.1', attributes: { localPref: 50 } },
      { peer: '10.0.0.2', bgpId: '9.9.9.9' },
      { peer: '10.0.0.3', bgpId: '1.1.1.1' },
    ],
    winner: 2,
    reason: 'Router ID',
  },
];

describe('decision process (RFC 4271 §9.1.2.2, RFC 4456 §9)', () => {
  for (const row of rows) {
    test(row.name, () => {
      const routes = row.paths.map(route);
      const best = selectBestPath(routes);
      assert.ok(best, 'a best path');
      assert.equal(best.route, routes[row.winner]);
      assert.equal(best.reason, row.reason);
    });
  }

  test('RFC 4271 §9.1.2: no eligible candidate, no best path', () => {
    assert.equal(selectBestPath([route({ peer: '10.0.0.1', ineligible: 'as-loop' })]), undefined);
    assert.equal(selectBestPath([]), undefined);
  });

  test('RFC 4271 §9.1.2.2: the choice does not depend on the order candidates arrived in', () => {
    const specs: PathSpec[] = [];
    for (let i = 1; i <= 6; i++) {
      specs.push({
        peer: `10.0.0.${i}`,
        bgpId: `1.1.1.${7 - i}`,
        attributes: {
          localPref: 100 + (i % 2),
          asPath: [seq(65000 + (i % 3))],
          med: (i * 7) % 5,
          origin: (i % 2) as 0 | 1,
        },
        internal: i !== 4,
      });
    }
    const routes = specs.map(route);
    const expected = selectBestPath(routes);
    fc.assert(
      fc.property(
        fc.shuffledSubarray(routes, { minLength: routes.length, maxLength: routes.length }),
        (shuffled) => {
          const best = selectBestPath(shuffled);
          return best?.route === expected?.route && best?.reason === expected?.reason;
        },
      ),
    );
  });
});
