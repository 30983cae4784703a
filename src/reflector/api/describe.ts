/**
 * The daemon's state as API views: peers (BIRD's words) and the Loc-RIB (FRR's field names).
 */
import { formatCapability } from '../../bgp/codec/capabilities.js';
import { formatPrefix } from '../../bgp/codec/prefix.js';
import { AsPathSegmentType, type AsPathSegment, type PathAttributes } from '../../bgp/codec/messages.js';
import type { Route } from '../route.js';
import type { ReflectorDaemon } from '../daemon/reflector-daemon.js';
import type { PeerRuntime } from '../daemon/peer-runtime.js';
import { familyKeyOf } from '../family.js';
import type { PathAttributesView, PeerView, RouteEntryView, StatusView } from './views.js';
import { formatIp, formatIpv4Number } from '../../net/index.js';

/** BIRD shows a passive session that waits for its peer as `Passive` rather than `Active`. */
function birdState(runtime: PeerRuntime): string {
  if (runtime.settings.passive && (runtime.state === 'Active' || runtime.state === 'Idle')) return 'Passive';
  return runtime.state;
}

export function describePeer(daemon: ReflectorDaemon, runtime: PeerRuntime, now = Date.now()): PeerView {
  const { settings, counters } = runtime;
  const prefixes = daemon.core.adjRibIn(settings.address)?.count(familyKeyOf(settings.family)) ?? 0;
  return {
    name: settings.name,
    address: settings.address,
    family: settings.family,
    asn: settings.peerAs,
    localAs: settings.localAs,
    peerType: settings.peerType,
    peerNode: settings.peerNodeName,
    rrClient: settings.rrClient,
    passive: settings.passive,
    tcpMd5: settings.md5Key !== undefined,
    ttlSecurityHops: settings.ttlSecurityHops,
    state: birdState(runtime),
    protocolState: runtime.established ? 'up' : 'start',
    since: new Date(runtime.since).toISOString(),
    uptimeSeconds: Math.max(0, Math.round((now - runtime.since) / 1000)),
    lastError: runtime.lastError,
    holdTime: runtime.holdTime,
    keepaliveTime: runtime.keepaliveTime,
    capabilities: {
      local: (runtime.localOpen?.capabilities ?? []).map(formatCapability),
      remote: (runtime.remoteOpen?.capabilities ?? []).map(formatCapability),
    },
    counters: { ...counters, prefixesReceived: prefixes },
  };
}

/** AS_PATH the way BIRD prints it: sequences plain, sets in braces, confederation segments in parentheses. */
export function formatAsPathSegments(path: readonly AsPathSegment[] | undefined): string {
  return (path ?? [])
    .map((segment) => {
      const asns = segment.asns.join(' ');
      switch (segment.type) {
        case AsPathSegmentType.AsSequence:
          return asns;
        case AsPathSegmentType.AsSet:
          return `{${asns}}`;
        case AsPathSegmentType.ConfedSequence:
          return `(${asns})`;
        default:
          return `({${asns}})`;
      }
    })
    .filter((text) => text !== '')
    .join(' ');
}

const ORIGINS = ['IGP', 'EGP', 'Incomplete'] as const;

export function describeAttributes(
  attributes: PathAttributes,
  mpNextHop: Uint8Array | undefined,
): PathAttributesView {
  const nextHop =
    mpNextHop !== undefined
      ? formatIp(mpNextHop.subarray(0, 16))
      : attributes.nextHop !== undefined
        ? formatIpv4Number(attributes.nextHop)
        : undefined;
  return {
    origin: attributes.origin === undefined ? undefined : ORIGINS[attributes.origin],
    asPath: formatAsPathSegments(attributes.asPath),
    nextHop,
    localPref: attributes.localPref,
    med: attributes.med,
    originatorId:
      attributes.originatorId === undefined ? undefined : formatIpv4Number(attributes.originatorId),
    clusterList: attributes.clusterList?.map(formatIpv4Number),
    communities: (attributes.communities ?? []).map((c) => `(${c >>> 16},${c & 0xffff})`),
    largeCommunities: (attributes.largeCommunities ?? []).map(
      (c) => `(${c.globalAdmin},${c.localData1},${c.localData2})`,
    ),
  };
}

/** Every prefix of the Loc-RIB with all its candidate paths, sorted by prefix text. */
export function describeRoutes(daemon: ReflectorDaemon, prefixFilter?: string): RouteEntryView[] {
  const names = new Map(daemon.peers().map((p) => [p.settings.address, p.settings.name]));
  const out: RouteEntryView[] = [];
  for (const destination of daemon.core.locRib.destinations()) {
    const prefix = formatPrefix(destination.prefix);
    if (prefixFilter !== undefined && prefix !== prefixFilter) continue;
    const best = destination.best;
    out.push({
      prefix,
      family: destination.prefix.afi === 1 ? 'ipv4' : 'ipv6',
      paths: destination.candidates.map((route: Route) => ({
        peer: route.source.address,
        peerName: names.get(route.source.address) ?? route.source.address,
        receivedPathId: route.receivedPathId,
        localPathId: route.localPathId,
        best: best?.route === route,
        bestpath: best?.route === route ? { reason: best.reason } : undefined,
        stale: route.stale,
        ineligible: route.ineligible,
        attributes: describeAttributes(route.attributes.attributes, route.attributes.mpNextHop),
      })),
    });
  }
  return out.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
}

export function describeStatus(daemon: ReflectorDaemon, now = Date.now()): StatusView {
  const config = daemon.config.reflector;
  const peers = daemon.peers();
  return {
    node: daemon.config.nodeName,
    routerId: formatIpv4Number(config.routerId),
    asn: config.asn,
    clusterId: formatIpv4Number(config.clusterId ?? config.routerId),
    port: daemon.port,
    uptimeSeconds: Math.round((now - daemon.startedAt) / 1000),
    peers: peers.length,
    established: peers.filter((p) => p.established).length,
    prefixes: daemon.core.locRib.size,
    refused: daemon.refusedSources.map((r) => ({
      address: r.address,
      count: r.count,
      last: new Date(r.last).toISOString(),
    })),
    gracefulRestart: { restarted: daemon.restartedGracefully, selectionDeferred: daemon.restarting },
  };
}
