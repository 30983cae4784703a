/**
 * The typed BGP intent of one Calico node: what its BGP speaker should do, as confd's
 * `GetBirdBGPConfig` decides it (master, `confd/pkg/backends/calico/bgp_processor.go`), but holding
 * numbers, booleans, enums and addresses only. BIRD text is one rendering of it
 * (`src/calico/bird/`); the TypeScript route reflector reads it directly. Keep this API stable.
 *
 *   computeNodeIntent(state, nodeName)  → NodeIntent
 *   computeAllIntents(state)            → Map<nodeName, NodeIntent> (peerings and selectors shared)
 *   listSessions(intents)               → every BGP session the rules imply (see sessions.ts)
 */
import type { CalicoState } from './model/state.js';
import type {
  BgpFilterResource,
  BgpFilterRule,
  IpFamily,
  NextHopMode,
  SecretKeyRef,
} from './model/resources.js';
import { confirmedBlocks } from './model/block-affinities.js';
import { serviceRoutesFor } from './model/service-routes.js';
import {
  type ClusterFacts,
  computeClusterFacts,
  listenPortOf,
  nodeAddress,
  PER_NODE_CONFIG_PREFIX,
} from './model/cluster-facts.js';
import {
  type ClusterPeerings,
  computeClusterPeerings,
  localWorkloadRecords,
  type PeerRecord,
} from './model/peerings.js';
import { createNodeMatcher, type NodeMatcher } from './model/node-matcher.js';
import { routerIdFor } from './model/router-id.js';
import { communityRulesFor, type CommunityRule } from './model/community-rules.js';

/** How `calicoctl node status` names the peer types (`Mesh_`, `Node_`, `Global_` protocols). */
export type PeerType = 'node-to-node mesh' | 'node specific' | 'global';

/** Where a peering comes from: the mesh, a node-specific or global BGPPeer, or a local BGP workload. */
export type PeerScope = 'mesh' | 'node' | 'global' | 'localWorkload';

export type LogLevel = 'none' | 'info' | 'debug';

export interface PeerIntent {
  /** Calico's protocol name: `Mesh_<ip>`, `Node_<ip>[_port_<p>]`, `Global_…`, `Local_Workload_…`. */
  readonly name: string;
  readonly scope: PeerScope;
  /** `calicoctl node status` type; undefined for local workloads (not shown there either). */
  readonly peerType: PeerType | undefined;
  readonly family: IpFamily;
  /** Canonical peer address. */
  readonly address: string;
  /** Remote BGP port; undefined means BIRD's default (179). */
  readonly port: number | undefined;
  /** Name of the Calico node behind `address`, when it is one. */
  readonly peerNodeName: string | undefined;
  readonly asNumber: number;
  /** `localASNumber` override; undefined → the node's AS. */
  readonly localAsNumber: number | undefined;
  /** The AS this node presents on the session (override or node AS). */
  readonly effectiveLocalAsNumber: number;
  /** iBGP: peer AS equals the effective local AS (decides `rr client` and the export policy). */
  readonly internal: boolean;
  /** This side waits for the peer to connect (`passive on`). */
  readonly passive: boolean;
  /** RFC 4456: this node reflects routes to the peer (the node has a cluster ID the peer lacks). */
  readonly routeReflectorClient: boolean;
  /** The node's own cluster ID, sent with `rr client` (RFC 4456 §7); undefined otherwise. */
  readonly clusterId: string | undefined;
  /** The peer node's cluster ID when known (selector and reverse peerings only). */
  readonly peerClusterId: string | undefined;
  /** `Keep` for `nextHopMode: Keep`, or legacy `keepOriginalNextHop` on an eBGP session. */
  readonly nextHopMode: NextHopMode;
  /** Local address for the TCP connection (the node's IP of this family), if any. */
  readonly sourceAddress: string | undefined;
  /** Graceful-restart time in seconds (RFC 4724); undefined → BIRD default (120 s). */
  readonly gracefulRestartSeconds: number | undefined;
  readonly keepaliveSeconds: number | undefined;
  /** RFC 5082 GTSM hop count; undefined → TTL security off (multihop). */
  readonly ttlSecurityHops: number | undefined;
  /** TCP-MD5 (RFC 2385) password Secret reference, as the resource names it. */
  readonly password: SecretKeyRef | undefined;
  /**
   * The password's value, read from the Secret in calico-node's namespace: the key both BIRD and the
   * TypeScript reflector sign segments with. Undefined when the Secret or key is missing: no
   * password at all, as confd does.
   */
  readonly tcpMd5Key: string | undefined;
  /** `allow local as N` (AS-path loop check relaxed). */
  readonly allowLocalAsCount: number | undefined;
  /** Static route gateway to reach the peer (`reachableBy`). */
  readonly reachableBy: string | undefined;
  /** BGPFilter names applied in order (mesh peers: none). Deleted filters are left out. */
  readonly filters: readonly string[];
  /** Calico's export policy: only Calico routes; internal peers also refuse Felix tunnel routes. */
  readonly exportPolicy: { readonly calicoRoutesOnly: true; readonly internalPeer: boolean };
  /**
   * The rules of `filters` for this peer's family, one list per filter in order (filters with no
   * rules in a direction left out): what the peer's import and export filters call.
   */
  readonly filterRules: {
    readonly import: readonly (readonly BgpFilterRule[])[];
    readonly export: readonly (readonly BgpFilterRule[])[];
  };
}

/**
 * The prefixes `calico_export_to_bgp_peers` decides on, in its order: nothing inside a pool with
 * BGP export disabled; the node's own blocks whole and nothing inside them (`calico_aggr`); then
 * anything inside an advertised service range, a range a reflector passes on, or a pool; nothing else.
 */
export interface ExportPrefixes {
  readonly rejected: readonly string[];
  readonly ownBlocks: readonly string[];
  readonly accepted: readonly string[];
}

export interface FamilyIntent {
  readonly family: IpFamily;
  /** The node's address of this family; undefined → BGP is off for the family on this node. */
  readonly address: string | undefined;
  /** The node's subnet of this family (IPIP CrossSubnet), when known. */
  readonly network: string | undefined;
  readonly listenAddress: string | undefined;
  readonly listenPort: number | undefined;
  /** BGPConfiguration `ipv4NormalRoutePriority` / `ipv6NormalRoutePriority` (default 1024). */
  readonly normalRoutePriority: number;
  /** Communities attached to advertised prefixes (`prefixAdvertisements`). */
  readonly communityRules: readonly CommunityRule[];
  /** What the export filter lets out, after the peer's BGPFilters. */
  readonly exportPrefixes: ExportPrefixes;
  /** Peers sorted by protocol name (code-unit order). */
  readonly peers: readonly PeerIntent[];
}

export interface NodeIntent {
  readonly nodeName: string;
  /** BGP identifier (RFC 4271): IPv4 text, also used by the IPv6 daemon; '' when none can be derived. */
  readonly routerId: string;
  readonly asNumber: number;
  /** Set when the node is a route reflector (RFC 4456 cluster ID). */
  readonly routeReflectorClusterId: string | undefined;
  readonly logLevel: LogLevel;
  /** Interfaces the direct protocol ignores (BGPConfiguration `ignoredInterfaces`). */
  readonly ignoredInterfaces: readonly string[];
  readonly ipv4: FamilyIntent;
  readonly ipv6: FamilyIntent;
}

const DEFAULT_NORMAL_ROUTE_PRIORITY = 1024;

/** Everything shared by all nodes' intents of one state. */
interface ClusterContext {
  readonly state: CalicoState;
  readonly facts: ClusterFacts;
  readonly matcher: NodeMatcher;
  readonly peerings: ClusterPeerings;
}

const contexts = new WeakMap<CalicoState, ClusterContext>();

function clusterContext(state: CalicoState): ClusterContext {
  let context = contexts.get(state);
  if (!context) {
    const facts = computeClusterFacts(state);
    const matcher = createNodeMatcher(state);
    context = { state, facts, matcher, peerings: computeClusterPeerings(state, facts, matcher) };
    contexts.set(state, context);
  }
  return context;
}

/** confd's log level key: `node.<n>` first, then `default`; debug/info kept, anything else none. */
function logLevelFor(context: ClusterContext, nodeName: string): LogLevel {
  const nodeConfig = context.state.bgpConfigurations.get(PER_NODE_CONFIG_PREFIX + nodeName);
  const severity = nodeConfig?.logSeverityScreen ?? context.facts.globalConfig?.logSeverityScreen ?? 'info';
  const lower = severity.toLowerCase();
  return lower === 'debug' || lower === 'info' ? lower : 'none';
}

function byName(a: PeerIntent, b: PeerIntent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `10.0.0.1` → `10_0_0_1`, `2001::1` → `2001__1`: Calico's protocol-name form of an address. */
export function addressToken(address: string): string {
  return address.replace(/[.:]/g, '_');
}

interface NodeView {
  readonly nodeName: string;
  readonly family: IpFamily;
  readonly ownAddress: string;
  readonly asNumber: number;
  readonly clusterId: string;
  readonly filters: ReadonlyMap<string, BgpFilterResource>;
  readonly resolveSecret: (ref: SecretKeyRef | undefined) => string | undefined;
}

/** A Secret key's value in calico-node's namespace; a missing Secret or key gives undefined. */
function secretResolver(state: CalicoState): (ref: SecretKeyRef | undefined) => string | undefined {
  return (ref) =>
    ref === undefined ? undefined : state.secrets.get(`${state.secretNamespace}/${ref.name}`)?.data[ref.key];
}

/** Each named filter's rules for one direction and family, skipping filters without any. */
function rulesOf(
  names: readonly string[],
  filters: ReadonlyMap<string, BgpFilterResource>,
  direction: 'import' | 'export',
  family: IpFamily,
): BgpFilterRule[][] {
  const field = `${direction}V${family}` as const;
  return names
    .map((name) => filters.get(name)?.[field] ?? [])
    .filter((rules) => rules.length > 0)
    .map((rules) => [...rules]);
}

function meshPeers(context: ClusterContext, view: NodeView): PeerIntent[] {
  const { facts } = context;
  // RFC 4456 route reflectors leave the mesh (confd PR #619), as does everyone when it is disabled.
  if (view.clusterId !== '') return [];
  if (facts.globalConfig?.nodeToNodeMeshEnabled === false) return [];
  const peers: PeerIntent[] = [];
  for (const name of facts.nodeNames) {
    const fields = facts.nodes.get(name);
    if (!fields) continue;
    const ip = nodeAddress(fields, view.family);
    if (ip === '' || ip === view.ownAddress || fields.rrClusterId !== '') continue;
    // Master falls back to this node's own AS for a peer without one (≤ v3.31 used the global AS).
    const asNumber = fields.asNumber ?? view.asNumber;
    const port = listenPortOf(facts, name);
    peers.push({
      name: `Mesh_${addressToken(ip)}`,
      scope: 'mesh',
      peerType: 'node-to-node mesh',
      family: view.family,
      address: ip,
      port: port === 0 ? undefined : port,
      peerNodeName: name,
      asNumber,
      localAsNumber: undefined,
      effectiveLocalAsNumber: view.asNumber,
      internal: asNumber === view.asNumber,
      // The mesh is one-directional: the lower address listens (avoids GR races, calico #5461).
      passive: ip > view.ownAddress,
      routeReflectorClient: false,
      clusterId: undefined,
      peerClusterId: undefined,
      nextHopMode: 'Auto',
      sourceAddress: view.ownAddress,
      gracefulRestartSeconds: facts.globalConfig?.nodeMeshMaxRestartTimeSeconds,
      keepaliveSeconds: undefined,
      ttlSecurityHops: undefined,
      password: facts.globalConfig?.nodeMeshPassword,
      tcpMd5Key: view.resolveSecret(facts.globalConfig?.nodeMeshPassword),
      allowLocalAsCount: undefined,
      reachableBy: undefined,
      filters: [],
      exportPolicy: { calicoRoutesOnly: true, internalPeer: asNumber === view.asNumber },
      filterRules: { import: [], export: [] },
    });
  }
  return peers;
}

/** confd `buildPeerFromData`: one record → one peer, or undefined for a record to ourselves. */
function peerFromRecord(record: PeerRecord, scope: PeerScope, view: NodeView): PeerIntent | undefined {
  if (record.ip === view.ownAddress) return undefined;
  const prefix = scope === 'global' ? 'Global' : scope === 'node' ? 'Node' : 'Local_Workload';
  const portSuffix = record.port > 0 ? `_port_${record.port}` : '';
  const effectiveLocalAs = record.localAsNumber ?? view.asNumber;
  const internal = record.asNumber === effectiveLocalAs;
  // RFC 4456: on a reflector, an iBGP peer without our cluster ID is a client; same-ID reflectors
  // peer as plain iBGP; eBGP peers never are (BIRD: "Only internal neighbor can be RR client").
  const routeReflectorClient = internal && view.clusterId !== '' && record.rrClusterId !== view.clusterId;
  let nextHopMode: NextHopMode = record.nextHopMode ?? 'Auto';
  // Legacy keepOriginalNextHop only ever applied to eBGP peers (confd PR #339).
  if (record.keepOriginalNextHop && !internal) nextHopMode = 'Keep';
  // Calico-to-Calico global peers (and local workloads) connect from the higher address only.
  const passive =
    record.localWorkload || (scope === 'global' && record.calicoNode && record.ip > view.ownAddress);
  return {
    name: `${prefix}_${addressToken(record.ip)}${portSuffix}`,
    scope,
    peerType: scope === 'global' ? 'global' : scope === 'node' ? 'node specific' : undefined,
    family: record.family,
    address: record.ip,
    port: record.port > 0 ? record.port : undefined,
    peerNodeName: record.peerNodeName,
    asNumber: record.asNumber,
    localAsNumber: record.localAsNumber,
    effectiveLocalAsNumber: effectiveLocalAs,
    internal,
    passive,
    routeReflectorClient,
    clusterId: routeReflectorClient ? view.clusterId : undefined,
    peerClusterId: record.rrClusterId === '' ? undefined : record.rrClusterId,
    nextHopMode,
    sourceAddress: record.sourceAddress === 'UseNodeIP' ? view.ownAddress : undefined,
    gracefulRestartSeconds: record.restartTimeSeconds,
    keepaliveSeconds: record.keepaliveTimeSeconds,
    ttlSecurityHops: record.ttlSecurity > 0 ? record.ttlSecurity : undefined,
    password: record.password,
    tcpMd5Key: view.resolveSecret(record.password),
    allowLocalAsCount: record.numAllowLocalAs > 0 ? record.numAllowLocalAs : undefined,
    reachableBy: record.reachableBy,
    filters: record.filters.filter((filter) => view.filters.has(filter)),
    exportPolicy: { calicoRoutesOnly: true, internalPeer: internal },
    filterRules: {
      import: rulesOf(record.filters, view.filters, 'import', record.family),
      export: rulesOf(record.filters, view.filters, 'export', record.family),
    },
  };
}

function familyIntent(
  context: ClusterContext,
  nodeName: string,
  family: IpFamily,
  asNumber: number,
): FamilyIntent {
  const { facts, state } = context;
  const fields = facts.nodes.get(nodeName);
  const address = fields ? nodeAddress(fields, family) : '';
  const network = fields ? (family === 4 ? fields.networkV4 : fields.networkV6) : '';
  const listenPort = listenPortOf(facts, nodeName);
  const priorityField = family === 4 ? 'ipv4NormalRoutePriority' : 'ipv6NormalRoutePriority';
  const view: NodeView = {
    nodeName,
    family,
    ownAddress: address,
    asNumber,
    clusterId: fields?.rrClusterId ?? '',
    filters: state.bgpFilters,
    resolveSecret: secretResolver(state),
  };
  const peers: PeerIntent[] = [];
  if (address !== '') {
    peers.push(...meshPeers(context, view));
    const local = localWorkloadRecords(state, nodeName, context.matcher);
    const sources: [readonly PeerRecord[], PeerScope][] = [
      [context.peerings.global, 'global'],
      [local.global, 'localWorkload'],
      [context.peerings.byNode.get(nodeName) ?? [], 'node'],
      [local.node, 'localWorkload'],
    ];
    for (const [records, scope] of sources) {
      for (const record of records) {
        if (record.family !== family) continue;
        const peer = peerFromRecord(record, scope, view);
        if (peer) peers.push(peer);
      }
    }
    peers.sort(byName);
  }
  return {
    family,
    address: address === '' ? undefined : address,
    network: network === '' ? undefined : network,
    listenAddress: facts.globalConfig?.bindMode === 'NodeIP' && address !== '' ? address : undefined,
    listenPort: listenPort === 0 ? undefined : listenPort,
    normalRoutePriority: facts.globalConfig?.[priorityField] ?? DEFAULT_NORMAL_ROUTE_PRIORITY,
    communityRules: communityRulesFor(state, nodeName, family),
    exportPrefixes: exportPrefixesFor(context, nodeName, family),
    peers,
  };
}

function exportPrefixesFor(context: ClusterContext, nodeName: string, family: IpFamily): ExportPrefixes {
  const { state, facts } = context;
  const pools = [...state.ipPools.values()].filter((pool) => pool.family === family);
  const ofFamily = (cidrs: readonly string[]): string[] =>
    cidrs.filter((c) => c.includes(':') === (family === 6));
  // A reflector also passes on the LB and external service routes of the nodes hosting the endpoints.
  const reflects = (facts.nodes.get(nodeName)?.rrClusterId ?? '') !== '';
  const reflected = reflects
    ? [
        ...ofFamily(facts.globalConfig?.serviceLoadBalancerIPs ?? []),
        ...ofFamily(facts.globalConfig?.serviceExternalIPs ?? []),
      ]
    : [];
  return {
    rejected: pools.filter((pool) => pool.disableBGPExport).map((pool) => pool.cidr),
    ownBlocks: confirmedBlocks(state, nodeName, family),
    // A range may be both advertised and reflected: one entry decides the same.
    accepted: [
      ...new Set([
        ...serviceRoutesFor(state, nodeName, family).advertised,
        ...reflected,
        ...pools.filter((pool) => !pool.disableBGPExport).map((pool) => pool.cidr),
      ]),
    ],
  };
}

function intentFor(context: ClusterContext, nodeName: string): NodeIntent {
  const { facts } = context;
  const fields = facts.nodes.get(nodeName);
  const asNumber = fields?.asNumber ?? facts.globalAs;
  return {
    nodeName,
    routerId: routerIdFor(context.state.env, nodeName, fields?.ipv4 ?? ''),
    asNumber,
    routeReflectorClusterId: fields && fields.rrClusterId !== '' ? fields.rrClusterId : undefined,
    logLevel: logLevelFor(context, nodeName),
    ignoredInterfaces: facts.globalConfig?.ignoredInterfaces ?? [],
    ipv4: familyIntent(context, nodeName, 4, asNumber),
    ipv6: familyIntent(context, nodeName, 6, asNumber),
  };
}

/** The intent of one node. Cluster-wide peerings are computed once per state and cached. */
export function computeNodeIntent(state: CalicoState, nodeName: string): NodeIntent {
  return intentFor(clusterContext(state), nodeName);
}

/** Intents of every node, sharing one peering computation and one selector evaluation per selector. */
export function computeAllIntents(state: CalicoState): Map<string, NodeIntent> {
  const context = clusterContext(state);
  const intents = new Map<string, NodeIntent>();
  for (const nodeName of context.facts.nodeNames) intents.set(nodeName, intentFor(context, nodeName));
  return intents;
}

/** The family part of an intent. */
export function familyOf(intent: NodeIntent, family: IpFamily): FamilyIntent {
  return family === 4 ? intent.ipv4 : intent.ipv6;
}
