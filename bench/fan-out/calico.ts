/**
 * The Calico resources both Calico-driven reflectors get (rrlab's TypeScript reflector and BIRD 1.6
 * through rrlab's confd port): one reflector Node, the clients as Nodes, one BGPPeer between them.
 */
import {
  CalicoDatastore,
  computeNodeIntent,
  type CalicoState,
  type NodeIntent,
} from '../../src/calico/index.js';
import { clientAddress, CLUSTER_ID, REFLECTOR, type Scenario } from './common.js';

export const REFLECTOR_NODE = 'reflector';

export function calicoState(scenario: Scenario, port: number): CalicoState {
  const docs = [
    // Calico's default screen log level (Info) makes BIRD 1.6 trace every route it imports and
    // exports; that would measure its logging, not its reflection.
    `apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: { name: default }
spec: { logSeverityScreen: Warning }`,
    // The run's port for the reflector alone: the clients keep 179, so the reflector's own outgoing
    // attempts (Calico sessions are not passive) go to 127.1.x.y:179 and are refused.
    `apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: { name: node.${REFLECTOR_NODE} }
spec: { listenPort: ${port} }`,
    // Calico reflects only what its IP pools cover (calico_export_to_bgp_peers); the clients'
    // prefixes all lie in 10.0.0.0/8. No IPIP or VXLAN, so no `krt_tunnel`, which Debian's BIRD lacks.
    `apiVersion: projectcalico.org/v3
kind: IPPool
metadata: { name: clients }
spec: { cidr: 10.0.0.0/8, ipipMode: Never, vxlanMode: Never }`,
    `apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: ${REFLECTOR_NODE}, labels: { route-reflector: "true" } }
spec: { bgp: { ipv4Address: ${REFLECTOR}/8, routeReflectorClusterID: ${CLUSTER_ID} } }`,
    ...Array.from(
      { length: scenario.clients },
      (_, i) => `apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: client-${i} }
spec: { bgp: { ipv4Address: ${clientAddress(i)}/8 } }`,
    ),
    `apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: peer-with-route-reflectors }
spec: { nodeSelector: all(), peerSelector: route-reflector == 'true' }`,
  ];
  const datastore = new CalicoDatastore();
  datastore.applyYaml(docs.join('\n---\n'), 'bench');
  return datastore.state;
}

export function reflectorIntent(state: CalicoState): NodeIntent {
  return computeNodeIntent(state, REFLECTOR_NODE);
}
