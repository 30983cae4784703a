import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CalicoDatastore, judgeDocuments, loadCalicoYaml, ValidationError } from '../../src/calico/index.js';

const NODES = `
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: node-1 }
spec: { bgp: { ipv4Address: 10.0.0.1/24 } }
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: rr-1, labels: { route-reflector: 'true' } }
spec: { bgp: { ipv4Address: 10.0.0.5/24, routeReflectorClusterID: 224.0.0.1 } }
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: to-rr }
spec: { nodeSelector: all(), peerSelector: route-reflector == 'true' }
`;

const SECRET = `apiVersion: v1
kind: Secret
metadata: { name: bgp, namespace: kube-system }
stringData: { rr: s3cret }
`;

const SIGNED_PEER = `apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: signed }
spec: { node: node-1, peerIP: 10.0.0.9, asNumber: 65001, password: { secretKeyRef: { name: bgp, key: rr } } }
`;

describe('the Calico datastore: documents in, validated state and intent out', () => {
  test('a valid set applies, and each node gets its intent from the same state', () => {
    const datastore = new CalicoDatastore();
    assert.deepEqual(datastore.applyYaml(NODES, 'nodes.yaml'), []);
    const client = datastore.intent('node-1');
    assert.deepEqual(
      client.ipv4.peers.map((peer) => peer.name),
      ['Node_10_0_0_5'],
    );
    assert.equal(datastore.intents().get('rr-1')?.ipv4.peers[0]?.routeReflectorClient, true);
  });

  test('a set with one invalid document applies nothing (calicoctl apply is all or nothing)', () => {
    const datastore = new CalicoDatastore();
    datastore.applyYaml(NODES, 'nodes.yaml');
    const bad = `
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: fine }
spec: { peerIP: 10.0.0.9, asNumber: 65001 }
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: broken }
spec: { node: node-1, nodeSelector: all(), peerIP: 10.0.0.8, asNumber: 65001 }
`;
    assert.throws(() => datastore.applyYaml(bad, 'bad.yaml'), ValidationError);
    assert.equal(datastore.state.bgpPeers.has('fine'), false);
  });

  /** node-1's peer 10.0.0.9 from a datastore holding the nodes, `extra` and a signed BGPPeer. */
  function signedPeer(extra: string) {
    const datastore = new CalicoDatastore();
    datastore.applyYaml(`${NODES}\n---\n${extra}---\n${SIGNED_PEER}`, 'signed.yaml');
    return datastore.intent('node-1').ipv4.peers.find((peer) => peer.address === '10.0.0.9');
  }

  test('Secrets ride along unjudged, and a password is resolved from them into the intent', () => {
    const signed = signedPeer(SECRET);
    assert.equal(signed?.tcpMd5Key, 's3cret');
    assert.deepEqual(signed?.password, { name: 'bgp', key: 'rr' });
  });

  test('a missing Secret key means no password, as confd does', () => {
    assert.equal(signedPeer('')?.tcpMd5Key, undefined);
  });

  test('an unknown node is named with the nodes there are', () => {
    const datastore = new CalicoDatastore();
    datastore.applyYaml(NODES);
    assert.throws(
      () => datastore.intent('node-9'),
      /node "node-9" is not among the resources \(node-1, rr-1\)/,
    );
  });

  test('judging a set warns only when it would apply', () => {
    const twice = loadCalicoYaml(`${NODES}\n---\n${NODES.split('---')[2]!}`, 'twice.yaml');
    const verdict = judgeDocuments(twice);
    assert.deepEqual(verdict.issues, []);
    assert.equal(verdict.warnings.length, 1);
  });
});
