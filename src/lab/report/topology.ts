/**
 * What the lab looked like, from its own observers rather than from the feature text: the nodes
 * that ran (kind, cluster ID) and every BGP session any of them reported, with its state as both
 * ends saw it, plus the connections a TypeScript reflector refused. The picture is drawn from this.
 */
import type { Lab } from '../lab.js';
import { TsReflectorNode } from '../nodes/ts-reflector.js';
import { mapLimit } from '../concurrency.js';

export type SessionState = 'established' | 'down' | 'refused';

export interface TopologyNode {
  readonly name: string;
  readonly kind: string;
  readonly clusterId: string | undefined;
}

export interface TopologySession {
  /** For a reflector–client session, the reflector; otherwise the end whose name sorts first. */
  readonly from: string;
  readonly to: string;
  readonly state: SessionState;
  /** RFC 4456: `from` reflects to `to`. */
  readonly reflectsToClient: boolean;
}

export interface Topology {
  readonly nodes: readonly TopologyNode[];
  readonly sessions: readonly TopologySession[];
}

/** The cluster ID each node registered with Calico (reflectors only). */
function clusterIds(lab: Lab): Map<string, string> {
  const ids = new Map<string, string>();
  for (const [name, node] of lab.calico.state.nodes) {
    const id = node.bgp?.routeReflectorClusterID;
    if (id) ids.set(name, id);
  }
  return ids;
}

/** What a node answers, or undefined when it is down (a killed reflector has no API to ask). */
async function unlessDown<T>(ask: () => Promise<T>): Promise<T | undefined> {
  try {
    return await ask();
  } catch {
    return undefined;
  }
}

/** Reads every running node's sessions (control sockets and APIs, 8 at a time) into one picture. */
export async function observeTopology(lab: Lab): Promise<Topology> {
  const ids = clusterIds(lab);
  const clients = reflectorClients(lab);
  const started = lab.allNodes().filter((node) => node.started);
  const nodes: TopologyNode[] = lab
    .allNodes()
    .map((node) => ({ name: node.name, kind: node.kind, clusterId: ids.get(node.name) }));
  const seen = new Map<string, { ends: Map<string, boolean> }>();
  const refused = new Set<string>();
  await mapLimit(started, 8, async (node) => {
    const sessions = (await unlessDown(() => node.sessions())) ?? [];
    for (const session of sessions) {
      const peer = lab.nameOfAddress(session.neighborAddress);
      if (peer === undefined || peer === node.name) continue;
      const key = [node.name, peer].sort().join('\u0000');
      const entry = seen.get(key) ?? { ends: new Map<string, boolean>() };
      entry.ends.set(node.name, session.state === 'Established');
      seen.set(key, entry);
    }
    if (node instanceof TsReflectorNode) {
      const status = await unlessDown(() => node.api.status());
      for (const source of status?.refused ?? []) {
        const stranger = lab.nameOfAddress(source.address);
        if (stranger !== undefined) refused.add([node.name, stranger].join('\u0000'));
      }
    }
  });
  const sessions: TopologySession[] = [];
  const refusedPairs = new Set([...refused].map((key) => key.split('\u0000').sort().join('\u0000')));
  for (const [key, { ends }] of seen) {
    const [a, b] = key.split('\u0000') as [string, string];
    // Established when every end that reports the session says so; a reflector's refusal explains
    // a stranger's session that never came up.
    const up = [...ends.values()].every(Boolean);
    const state: SessionState = up ? 'established' : refusedPairs.has(key) ? 'refused' : 'down';
    sessions.push(orient(a, b, state, clients));
  }
  for (const key of refused) {
    const [reflector, stranger] = key.split('\u0000') as [string, string];
    if (!seen.has([reflector, stranger].sort().join('\u0000')))
      sessions.push({ from: reflector, to: stranger, state: 'refused', reflectsToClient: false });
  }
  return { nodes, sessions };
}

/** `reflector\0client` for every session on which Calico's rules make one end reflect to the other. */
function reflectorClients(lab: Lab): Set<string> {
  const pairs = new Set<string>();
  for (const [name, intent] of lab.calico.intents()) {
    for (const peer of [...intent.ipv4.peers, ...intent.ipv6.peers]) {
      const client = peer.peerNodeName ?? lab.nameOfAddress(peer.address);
      if (peer.routeReflectorClient && client !== undefined) pairs.add(`${name}\u0000${client}`);
    }
  }
  return pairs;
}

function orient(a: string, b: string, state: SessionState, clients: ReadonlySet<string>): TopologySession {
  // Two reflectors of different clusters are each other's clients: no one direction to draw.
  const aReflects = clients.has(`${a}\u0000${b}`);
  const bReflects = clients.has(`${b}\u0000${a}`);
  if (aReflects && !bReflects) return { from: a, to: b, state, reflectsToClient: true };
  if (bReflects && !aReflects) return { from: b, to: a, state, reflectsToClient: true };
  return { from: a, to: b, state, reflectsToClient: false };
}

/** The lab's nodes a failure message speaks of (`"rr-1"`, quoted as the steps quote them). */
export function nodesNamedIn(message: string, topology: Topology): Set<string> {
  const names = new Set(topology.nodes.map((node) => node.name));
  const named = new Set<string>();
  for (const match of message.matchAll(/"([^"]+)"/g)) {
    const name = match[1]!.split('/')[0]!; // a workload "node-1/w1" is on node-1
    if (names.has(name)) named.add(name);
  }
  return named;
}
