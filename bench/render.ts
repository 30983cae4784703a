/**
 * Render benchmark: intents and the six BIRD files for every node of a 1000-node cluster with two
 * route reflectors (same cluster ID) and one BGPPeer `{nodeSelector: all(), peerSelector: has(rr)}`,
 * mesh off. Baseline, measured in the same run: JSON.stringify of the same state. Goal: < 1 s.
 */
import { performance } from 'node:perf_hooks';
import {
  applyResources,
  DEFAULT_IPV4_POOL,
  computeAllIntents,
  emptyCalicoState,
  renderBirdConfigFromIntent,
  type CalicoState,
  type TypedResource,
} from '../src/calico/index.js';

const NODES = 1000;
const REFLECTORS = 2;

function clusterState(): CalicoState {
  const resources: TypedResource[] = [
    {
      kind: 'BGPConfiguration',
      resource: {
        name: 'default',
        nodeToNodeMeshEnabled: false,
        asNumber: 64512,
        listenPort: 0,
        serviceClusterIPs: [],
        serviceExternalIPs: [],
        serviceLoadBalancerIPs: [],
        communities: [],
      },
    },
    {
      kind: 'IPPool',
      resource: DEFAULT_IPV4_POOL,
    },
    {
      kind: 'BGPPeer',
      resource: {
        name: 'peer-with-route-reflectors',
        nodeSelector: 'all()',
        peerSelector: 'has(route-reflector)',
        asNumber: 0,
        keepOriginalNextHop: false,
        sourceAddress: 'UseNodeIP',
        filters: [],
        reversePeering: 'Auto',
      },
    },
  ];
  for (let i = 0; i < NODES; i++) {
    const reflector = i < REFLECTORS;
    resources.push({
      kind: 'Node',
      resource: {
        name: `node-${String(i).padStart(4, '0')}`,
        labels: reflector ? { 'route-reflector': 'true' } : {},
        bgp: {
          ipv4Address: `10.${Math.floor(i / 250)}.${i % 250}.10/16`,
          ...(reflector && { routeReflectorClusterID: '224.0.0.1' }),
        },
      },
    });
  }
  return applyResources(emptyCalicoState(), resources);
}

function baseline(state: CalicoState): string {
  return JSON.stringify({
    nodes: [...state.nodes.values()],
    bgpPeers: [...state.bgpPeers.values()],
    bgpConfigurations: [...state.bgpConfigurations.values()],
    ipPools: [...state.ipPools.values()],
  });
}

function timed<T>(work: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = work();
  return { result, ms: performance.now() - start };
}

const state = clusterState();
// Warm-up on a copy so the JIT has seen both paths; the measured run uses a fresh state (no caches).
renderAll({ ...state });
baseline(state);

function renderAll(s: CalicoState): number {
  let bytes = 0;
  for (const intent of computeAllIntents(s).values()) {
    for (const text of Object.values(renderBirdConfigFromIntent(s, intent))) bytes += text.length;
  }
  return bytes;
}

const fresh: CalicoState = { ...state };
const render = timed(() => renderAll(fresh));
const json = timed(() => baseline(state).length);
const sessions = [...computeAllIntents(fresh).values()].reduce(
  (n, intent) => n + intent.ipv4.peers.length,
  0,
);
console.log(
  `render: ${NODES} nodes (${REFLECTORS} reflectors), ${sessions} peer blocks, ${render.result} bytes`,
);
console.log(`  intents + six BIRD files per node: ${render.ms.toFixed(1)} ms (goal < 1000 ms)`);
console.log(`  baseline JSON.stringify(state):    ${json.ms.toFixed(1)} ms (${json.result} bytes)`);
console.log(`  ratio render / baseline: ${(render.ms / json.ms).toFixed(1)}x`);
if (render.ms >= 1000) process.exitCode = 1;
