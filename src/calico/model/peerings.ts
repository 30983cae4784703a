/**
 * Calico's BGPPeer → peering computation (confd `updatePeersV1`, identical in v3.31 and master),
 * done once for the whole cluster.
 *
 * Three passes over the BGPPeers emit v1 peer records keyed like confd's KV paths
 * (`/bgp/v1/global/peer_vX/<ip>[-<port>]` and `/bgp/v1/host/<node>/peer_vX/<ip>[-<port>]`):
 *   1. global BGPPeers (no `node`, no `nodeSelector`);
 *   2. node-specific BGPPeers;
 *   3. the automatic reverse peerings (skipped for `reversePeering: Manual`, PR #10675).
 * The first record written for a key wins, and a node-specific record is dropped when a global
 * record to the same ip+port exists; that is how an explicit peering beats an implied reverse one.
 *
 * Order: upstream walks a Go map of BGPPeers, so when two BGPPeers produce the same key with
 * different contents the winner is random. We walk BGPPeers sorted by name (code-unit order) in every
 * pass, nodes sorted by name, and IPv4 before IPv6. Sorting by name is the one order a user can
 * see and control (rename a BGPPeer to change precedence), and it keeps renders byte-stable.
 */
import type { BgpPeerResource, IpFamily, LocalBgpWorkload, NextHopMode, SecretKeyRef } from './resources.js';
import type { CalicoState } from './state.js';
import { type ClusterFacts, listenPortOf, nodeAddress, sortByCodeUnits } from './cluster-facts.js';
import { canonicalIp, parseIp } from './values-adapter.js';
import type { NodeMatcher } from './node-matcher.js';

/** One v1 peer record (the JSON value confd stores under a peer key), with typed fields. */
export interface PeerRecord {
  readonly family: IpFamily;
  /** Canonical peer address. */
  readonly ip: string;
  /** 0 = not set (BIRD's default 179); an explicit 179 is kept, it shows in the protocol name. */
  readonly port: number;
  readonly asNumber: number;
  /** `localASNumber` (peerIP and local-workload forms only). */
  readonly localAsNumber?: number;
  /** The peer node's cluster ID; only known for records built from Node objects. */
  readonly rrClusterId: string;
  /** The peer IP belongs to a Calico node (peerIP form; drives the automatic passive side). */
  readonly calicoNode: boolean;
  /** The Calico node the record was built from, or whose address `peerIP` names. */
  readonly peerNodeName?: string;
  readonly ttlSecurity: number;
  readonly reachableBy?: string;
  readonly keepOriginalNextHop: boolean;
  readonly nextHopMode?: NextHopMode;
  readonly numAllowLocalAs: number;
  readonly sourceAddress: 'UseNodeIP' | 'None';
  readonly restartTimeSeconds?: number;
  readonly keepaliveTimeSeconds?: number;
  readonly password?: SecretKeyRef;
  readonly filters: readonly string[];
  /** `localWorkloadSelector` record (Calico v3.30+): always passive, named `Local_Workload_…`. */
  readonly localWorkload: boolean;
  /** The BGPPeer that produced the record. */
  readonly bgpPeerName: string;
}

export interface ClusterPeerings {
  /** Records under `/bgp/v1/global/…`: apply to every node. */
  readonly global: readonly PeerRecord[];
  /** Records under `/bgp/v1/host/<node>/…`. */
  readonly byNode: ReadonlyMap<string, readonly PeerRecord[]>;
}

/** `net.SplitHostPort`-like split of `peerIP`: `[v6]:port` or `v4:port`; anything else has no port. */
export function splitPeerIp(peerIp: string): { host: string; port: number } {
  const bracketed = /^\[([^\]]*)\]:([0-9]+)$/.exec(peerIp);
  if (bracketed) return { host: bracketed[1] ?? '', port: Number(bracketed[2]) };
  const colon = peerIp.indexOf(':');
  if (colon >= 0 && colon === peerIp.lastIndexOf(':')) {
    const port = peerIp.slice(colon + 1);
    if (/^[0-9]+$/.test(port) && Number(port) <= 65535)
      return { host: peerIp.slice(0, colon), port: Number(port) };
  }
  return { host: peerIp, port: 0 };
}

/** The KV path suffix confd uses: no suffix for port 0 or 179, so the two share one key. */
function keyPort(port: number): number {
  return port === 179 ? 0 : port;
}

/** Fields every record takes straight from its BGPPeer (confd `setPeerConfigFieldsFromV3Resource`). */
function commonFields(peer: BgpPeerResource) {
  return {
    sourceAddress: peer.sourceAddress,
    restartTimeSeconds: peer.maxRestartTimeSeconds,
    keepaliveTimeSeconds: peer.keepaliveTimeSeconds,
    password: peer.password,
    filters: peer.filters,
    keepOriginalNextHop: peer.keepOriginalNextHop,
    nextHopMode: peer.nextHopMode,
    ttlSecurity: peer.ttlSecurity ?? 0,
    bgpPeerName: peer.name,
  };
}

class PeeringComputation {
  private readonly global = new Map<string, PeerRecord>();
  private readonly byNode = new Map<string, Map<string, PeerRecord>>();

  constructor(
    private readonly facts: ClusterFacts,
    private readonly matcher: NodeMatcher,
  ) {}

  /** confd `nodeAsBGPPeers`: one record per family the peer node has (selector and reverse forms). */
  private nodeAsRecords(nodeName: string, v4: boolean, v6: boolean, peer: BgpPeerResource): PeerRecord[] {
    const fields = this.facts.nodes.get(nodeName);
    if (!fields) return [];
    const records: PeerRecord[] = [];
    for (const family of [4, 6] as const) {
      if ((family === 4 && !v4) || (family === 6 && !v6)) continue;
      const ip = nodeAddress(fields, family);
      if (ip === '') continue;
      records.push({
        ...commonFields(peer),
        family,
        ip,
        port: listenPortOf(this.facts, nodeName),
        // Remote AS comes from the peer node, else the global AS (BGPPeer asNumber must be empty here).
        asNumber: fields.asNumber ?? this.facts.globalAs,
        rrClusterId: fields.rrClusterId,
        calicoNode: false,
        peerNodeName: nodeName,
        reachableBy: peer.reachableBy,
        // Selector-derived records carry no local AS, no `allow local as` and no calico_node flag.
        numAllowLocalAs: 0,
        localWorkload: false,
      });
    }
    return records;
  }

  /**
   * confd `nodesWithIPPortAndAS`: nodes whose address is `ip` and whose AS (or the global AS) is
   * `asNumber` (or the global AS when 0). With an explicit port, a node is also rejected when its
   * own listenPort differs, or, through an `if … else if` quirk kept for byte-compatibility, when a
   * different global listenPort exists even though the node's own port matches.
   */
  private nodesWithIpPortAndAs(ip: string, asNumber: number, port: number): string[] {
    const wantedAs = asNumber === 0 ? this.facts.globalAs : asNumber;
    const holders = this.facts.nodesByIp.get(ip) ?? [];
    return holders.filter((nodeName) => {
      const fields = this.facts.nodes.get(nodeName);
      if ((fields?.asNumber ?? this.facts.globalAs) !== wantedAs) return false;
      if (port !== 0) {
        const nodePort = this.facts.nodeListenPorts.get(nodeName);
        if (nodePort !== undefined && nodePort !== port) return false;
        if (this.facts.globalListenPort !== 0 && this.facts.globalListenPort !== port) return false;
      }
      return true;
    });
  }

  /** Records for a `peerIP` BGPPeer, or undefined when the BGPPeer is skipped entirely. */
  private peerIpRecords(peer: BgpPeerResource): PeerRecord[] | undefined {
    const { host, port: writtenPort } = splitPeerIp(peer.peerIP ?? '');
    const parsed = parseIp(host);
    const ip = canonicalIp(host);
    if (!parsed || ip === undefined) return undefined;
    let port = writtenPort;
    if (port === 0) {
      // A peerIP that names a Calico node (same IP and AS) gets that node's BGP port.
      const [first] = this.nodesWithIpPortAndAs(ip, peer.asNumber, 0);
      if (first !== undefined) port = listenPortOf(this.facts, first);
    }
    let reachableBy: string | undefined;
    if (peer.reachableBy !== undefined) {
      const gateway = parseIp(peer.reachableBy);
      // A malformed or wrong-family gateway drops the whole BGPPeer (confd logs an error).
      if (!gateway || gateway.family !== parsed.family) return undefined;
      reachableBy = peer.reachableBy;
    }
    const holders = this.facts.nodesByIp.get(ip);
    return [
      {
        ...commonFields(peer),
        family: parsed.family,
        ip,
        port,
        asNumber: peer.asNumber,
        localAsNumber: peer.localASNumber,
        // peerIP records never learn the peer's cluster ID, even when the IP is a reflector's.
        rrClusterId: '',
        calicoNode: holders !== undefined,
        peerNodeName: holders?.[0],
        reachableBy,
        numAllowLocalAs: peer.numAllowedLocalASNumbers ?? 0,
        localWorkload: false,
      },
    ];
  }

  private emitGlobal(record: PeerRecord): void {
    const key = `${record.ip}|${keyPort(record.port)}`;
    if (!this.global.has(key)) this.global.set(key, record);
  }

  private emitNode(nodeName: string, record: PeerRecord): void {
    const key = `${record.ip}|${keyPort(record.port)}`;
    // A node-specific peering is dropped when a global one to the same ip+port exists.
    if (this.global.has(key)) return;
    let records = this.byNode.get(nodeName);
    if (!records) {
      records = new Map();
      this.byNode.set(nodeName, records);
    }
    if (!records.has(key)) records.set(key, record);
  }

  private forwardPass(peers: readonly BgpPeerResource[], globalPass: boolean): void {
    for (const peer of peers) {
      if (globalPass !== (peer.nodeSelector === undefined && peer.node === undefined)) continue;
      // Local-workload BGPPeers get their records from endpoint status, not from here.
      if (peer.localWorkloadSelector !== undefined) continue;
      const localNodes =
        peer.nodeSelector !== undefined
          ? this.matcher.nodesMatching(peer.nodeSelector)
          : peer.node !== undefined
            ? [peer.node]
            : [];
      const records =
        peer.peerSelector !== undefined
          ? this.matcher
              .nodesMatching(peer.peerSelector)
              .flatMap((n) => this.nodeAsRecords(n, true, true, peer))
          : this.peerIpRecords(peer);
      if (!records) continue;
      for (const record of records) {
        if (globalPass) this.emitGlobal(record);
        else for (const nodeName of localNodes) this.emitNode(nodeName, record);
      }
    }
  }

  /** Automatic symmetry: nodes matching the remote side peer back with the nodes of the local side. */
  private reversePass(peers: readonly BgpPeerResource[]): void {
    for (const peer of peers) {
      if (peer.reversePeering === 'Manual' || peer.localWorkloadSelector !== undefined) continue;
      let localNodes: readonly string[];
      let v4 = true;
      let v6 = true;
      if (peer.peerSelector !== undefined) {
        localNodes = this.matcher.nodesMatching(peer.peerSelector);
      } else {
        const { host, port } = splitPeerIp(peer.peerIP ?? '');
        localNodes = this.nodesWithIpPortAndAs(canonicalIp(host) ?? host, peer.asNumber, port);
        // A peering by IP is reversed only in that IP's family.
        v6 = host.includes(':');
        v4 = !v6;
      }
      if (localNodes.length === 0) continue;
      const peerNodes =
        peer.nodeSelector !== undefined
          ? this.matcher.nodesMatching(peer.nodeSelector)
          : peer.node !== undefined
            ? [peer.node]
            : this.facts.nodeNames;
      for (const peerNode of peerNodes) {
        for (const record of this.nodeAsRecords(peerNode, v4, v6, peer)) {
          for (const nodeName of localNodes) this.emitNode(nodeName, record);
        }
      }
    }
  }

  run(state: CalicoState): ClusterPeerings {
    const peers = sortByCodeUnits(state.bgpPeers.keys()).map((name) => state.bgpPeers.get(name)!);
    this.forwardPass(peers, true);
    this.forwardPass(peers, false);
    this.reversePass(peers);
    const byNode = new Map<string, readonly PeerRecord[]>();
    for (const [nodeName, records] of this.byNode) byNode.set(nodeName, [...records.values()]);
    return { global: [...this.global.values()], byNode };
  }
}

export function computeClusterPeerings(
  state: CalicoState,
  facts: ClusterFacts,
  matcher: NodeMatcher,
): ClusterPeerings {
  return new PeeringComputation(facts, matcher).run(state);
}

/**
 * Records for the BGP-speaking workloads on one node (`localWorkloadSelector`, Calico v3.30+): one
 * per workload whose endpoint status names a BGPPeer, per family it has an address in. A global
 * BGPPeer applies on any node; a node-specific one only on its nodes. The workloads are node-local
 * (Felix's endpoint-status files), so these never reach other nodes.
 */
export function localWorkloadRecords(
  state: CalicoState,
  nodeName: string,
  matcher: NodeMatcher,
): { global: PeerRecord[]; node: PeerRecord[] } {
  const result = { global: [] as PeerRecord[], node: [] as PeerRecord[] };
  const workloads = state.localWorkloads
    .filter((workload) => workload.node === nodeName)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const workload of workloads) {
    const peer = state.bgpPeers.get(workload.bgpPeerName);
    if (!peer || peer.localWorkloadSelector === undefined) continue;
    const isGlobal = peer.node === undefined && peer.nodeSelector === undefined;
    const applies =
      isGlobal ||
      peer.node === nodeName ||
      (peer.nodeSelector !== undefined && matcher.nodesMatching(peer.nodeSelector).includes(nodeName));
    if (!applies) continue;
    for (const record of workloadAsRecords(workload, peer))
      (isGlobal ? result.global : result.node).push(record);
  }
  return result;
}

function workloadAsRecords(workload: LocalBgpWorkload, peer: BgpPeerResource): PeerRecord[] {
  const records: PeerRecord[] = [];
  for (const nets of [workload.ipv4Nets, workload.ipv6Nets]) {
    const [first] = nets;
    if (first === undefined) continue;
    const parsed = parseIp(first.split('/')[0] ?? '');
    const ip = canonicalIp(first.split('/')[0] ?? '');
    if (!parsed || ip === undefined) continue;
    records.push({
      family: parsed.family,
      ip,
      port: 0,
      asNumber: peer.asNumber,
      localAsNumber: peer.localASNumber,
      rrClusterId: '',
      calicoNode: false,
      ttlSecurity: 0,
      keepOriginalNextHop: false,
      numAllowLocalAs: 0,
      // The workload connects to the node's virtual peering address, so no source address.
      sourceAddress: 'None',
      filters: peer.filters,
      localWorkload: true,
      bgpPeerName: peer.name,
    });
  }
  return records;
}
