import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AttributeInterner } from '../../src/reflector/attribute-interner.js';
import { StoredRoute, type SourcePeer } from '../../src/reflector/route.js';

const source: SourcePeer = {
  address: '10.0.1.1',
  addressBytes: Uint8Array.of(10, 0, 1, 1),
  bgpId: 0x0a000101,
  asn: 64512,
  internal: true,
  rrClient: true,
};

describe('StoredRoute', () => {
  test('RFC 4724 §4.2: marking a route stale and fresh again keeps why it is ineligible', () => {
    const set = new AttributeInterner().acquire({ origin: 0, asPath: [], nextHop: 0x0a000101 });
    for (const reason of [undefined, 'as-loop', 'unusable-next-hop'] as const) {
      const route = new StoredRoute(source, 7, set, 3, reason);
      assert.equal(route.stale, false);
      route.stale = true;
      assert.deepEqual([route.stale, route.ineligible], [true, reason]);
      route.stale = false;
      assert.deepEqual([route.stale, route.ineligible], [false, reason]);
      assert.deepEqual([route.receivedPathId, route.localPathId], [7, 3]);
    }
  });
});
