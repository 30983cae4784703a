/**
 * Every BGP session Calico's rules imply, listed from the per-node intents: one entry per pair of
 * ends and family. Two Calico nodes that configure each other form one session (listed once, with
 * both ends' peer types); a peer that is not a Calico node (or a local workload) is an external end.
 */
import type { NodeIntent, PeerIntent, PeerType } from './intent.js';
import type { IpFamily } from './model/resources.js';

export type SessionEnd =
  | { readonly kind: 'node'; readonly nodeName: string; readonly address: string }
  | { readonly kind: 'external'; readonly address: string };

export interface ImpliedSession {
  readonly family: IpFamily;
  /** The Calico node whose configuration names the other end (for node pairs: the lower name). */
  readonly local: { readonly nodeName: string; readonly address: string; readonly protocolName: string };
  readonly remote: SessionEnd;
  /** Peer type on the local side (`calicoctl node status`), undefined for local workloads. */
  readonly peerType: PeerType | undefined;
  /** For node pairs: the remote side's protocol name and peer type; undefined when it does not peer back. */
  readonly remoteProtocolName: string | undefined;
  readonly remotePeerType: PeerType | undefined;
  /** The local node reflects routes to the remote end (RFC 4456 client). */
  readonly routeReflectorClient: boolean;
  /** The remote node reflects routes to the local end. */
  readonly remoteRouteReflectorClient: boolean;
}

function peersOf(intent: NodeIntent): PeerIntent[] {
  return [...intent.ipv4.peers, ...intent.ipv6.peers];
}

function ownAddress(intent: NodeIntent, family: IpFamily): string {
  return (family === 4 ? intent.ipv4.address : intent.ipv6.address) ?? '';
}

/** Which node of the cluster owns an address (first by name when several claim it). */
function addressOwners(intents: ReadonlyMap<string, NodeIntent>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const name of [...intents.keys()].sort()) {
    const intent = intents.get(name)!;
    for (const address of [intent.ipv4.address, intent.ipv6.address]) {
      if (address !== undefined && !owners.has(address)) owners.set(address, name);
    }
  }
  return owners;
}

/**
 * Lists the sessions in a stable order (family, local node, protocol name). A node-to-node session
 * appears once even though both nodes configure it; a one-sided configuration (e.g. a peer with
 * `reversePeering: Manual` and no manual reverse) is still listed, with no remote protocol.
 */
export function listSessions(intents: ReadonlyMap<string, NodeIntent>): ImpliedSession[] {
  const owners = addressOwners(intents);
  const sessions: ImpliedSession[] = [];
  const seen = new Set<string>();
  for (const nodeName of [...intents.keys()].sort()) {
    const intent = intents.get(nodeName)!;
    for (const peer of peersOf(intent)) {
      const localAddress = ownAddress(intent, peer.family);
      const remoteNode = peer.scope === 'localWorkload' ? undefined : owners.get(peer.address);
      if (remoteNode === undefined) {
        sessions.push({
          family: peer.family,
          local: { nodeName, address: localAddress, protocolName: peer.name },
          remote: { kind: 'external', address: peer.address },
          peerType: peer.peerType,
          remoteProtocolName: undefined,
          remotePeerType: undefined,
          routeReflectorClient: peer.routeReflectorClient,
          remoteRouteReflectorClient: false,
        });
        continue;
      }
      const pairKey = `${peer.family}|${[nodeName, remoteNode].sort().join('|')}`;
      if (seen.has(pairKey)) continue;
      seen.add(pairKey);
      const remoteIntent = intents.get(remoteNode);
      const back = remoteIntent
        ? peersOf(remoteIntent).find((p) => p.family === peer.family && p.address === localAddress)
        : undefined;
      sessions.push({
        family: peer.family,
        local: { nodeName, address: localAddress, protocolName: peer.name },
        remote: { kind: 'node', nodeName: remoteNode, address: peer.address },
        peerType: peer.peerType,
        remoteProtocolName: back?.name,
        remotePeerType: back?.peerType,
        routeReflectorClient: peer.routeReflectorClient,
        remoteRouteReflectorClient: back?.routeReflectorClient ?? false,
      });
    }
  }
  return sessions.sort(
    (a, b) =>
      a.family - b.family ||
      (a.local.nodeName < b.local.nodeName ? -1 : a.local.nodeName > b.local.nodeName ? 1 : 0) ||
      (a.local.protocolName < b.local.protocolName
        ? -1
        : a.local.protocolName > b.local.protocolName
          ? 1
          : 0),
  );
}
