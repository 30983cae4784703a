/**
 * Fan-out through the reflector core, encoding included, no sockets: N route reflection clients each
 * announce P prefixes (Calico-style /26 blocks, one attribute set per client, UPDATEs of at most
 * 800 NLRI as a BIRD client packs them), and every route is reflected to the N − 1 other clients.
 *
 * Baseline, measured in the same run: the same core with update groups off (`shareUpdateGroups:
 * false`), so every peer has its own Adj-RIB-Out and every UPDATE is encoded once per receiving
 * peer: the naive per-peer encoding.
 *
 *   node dist/bench/reflector-core.js            (both scenarios)
 *   node dist/bench/reflector-core.js 200x100    (one)
 */
import { performance } from 'node:perf_hooks';
import { AddPathDirection, Afi, Safi, type Nlri, type OpenMessage } from '../src/bgp/codec/messages.js';
import { negotiateContext } from '../src/bgp/speaker/negotiated-context.js';
import type { ReflectorAction } from '../src/reflector/actions.js';
import type { PeerConfig } from '../src/reflector/config.js';
import type { ReflectorEvent } from '../src/reflector/events.js';
import { ReflectorCore } from '../src/reflector/reflector-core.js';
import { formatIpv4Number, ipv4FromNumber } from '../src/net/index.js';

const LOCAL_AS = 64512;
const NLRI_PER_UPDATE = 800;

const ipv4 = (a: number, b: number, c: number, d: number): number =>
  ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;
const peerId = (i: number): number => ipv4(10, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
const peerAddress = (i: number): string => formatIpv4Number(peerId(i));

function open(bgpId: number, addPath: boolean): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: LOCAL_AS,
    holdTime: 240,
    bgpId,
    capabilities: [
      { kind: 'multiprotocol', afi: Afi.Ipv4, safi: Safi.Unicast },
      { kind: 'route-refresh' },
      { kind: 'four-octet-as', asn: LOCAL_AS },
      ...(addPath
        ? [
            {
              kind: 'add-path' as const,
              families: [{ afi: Afi.Ipv4, safi: Safi.Unicast, sendReceive: AddPathDirection.Both }],
            },
          ]
        : []),
    ],
  };
}

/** Peer i's j-th /26: unique across peers (100.64.0.0/10 space and up). */
function prefix(i: number, j: number): Nlri {
  const index = i * 1_000_000 + j;
  const value = (ipv4(100, 64, 0, 0) + index * 64) >>> 0;
  return {
    afi: Afi.Ipv4,
    length: 26,
    address: ipv4FromNumber(value).bytes,
    pathId: 0,
  };
}

function announcements(peers: number, prefixes: number): ReflectorEvent[] {
  const events: ReflectorEvent[] = [];
  for (let i = 1; i <= peers; i++) {
    for (let start = 0; start < prefixes; start += NLRI_PER_UPDATE) {
      const nlri: Nlri[] = [];
      for (let j = start; j < Math.min(prefixes, start + NLRI_PER_UPDATE); j++) nlri.push(prefix(i, j));
      events.push({
        type: 'update',
        peer: peerAddress(i),
        update: {
          type: 'update',
          withdrawn: [],
          // Calico's BIRD: ORIGIN IGP, empty AS_PATH, NEXT_HOP the node, LOCAL_PREF 2^31 − 1 − 1024.
          attributes: { origin: 0, asPath: [], nextHop: peerId(i), localPref: 2147482623 },
          nlri,
        },
      });
    }
  }
  return events;
}

interface Result {
  readonly seconds: number;
  /** Octets handed to sockets (each send counted once per recipient). */
  readonly wireBytes: number;
  /** Octets the encoder produced. */
  readonly encodedBytes: number;
  readonly encodedMessages: number;
  readonly heapMiB: number;
}

function run(peers: number, prefixes: number, shareUpdateGroups: boolean): Result {
  const configs: PeerConfig[] = [];
  for (let i = 1; i <= peers; i++) {
    configs.push({
      address: peerAddress(i),
      asn: LOCAL_AS,
      rrClient: true,
      families: ['ipv4'],
      localAddress: '10.255.255.254',
    });
  }
  const core = new ReflectorCore({
    routerId: ipv4(10, 255, 255, 254),
    asn: LOCAL_AS,
    clusterId: ipv4(244, 0, 0, 1),
    peers: configs,
    shareUpdateGroups,
  });
  const local = open(ipv4(10, 255, 255, 254), false);
  for (let i = 1; i <= peers; i++) {
    core.handle({
      type: 'peer-up',
      peer: peerAddress(i),
      negotiated: negotiateContext(local, open(peerId(i), false), 'internal'),
    });
  }
  const events = announcements(peers, prefixes);
  const encodedBefore = [...core.updateGroups()].reduce((sum, group) => sum + group.counters.encodedBytes, 0);
  let wireBytes = 0;
  const count = (actions: readonly ReflectorAction[]): void => {
    for (const action of actions) {
      if (action.type !== 'send') continue;
      let bytes = 0;
      for (const message of action.messages) bytes += message.length;
      wireBytes += bytes * action.peers.length;
    }
  };
  const start = performance.now();
  for (const event of events) count(core.handle(event));
  const seconds = (performance.now() - start) / 1000;
  let encodedBytes = -encodedBefore;
  let encodedMessages = 0;
  for (const group of core.updateGroups()) {
    encodedBytes += group.counters.encodedBytes;
    encodedMessages += group.counters.encodedMessages;
  }
  const expectedRoutes = peers * prefixes;
  if (core.locRib.size !== expectedRoutes)
    throw new Error(`Loc-RIB has ${core.locRib.size} prefixes, expected ${expectedRoutes}`);
  return {
    seconds,
    wireBytes,
    encodedBytes,
    encodedMessages,
    heapMiB: process.memoryUsage().heapUsed / 2 ** 20,
  };
}

function format(result: Result): string {
  return [
    `${result.seconds.toFixed(3)} s`,
    `wire ${(result.wireBytes / 2 ** 20).toFixed(1)} MiB`,
    `encoded ${(result.encodedBytes / 2 ** 20).toFixed(2)} MiB in ${result.encodedMessages} UPDATEs`,
    `heap ${result.heapMiB.toFixed(0)} MiB`,
  ].join(', ');
}

const scenarios: [number, number][] = [
  [200, 100],
  [50, 10_000],
];
const only = process.argv[2];
for (const [peers, prefixes] of scenarios) {
  if (only !== undefined && only !== `${peers}x${prefixes}`) continue;
  const advertisements = peers * prefixes * (peers - 1);
  // Warm-up on a small case so the first measurement is not JIT start-up.
  run(10, 100, true);
  run(10, 100, false);
  const groups = run(peers, prefixes, true);
  const baseline = run(peers, prefixes, false);
  console.log(
    `fan-out ${peers} peers × ${prefixes} prefixes = ${advertisements.toLocaleString('en')} reflected advertisements`,
  );
  console.log(`  update groups:            ${format(groups)}`);
  console.log(`  baseline per-peer encode: ${format(baseline)}`);
  console.log(
    `  ratio baseline/groups: time ×${(baseline.seconds / groups.seconds).toFixed(1)}, ` +
      `encoded bytes ×${(baseline.encodedBytes / groups.encodedBytes).toFixed(1)}, ` +
      `wire bytes ×${(baseline.wireBytes / groups.wireBytes).toFixed(2)}; ` +
      `groups: ${Math.round(advertisements / groups.seconds).toLocaleString('en')} advertisements/s`,
  );
}
