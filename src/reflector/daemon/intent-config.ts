/**
 * Calico intent → reflector daemon configuration. The intent already holds every decision Calico's
 * rules make (peers, client or not, passive, ports, timers), so this is a field-by-field mapping,
 * never a second reading of the resources (DESIGN.md "One intermediate form"); the mapping is listed
 * in `src/reflector/config.ts`.
 *
 * BIRD 1.6 runs IPv4 and IPv6 as separate daemons, so a Calico peer is one session per family; the
 * reflector does the same: each `PeerIntent` is one session carrying one family.
 */
// Types only: the reflector's container carries src/net, src/bgp and src/reflector, not src/calico.
import type { ExportPrefixes, NodeIntent, PeerIntent } from '../../calico/index.js';
import { unappliedRuleParts, type ExportPolicy } from '../route-policy.js';
import { routerIdNumber } from '../../bgp/speaker/peer-config.js';
import type { PeerConfig } from '../config.js';
import { CALICO_SESSION_DEFAULTS, type DaemonConfig, type SessionSettings } from './daemon-config.js';

export interface IntentMappingOptions {
  /** Upper bound on prefixes per peer and family (RFC 4486 Cease 6/1); none by default, as in Calico. */
  readonly maxPrefixes?: number;
  /** Hold time override for every session (labs shorten it); default BIRD's 240 s. */
  readonly holdTime?: number;
}

function unsupportedFeatures(peer: PeerIntent): string[] {
  const out: string[] = [];
  for (const part of unappliedRuleParts([...peer.filterRules.import, ...peer.filterRules.export])) {
    out.push(`${peer.name}: BGP filters ${peer.filters.join(', ')}: ${part} are not applied`);
  }
  return out;
}

/** The peer's filters as the reflector applies them; the intent's rules already have the shape. */
function exportPolicyOf(peer: PeerIntent, prefixes: ExportPrefixes): ExportPolicy {
  return { filters: peer.filterRules.export, ...prefixes };
}

function sessionOf(peer: PeerIntent, options: IntentMappingOptions): SessionSettings {
  return {
    name: peer.name,
    peerType: peer.peerType,
    peerNodeName: peer.peerNodeName,
    address: peer.address,
    family: peer.family === 4 ? 'ipv4' : 'ipv6',
    peerAs: peer.asNumber,
    localAs: peer.effectiveLocalAsNumber,
    rrClient: peer.routeReflectorClient,
    port: peer.port ?? CALICO_SESSION_DEFAULTS.port,
    passive: peer.passive,
    localAddress: peer.sourceAddress,
    md5Key: peer.tcpMd5Key,
    ttlSecurityHops: peer.ttlSecurityHops,
    holdTime: options.holdTime ?? CALICO_SESSION_DEFAULTS.holdTime,
    keepaliveTime: peer.keepaliveSeconds,
    gracefulRestartSeconds: peer.gracefulRestartSeconds ?? CALICO_SESSION_DEFAULTS.gracefulRestartSeconds,
    connectRetryTime: CALICO_SESSION_DEFAULTS.connectRetryTime,
    restartDelaySeconds: CALICO_SESSION_DEFAULTS.restartDelaySeconds,
  };
}

/** Throws when the node has no router ID (Calico derives it from the node's IPv4 address). */
export function daemonConfigFromIntent(intent: NodeIntent, options: IntentMappingOptions = {}): DaemonConfig {
  if (intent.routerId === '')
    throw new Error(`node "${intent.nodeName}" has no router ID (no IPv4 address and no CALICO_ROUTER_ID)`);
  const intents = [...intent.ipv4.peers, ...intent.ipv6.peers];
  const sessions: SessionSettings[] = [];
  const peers: PeerConfig[] = [];
  const seen = new Set<string>();
  for (const peer of intents) {
    // One session per address: two Calico peerings to one address (e.g. a node-specific and a global
    // BGPPeer) collapse to the first by name, as they would clash on BIRD's listening socket too.
    if (seen.has(peer.address)) continue;
    seen.add(peer.address);
    const session = sessionOf(peer, options);
    sessions.push(session);
    peers.push({
      address: session.address,
      asn: session.peerAs,
      rrClient: session.rrClient,
      families: [session.family],
      ...(session.localAddress !== undefined ? { localAddress: session.localAddress } : {}),
      ...(options.maxPrefixes !== undefined ? { maxPrefixes: options.maxPrefixes } : {}),
      ...(peer.nextHopMode !== 'Auto' ? { nextHopMode: peer.nextHopMode } : {}),
      ...(peer.allowLocalAsCount !== undefined ? { allowLocalAs: peer.allowLocalAsCount } : {}),
      // Always a policy, even an empty one (accept all): Calico's BIRD has an import filter on every
      // session, and an eBGP peer without one would get nothing (RFC 8212).
      importFilters: peer.filterRules.import,
      exportPolicy: exportPolicyOf(peer, (peer.family === 4 ? intent.ipv4 : intent.ipv6).exportPrefixes),
    });
  }
  const clusterId = intent.routeReflectorClusterId;
  return {
    nodeName: intent.nodeName,
    reflector: {
      routerId: routerIdNumber(intent.routerId),
      asn: intent.asNumber,
      ...(clusterId !== undefined && clusterId !== '' ? { clusterId: routerIdNumber(clusterId) } : {}),
      peers,
    },
    sessions,
    unsupported: intents.flatMap(unsupportedFeatures),
  };
}

/**
 * Where the daemon listens: the command line's address and port when given, else Calico's
 * (`listenPort`, default 179; `bindMode: NodeIP` → the node's address, BIRD's `listen bgp address`).
 * BIRD binds each family's daemon to that family's address; one listener cannot bind two addresses,
 * so a node with both stays on `::`, both families, every address.
 */
export function listenFromIntent(
  intent: NodeIntent,
  overrides: { readonly host?: string | undefined; readonly port?: number | undefined } = {},
): { host?: string; port: number } {
  const port = overrides.port ?? intent.ipv4.listenPort ?? CALICO_SESSION_DEFAULTS.port;
  const bound = [intent.ipv4.listenAddress, intent.ipv6.listenAddress].filter(
    (address): address is string => address !== undefined,
  );
  const host = overrides.host ?? (bound.length === 1 ? bound[0] : undefined);
  return host === undefined ? { port } : { host, port };
}
