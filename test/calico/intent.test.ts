// Node names avoid YAML 1.1 boolean words (n, y, no, on, …): calicoctl's go-yaml reads them as booleans.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadCalicoYaml } from '../../src/calico/yaml.js';
import { applyDocuments } from '../../src/calico/datastore.js';
import { emptyCalicoState, type CalicoState } from '../../src/calico/model/state.js';
import { computeAllIntents, computeNodeIntent, type PeerIntent } from '../../src/calico/intent.js';
import { listSessions } from '../../src/calico/sessions.js';

function stateOf(yaml: string): CalicoState {
  return applyDocuments(emptyCalicoState({ datastore: 'etcd' }), loadCalicoYaml(yaml));
}

function node(
  name: string,
  ip: string,
  extra: { labels?: string; clusterId?: string; as?: number } = {},
): string {
  return `
kind: Node
apiVersion: projectcalico.org/v3
metadata:
  name: ${name}
${extra.labels ? `  labels: {${extra.labels}}` : ''}
spec:
  bgp:
    ipv4Address: ${ip}/24
${extra.clusterId ? `    routeReflectorClusterID: ${extra.clusterId}` : ''}
${extra.as ? `    asNumber: ${extra.as}` : ''}
---`;
}

const meshOff = `
kind: BGPConfiguration
apiVersion: projectcalico.org/v3
metadata: {name: default}
spec: {nodeToNodeMeshEnabled: false}
---`;

function peer(name: string, spec: string): string {
  return `
kind: BGPPeer
apiVersion: projectcalico.org/v3
metadata: {name: ${name}}
spec: ${spec}
---`;
}

const v4Peers = (state: CalicoState, nodeName: string): readonly PeerIntent[] =>
  computeNodeIntent(state, nodeName).ipv4.peers;
const byName = (peers: readonly PeerIntent[], name: string): PeerIntent => {
  const found = peers.find((p) => p.name === name);
  assert.ok(found, `no peer ${name} in ${peers.map((p) => p.name).join(', ')}`);
  return found;
};

describe('route reflection (RFC 4456, confd buildPeerFromData; cf. TestProcessMeshPeers_RouteReflector)', () => {
  const cluster = stateOf(
    meshOff +
      node('rr1', '10.0.0.1', { labels: 'rr: "true"', clusterId: '224.0.0.1' }) +
      node('rr2', '10.0.0.2', { labels: 'rr: "true"', clusterId: '224.0.0.1' }) +
      node('rr3', '10.0.0.3', { labels: 'rr: "true"', clusterId: '224.0.0.2' }) +
      node('client', '10.0.0.4') +
      node('ebgp', '10.0.0.5', { as: 65001 }) +
      peer('all-to-rrs', "{nodeSelector: all(), peerSelector: rr == 'true'}"),
  );

  test('an iBGP client of a reflector gets rr client and the reflector cluster ID', () => {
    const client = byName(v4Peers(cluster, 'rr1'), 'Node_10_0_0_4');
    assert.equal(client.routeReflectorClient, true);
    assert.equal(client.clusterId, '224.0.0.1');
    assert.equal(client.peerType, 'node specific');
  });

  test('reflectors sharing a cluster ID peer as plain iBGP non-clients', () => {
    const sibling = byName(v4Peers(cluster, 'rr1'), 'Node_10_0_0_2');
    assert.equal(sibling.routeReflectorClient, false);
    assert.equal(sibling.clusterId, undefined);
    assert.equal(sibling.peerClusterId, '224.0.0.1');
  });

  test('reflectors with different cluster IDs mark each other as clients, both ways', () => {
    assert.equal(byName(v4Peers(cluster, 'rr1'), 'Node_10_0_0_3').clusterId, '224.0.0.1');
    assert.equal(byName(v4Peers(cluster, 'rr3'), 'Node_10_0_0_1').clusterId, '224.0.0.2');
  });

  test('an eBGP peer is never an rr client (calico #2292)', () => {
    const ebgp = byName(v4Peers(cluster, 'rr1'), 'Node_10_0_0_5');
    assert.equal(ebgp.internal, false);
    assert.equal(ebgp.routeReflectorClient, false);
    assert.equal(ebgp.exportPolicy.internalPeer, false);
  });

  test('a client has plain iBGP peers to the reflectors and none to itself', () => {
    const peers = v4Peers(cluster, 'client');
    assert.deepEqual(
      peers.map((p) => p.name),
      ['Node_10_0_0_1', 'Node_10_0_0_2', 'Node_10_0_0_3'],
    );
    assert.ok(peers.every((p) => !p.routeReflectorClient && p.peerNodeName?.startsWith('rr')));
  });
});

describe('node-to-node mesh (confd processMeshPeers)', () => {
  const cluster = stateOf(
    node('a', '10.0.0.9') + node('b', '10.0.0.10') + node('c', '10.0.0.11', { clusterId: '224.0.0.1' }),
  );

  test('a route reflector leaves the mesh and the other nodes leave it out (calico PR #619)', () => {
    assert.deepEqual(v4Peers(cluster, 'c'), []);
    assert.deepEqual(
      v4Peers(cluster, 'a').map((p) => p.name),
      ['Mesh_10_0_0_10'],
    );
  });

  test('the side with the lexically greater peer address is passive (string compare of IP text)', () => {
    // "10.0.0.10" < "10.0.0.9" as strings, so a (10.0.0.9) connects and b listens.
    assert.equal(byName(v4Peers(cluster, 'a'), 'Mesh_10_0_0_10').passive, false);
    assert.equal(byName(v4Peers(cluster, 'b'), 'Mesh_10_0_0_9').passive, true);
  });

  test('mesh peers never carry BGPFilters or rr lines', () => {
    const mesh = byName(v4Peers(cluster, 'a'), 'Mesh_10_0_0_10');
    assert.deepEqual(mesh.filters, []);
    assert.equal(mesh.routeReflectorClient, false);
    assert.equal(mesh.peerType, 'node-to-node mesh');
  });

  test('property: mesh sessions are symmetric and exactly one end is passive', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 254 }), { minLength: 2, maxLength: 8 }),
        (octets) => {
          const state = stateOf(octets.map((o, i) => node(`n${i}`, `10.1.${o % 7}.${o}`)).join(''));
          const intents = computeAllIntents(state);
          for (const [name, intent] of intents) {
            for (const mesh of intent.ipv4.peers) {
              const other = intents.get(mesh.peerNodeName ?? '');
              assert.ok(other, `${name}: mesh peer without node`);
              const back = other.ipv4.peers.find((p) => p.address === intent.ipv4.address);
              assert.ok(back, `${mesh.peerNodeName} does not peer back with ${name}`);
              assert.notEqual(back.passive, mesh.passive);
            }
          }
          const sessions = listSessions(intents);
          assert.equal(sessions.length, (octets.length * (octets.length - 1)) / 2);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('BGPPeer forms (confd updatePeersV1)', () => {
  test('reversePeering: Manual suppresses the automatic reverse peering (calico PR #10675)', () => {
    const base = meshOff + node('rr', '10.0.0.1', { labels: 'rr: "true"' }) + node('worker', '10.0.0.2');
    const auto = stateOf(base + peer('p', "{nodeSelector: rr == 'true', peerSelector: '!has(rr)'}"));
    const manual = stateOf(
      base + peer('p', "{nodeSelector: rr == 'true', peerSelector: '!has(rr)', reversePeering: Manual}"),
    );
    assert.deepEqual(
      v4Peers(auto, 'worker').map((p) => p.name),
      ['Node_10_0_0_1'],
    );
    assert.deepEqual(v4Peers(manual, 'worker'), []);
    assert.deepEqual(
      v4Peers(manual, 'rr').map((p) => p.name),
      ['Node_10_0_0_2'],
    );
  });

  test('same key from two BGPPeers: the BGPPeer first by name wins, deterministically', () => {
    const base = meshOff + node('a', '10.0.0.1') + node('b', '10.0.0.2');
    const first = peer('a-first', '{node: a, peerIP: 192.0.2.1, asNumber: 65001, maxRestartTime: 10s}');
    const second = peer('b-second', '{node: a, peerIP: 192.0.2.1, asNumber: 65002, maxRestartTime: 20s}');
    for (const yaml of [base + first + second, base + second + first]) {
      const external = byName(v4Peers(stateOf(yaml), 'a'), 'Node_192_0_2_1');
      assert.equal(external.asNumber, 65001);
      assert.equal(external.gracefulRestartSeconds, 10);
    }
  });

  test('a peerIP naming a Calico node inherits its listen port; external IPs do not (confd port inference)', () => {
    const state = stateOf(
      meshOff +
        node('a', '10.0.0.1') +
        node('b', '10.0.0.2') +
        `
kind: BGPConfiguration
apiVersion: projectcalico.org/v3
metadata: {name: node.b}
spec: {listenPort: 1790}
---` +
        peer('to-b', '{peerIP: 10.0.0.2}') +
        peer('to-ext', '{peerIP: 192.0.2.9, asNumber: 65000}'),
    );
    const peers = v4Peers(state, 'a');
    const toB = byName(peers, 'Global_10_0_0_2_port_1790');
    assert.equal(toB.port, 1790);
    assert.equal(toB.peerType, 'global');
    assert.equal(toB.passive, true, 'Calico-to-Calico global peer: the lower IP listens');
    assert.equal(byName(peers, 'Global_192_0_2_9').port, undefined);
  });

  test('localASNumber decides iBGP vs eBGP and is emitted; keepOriginalNextHop only applies to eBGP', () => {
    const state = stateOf(
      meshOff +
        node('a', '10.0.0.1') +
        peer(
          'ebgp',
          '{node: a, peerIP: 192.0.2.1, asNumber: 64512, localASNumber: 65000, keepOriginalNextHop: true}',
        ) +
        peer('ibgp', '{node: a, peerIP: 192.0.2.2, asNumber: 64512, keepOriginalNextHop: true}'),
    );
    const ebgp = byName(v4Peers(state, 'a'), 'Node_192_0_2_1');
    assert.equal(ebgp.internal, false);
    assert.equal(ebgp.localAsNumber, 65000);
    assert.equal(ebgp.nextHopMode, 'Keep');
    assert.equal(byName(v4Peers(state, 'a'), 'Node_192_0_2_2').nextHopMode, 'Auto');
  });

  test('computeAllIntents agrees with computeNodeIntent for every node', () => {
    const state = stateOf(
      node('rr', '10.0.0.1', { labels: 'rr: "true"', clusterId: '1.1.1.1' }) +
        node('x', '10.0.0.2') +
        node('y1', '10.0.0.3') +
        peer('p', "{nodeSelector: '!has(rr)', peerSelector: has(rr)}"),
    );
    const all = computeAllIntents(state);
    for (const name of ['rr', 'x', 'y1']) assert.deepEqual(all.get(name), computeNodeIntent(state, name));
  });
});

describe('listSessions', () => {
  test('lists a node pair once with both protocol names, and external peers per node', () => {
    const state = stateOf(
      meshOff +
        node('rr', '10.0.0.1', { labels: 'rr: "true"', clusterId: '1.1.1.1' }) +
        node('x', '10.0.0.2') +
        peer('p', "{nodeSelector: '!has(rr)', peerSelector: has(rr)}") +
        peer('tor', "{nodeSelector: rr == 'true', peerIP: 192.0.2.1, asNumber: 65000}"),
    );
    const sessions = listSessions(computeAllIntents(state));
    assert.equal(sessions.length, 2);
    const [nodePair, external] = sessions;
    assert.deepEqual(nodePair?.remote, { kind: 'node', nodeName: 'x', address: '10.0.0.2' });
    assert.equal(nodePair?.local.protocolName, 'Node_10_0_0_2');
    assert.equal(nodePair?.remoteProtocolName, 'Node_10_0_0_1');
    assert.equal(nodePair?.routeReflectorClient, true);
    assert.equal(nodePair?.remoteRouteReflectorClient, false);
    assert.deepEqual(external?.remote, { kind: 'external', address: '192.0.2.1' });
  });
});
