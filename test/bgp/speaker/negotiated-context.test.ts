import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AS_TRANS,
  AddPathDirection,
  Afi,
  Safi,
  familyKey,
  type Capability,
  type OpenMessage,
} from '../../../src/bgp/codec/messages.js';
import { negotiateContext } from '../../../src/bgp/speaker/negotiated-context.js';

const IPV4 = familyKey(Afi.Ipv4, Safi.Unicast);
const IPV6 = familyKey(Afi.Ipv6, Safi.Unicast);
const AS = 64512;

function open(capabilities: readonly Capability[], myAs = AS): OpenMessage {
  return { type: 'open', version: 4, myAs, holdTime: 90, bgpId: 0x0a000001, capabilities };
}

const mp = (afi: number): Capability => ({ kind: 'multiprotocol', afi, safi: Safi.Unicast });
const addPath = (...families: [afi: number, sendReceive: number][]): Capability => ({
  kind: 'add-path',
  families: families.map(([afi, sendReceive]) => ({ afi, safi: Safi.Unicast, sendReceive })),
});
const gracefulRestart = (
  fields: Partial<Extract<Capability, { kind: 'graceful-restart' }>> = {},
): Capability => ({
  kind: 'graceful-restart',
  restarting: false,
  notification: false,
  restartTimeSeconds: 120,
  families: [],
  ...fields,
});
const negotiate = (local: readonly Capability[], remote: readonly Capability[]) =>
  negotiateContext(open(local), open(remote), 'internal');

describe('the negotiated context of an OPEN exchange', () => {
  describe('families (RFC 4760 §8, RFC 5492 §3)', () => {
    test('RFC 5492 §3: a family is used when both sides advertised it', () => {
      const context = negotiate([mp(Afi.Ipv4), mp(Afi.Ipv6)], [mp(Afi.Ipv6)]);
      assert.deepEqual([...context.families], [IPV6]);
    });

    test('RFC 4760 §8: a side that sends no Multiprotocol capability speaks IPv4 unicast only', () => {
      assert.deepEqual([...negotiate([mp(Afi.Ipv4), mp(Afi.Ipv6)], []).families], [IPV4]);
      assert.deepEqual([...negotiate([], [mp(Afi.Ipv6)]).families], []);
      assert.deepEqual([...negotiate([], []).families], [IPV4]);
    });
  });

  describe('ADD-PATH (RFC 7911)', () => {
    test('RFC 7911 §5: Path Identifiers flow from a side that advertised Send to one that advertised Receive', () => {
      const { codec } = negotiate(
        [
          mp(Afi.Ipv4),
          mp(Afi.Ipv6),
          addPath([Afi.Ipv4, AddPathDirection.Both], [Afi.Ipv6, AddPathDirection.Send]),
        ],
        [
          mp(Afi.Ipv4),
          mp(Afi.Ipv6),
          addPath([Afi.Ipv4, AddPathDirection.Receive], [Afi.Ipv6, AddPathDirection.Receive]),
        ],
      );
      assert.deepEqual([...codec.addPathSend].sort(), [IPV4, IPV6]);
      assert.deepEqual([...codec.addPathReceive], [], 'the peer sends no Path Identifiers: it only receives');
    });

    test('RFC 7911 §5: both ways when both sides advertised Send/Receive, per family', () => {
      const { codec } = negotiate(
        [addPath([Afi.Ipv4, AddPathDirection.Both], [Afi.Ipv6, AddPathDirection.Both])],
        [addPath([Afi.Ipv4, AddPathDirection.Both])],
      );
      assert.deepEqual([...codec.addPathSend], [IPV4]);
      assert.deepEqual([...codec.addPathReceive], [IPV4]);
    });

    test('RFC 7911 §5: Send facing Send, or Receive facing Receive, carries no Path Identifiers', () => {
      const sendSend = negotiate(
        [addPath([Afi.Ipv4, AddPathDirection.Send])],
        [addPath([Afi.Ipv4, AddPathDirection.Send])],
      );
      const receiveReceive = negotiate(
        [addPath([Afi.Ipv4, AddPathDirection.Receive])],
        [addPath([Afi.Ipv4, AddPathDirection.Receive])],
      );
      for (const { codec } of [sendSend, receiveReceive]) {
        assert.equal(codec.addPathSend.size, 0);
        assert.equal(codec.addPathReceive.size, 0);
      }
    });

    test('RFC 7911 §4: a Send/Receive value other than 1 to 3 is not understood and ignored', () => {
      const { codec } = negotiate([addPath([Afi.Ipv4, 7])], [addPath([Afi.Ipv4, AddPathDirection.Both])]);
      assert.equal(codec.addPathSend.size, 0);
      assert.equal(codec.addPathReceive.size, 0);
    });
  });

  describe('4-octet AS numbers (RFC 6793)', () => {
    const as4 = (asn: number): Capability => ({ kind: 'four-octet-as', asn });

    test('RFC 6793 §3: AS numbers are 4 octets on the wire only when both sides advertised capability 65', () => {
      assert.equal(negotiate([as4(AS)], [as4(AS)]).codec.fourOctetAs, true);
      assert.equal(negotiate([as4(AS)], []).codec.fourOctetAs, false);
      assert.equal(negotiate([], [as4(AS)]).codec.fourOctetAs, false);
    });

    test("RFC 6793 §4.1: the peer's AS is capability 65's, with AS_TRANS in My AS; else My AS", () => {
      const wide = negotiateContext(open([]), open([as4(4200000001)], AS_TRANS), 'external');
      assert.equal(wide.peerAs, 4200000001);
      assert.equal(negotiateContext(open([]), open([], 65001), 'external').peerAs, 65001);
    });
  });

  describe('route refresh (RFC 2918, RFC 7313)', () => {
    test('RFC 2918 §4: what we may send depends on what the peer advertised alone', () => {
      const context = negotiate([], [{ kind: 'route-refresh' }]);
      assert.equal(context.peerRouteRefresh, true);
      assert.equal(context.peerEnhancedRouteRefresh, false);
      assert.equal(negotiate([{ kind: 'route-refresh' }], []).peerRouteRefresh, false);
    });

    test('RFC 7313: the routes sent again on request are framed by BoRR and EoRR only when both advertised capability 70', () => {
      const enhanced: Capability = { kind: 'enhanced-route-refresh' };
      assert.equal(negotiate([enhanced], [enhanced]).enhancedRouteRefresh, true);
      const peerOnly = negotiate([], [enhanced]);
      assert.equal(peerOnly.enhancedRouteRefresh, false);
      assert.equal(peerOnly.peerEnhancedRouteRefresh, true);
      assert.equal(negotiate([enhanced], []).enhancedRouteRefresh, false);
    });
  });

  describe('graceful restart (RFC 4724, RFC 8538)', () => {
    test("RFC 4724 §3: the peer's Restart Time, R bit and per-family F bits", () => {
      const gr = negotiate(
        [],
        [
          gracefulRestart({
            restarting: true,
            restartTimeSeconds: 90,
            families: [
              { afi: Afi.Ipv4, safi: Safi.Unicast, forwardingPreserved: true },
              { afi: Afi.Ipv6, safi: Safi.Unicast, forwardingPreserved: false },
            ],
          }),
        ],
      ).gracefulRestart;
      assert.ok(gr !== undefined);
      assert.equal(gr.restartTimeSeconds, 90);
      assert.equal(gr.restarting, true);
      assert.deepEqual(
        [...gr.families],
        [
          [IPV4, true],
          [IPV6, false],
        ],
      );
      assert.equal(gr.bothAdvertised, false, 'we did not advertise the capability');
    });

    test('RFC 4724 §4.2: nothing is promised by a peer that did not advertise the capability', () => {
      assert.equal(negotiate([gracefulRestart()], []).gracefulRestart, undefined);
    });

    test('RFC 4724 §3: when the capability appears more than once, only the last instance counts', () => {
      const gr = negotiate(
        [gracefulRestart()],
        [gracefulRestart({ restartTimeSeconds: 30 }), gracefulRestart({ restartTimeSeconds: 240 })],
      ).gracefulRestart;
      assert.equal(gr?.restartTimeSeconds, 240);
      assert.equal(gr?.bothAdvertised, true);
    });

    test('RFC 8538 §2: NOTIFICATIONs keep routes only when both sides set the N bit', () => {
      const withN = gracefulRestart({ notification: true });
      assert.equal(negotiate([withN], [withN]).gracefulRestart?.notification, true);
      assert.equal(negotiate([gracefulRestart()], [withN]).gracefulRestart?.notification, false);
      assert.equal(negotiate([], [withN]).gracefulRestart?.notification, false);
    });
  });

  test('the codec context is part of it: the peer type, and the OPENs it came from', () => {
    const local = open([mp(Afi.Ipv4)]);
    const remote = open([mp(Afi.Ipv4)]);
    const context = negotiateContext(local, remote, 'external');
    assert.equal(context.codec.peerType, 'external');
    assert.equal(context.localOpen, local);
    assert.equal(context.peerOpen, remote);
  });
});
