/**
 * Builders for reflector tests: OPENs with the capabilities a Calico BIRD client sends, UPDATE
 * events from prefix text, and a core with a small Calico-like topology.
 */
import { parseIpv4 } from '../../src/bgp/codec/bytes.js';
import { parseAddress, parsePrefix } from '../../src/bgp/codec/prefix.js';
import {
  AddPathDirection,
  Afi,
  Safi,
  type Capability,
  type CodecContext,
  type OpenMessage,
  type PathAttributes,
} from '../../src/bgp/codec/messages.js';
import { negotiateContext } from '../../src/bgp/speaker/negotiated-context.js';
import type { ReflectorAction } from '../../src/reflector/actions.js';
import type { PeerConfig, ReflectorConfig, UnicastFamily } from '../../src/reflector/config.js';
import { describeActions } from '../../src/reflector/describe-actions.js';
import type { ReflectorEvent } from '../../src/reflector/events.js';
import { ReflectorCore } from '../../src/reflector/reflector-core.js';
import { EXPORT_ALL } from '../../src/reflector/route-policy.js';

export const LOCAL_AS = 64512;
export const ip = (text: string): number => {
  const value = parseIpv4(text);
  if (value === undefined) throw new Error(`bad IPv4 ${text}`);
  return value;
};
export const RR_ID = ip('10.0.0.100');
export const CLUSTER_ID = ip('244.0.0.1');

export interface OpenOptions {
  readonly asn?: number;
  readonly bgpId: string;
  readonly families?: readonly UnicastFamily[];
  /** RFC 7911 Send/Receive value advertised for every family (BIRD `add paths on` = 3). */
  readonly addPath?: number;
  readonly gracefulRestart?: {
    readonly seconds: number;
    readonly forwarding: boolean;
    readonly notification?: boolean;
    /** The R bit: the peer has restarted itself. */
    readonly restarting?: boolean;
  };
  readonly enhancedRefresh?: boolean;
  readonly fourOctetAs?: boolean;
}

export function openMessage(options: OpenOptions): OpenMessage {
  const asn = options.asn ?? LOCAL_AS;
  const families = options.families ?? ['ipv4'];
  const tuple = (family: UnicastFamily) => ({
    afi: family === 'ipv4' ? Afi.Ipv4 : Afi.Ipv6,
    safi: Safi.Unicast,
  });
  const capabilities: Capability[] = families.map((family) => ({ kind: 'multiprotocol', ...tuple(family) }));
  capabilities.push({ kind: 'route-refresh' });
  if (options.enhancedRefresh) capabilities.push({ kind: 'enhanced-route-refresh' });
  if (options.fourOctetAs ?? true) capabilities.push({ kind: 'four-octet-as', asn });
  if (options.addPath !== undefined) {
    capabilities.push({
      kind: 'add-path',
      families: families.map((family) => ({
        ...tuple(family),
        sendReceive: options.addPath ?? AddPathDirection.Both,
      })),
    });
  }
  const gr = options.gracefulRestart;
  if (gr !== undefined) {
    capabilities.push({
      kind: 'graceful-restart',
      restarting: gr.restarting ?? false,
      notification: gr.notification ?? false,
      restartTimeSeconds: gr.seconds,
      families: families.map((family) => ({ ...tuple(family), forwardingPreserved: gr.forwarding })),
    });
  }
  return {
    type: 'open',
    version: 4,
    myAs: asn > 0xffff ? 23456 : asn,
    holdTime: 240,
    bgpId: ip(options.bgpId),
    capabilities,
  };
}

/** The reflector's own OPEN: both families, ADD-PATH both ways, graceful restart helper, enhanced refresh. */
export function reflectorOpen(overrides: Partial<OpenOptions> = {}): OpenMessage {
  return openMessage({
    bgpId: '10.0.0.100',
    families: ['ipv4', 'ipv6'],
    addPath: AddPathDirection.Both,
    gracefulRestart: { seconds: 120, forwarding: false },
    enhancedRefresh: true,
    ...overrides,
  });
}

export function peerUp(
  peer: string,
  remote: OpenOptions,
  local: OpenMessage = reflectorOpen(),
): ReflectorEvent {
  const peerType = (remote.asn ?? LOCAL_AS) === LOCAL_AS ? 'internal' : 'external';
  return { type: 'peer-up', peer, negotiated: negotiateContext(local, openMessage(remote), peerType) };
}

export interface RouteAttributes extends Omit<PathAttributes, 'nextHop'> {
  readonly nextHop: string;
}

/** IPv4 unicast announcement with Calico's defaults (ORIGIN IGP, empty AS_PATH) unless overridden. */
export function announce(
  peer: string,
  prefixes: readonly string[],
  attributes: RouteAttributes,
  pathId = 0,
): ReflectorEvent {
  const { nextHop, ...rest } = attributes;
  return {
    type: 'update',
    peer,
    update: {
      type: 'update',
      withdrawn: [],
      attributes: { origin: 0, asPath: [], ...rest, nextHop: ip(nextHop) },
      nlri: prefixes.map((prefix) => parsePrefix(prefix, pathId)),
    },
  };
}

export function announce6(
  peer: string,
  prefixes: readonly string[],
  nextHop: string,
  attributes: PathAttributes = {},
): ReflectorEvent {
  const address = parseAddress(nextHop);
  if (address === undefined) throw new Error(`bad next hop ${nextHop}`);
  return {
    type: 'update',
    peer,
    update: {
      type: 'update',
      withdrawn: [],
      attributes: { origin: 0, asPath: [], localPref: 100, ...attributes },
      mpReach: {
        afi: Afi.Ipv6,
        safi: Safi.Unicast,
        nextHop: address,
        nlri: prefixes.map((prefix) => parsePrefix(prefix)),
      },
      nlri: [],
    },
  };
}

export function withdraw(peer: string, prefixes: readonly string[], pathId = 0): ReflectorEvent {
  return {
    type: 'update',
    peer,
    update: {
      type: 'update',
      withdrawn: prefixes.map((prefix) => parsePrefix(prefix, pathId)),
      attributes: {},
      nlri: [],
    },
  };
}

export function endOfRib(peer: string): ReflectorEvent {
  return { type: 'update', peer, update: { type: 'update', withdrawn: [], attributes: {}, nlri: [] } };
}

export function client(address: string, extra: Partial<PeerConfig> = {}): PeerConfig {
  return { address, asn: LOCAL_AS, rrClient: true, families: ['ipv4'], localAddress: '10.0.0.100', ...extra };
}

export function nonClient(address: string, extra: Partial<PeerConfig> = {}): PeerConfig {
  return {
    address,
    asn: LOCAL_AS,
    rrClient: false,
    families: ['ipv4'],
    localAddress: '10.0.0.100',
    ...extra,
  };
}

/** An eBGP peer with BIRD's `import all; export all` (RFC 8212 wants a policy on every eBGP session). */
export function external(address: string, asn: number, extra: Partial<PeerConfig> = {}): PeerConfig {
  return externalWithoutPolicy(address, asn, { importFilters: [], exportPolicy: EXPORT_ALL, ...extra });
}

/** An eBGP peer with no policy configured at all (RFC 8212 §3: it exchanges no routes). */
export function externalWithoutPolicy(
  address: string,
  asn: number,
  extra: Partial<PeerConfig> = {},
): PeerConfig {
  return { address, asn, rrClient: false, families: ['ipv4'], localAddress: '10.0.0.100', ...extra };
}

export function makeCore(peers: readonly PeerConfig[], extra: Partial<ReflectorConfig> = {}): ReflectorCore {
  return new ReflectorCore({ routerId: RR_ID, asn: LOCAL_AS, clusterId: CLUSTER_ID, peers, ...extra });
}

/** Three clients up; the first (10.0.1.1) with graceful restart (120 s, forwarding state kept). */
export function threeClients(extra: Partial<PeerConfig> = {}): ReflectorCore {
  const core = makeCore([client('10.0.1.1', extra), client('10.0.1.2'), client('10.0.1.3')]);
  const gr = { seconds: 120, forwarding: true };
  core.handle(peerUp('10.0.1.1', { bgpId: '10.0.1.1', gracefulRestart: gr }));
  core.handle(peerUp('10.0.1.2', { bgpId: '10.0.1.2' }));
  core.handle(peerUp('10.0.1.3', { bgpId: '10.0.1.3' }));
  return core;
}

/** The peer's TCP session ended (what graceful restart covers, RFC 4724 §4.2). */
export const socketDown = (peer: string) =>
  ({ type: 'peer-down', peer, reason: { kind: 'socket', text: 'Connection closed' } }) as const;

const FALLBACK_CONTEXT: CodecContext = {
  fourOctetAs: true,
  addPathReceive: new Set(),
  addPathSend: new Set(),
  extendedMessage: false,
  peerType: 'internal',
};

/** Actions as text lines (see `describeActions`), decoding with each recipient's session context. */
export function lines(core: ReflectorCore, actions: readonly ReflectorAction[]): string[] {
  return describeActions(actions, (peer) => core.codecContext(peer) ?? FALLBACK_CONTEXT);
}

/** Every peer that was sent anything in these actions. */
export function recipients(actions: readonly ReflectorAction[]): Set<string> {
  const peers = new Set<string>();
  for (const action of actions) if (action.type === 'send') for (const peer of action.peers) peers.add(peer);
  return peers;
}
