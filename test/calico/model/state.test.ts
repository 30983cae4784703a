import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  applyResources,
  deleteResource,
  emptyCalicoState,
  setBlockAffinities,
} from '../../../src/calico/model/state.js';
import { applyDocuments } from '../../../src/calico/datastore.js';
import { loadCalicoYaml } from '../../../src/calico/yaml.js';

const nodeYaml = `
kind: Node
apiVersion: projectcalico.org/v3
metadata: {name: kube-master, labels: {route-reflector: yes}}
spec: {bgp: {ipv4Address: 10.192.0.2/16, asNumber: "4294.566"}}
`;

describe('CalicoState (a datastore snapshot)', () => {
  test('KDD nodes carry the kubernetes.io labels, etcd nodes do not (Calico KDD behaviour)', () => {
    const kdd = applyDocuments(emptyCalicoState({ datastore: 'kdd' }), loadCalicoYaml(nodeYaml));
    const etcd = applyDocuments(emptyCalicoState({ datastore: 'etcd' }), loadCalicoYaml(nodeYaml));
    assert.equal(kdd.nodes.get('kube-master')?.labels['kubernetes.io/hostname'], 'kube-master');
    assert.equal(etcd.nodes.get('kube-master')?.labels['kubernetes.io/hostname'], undefined);
    // YAML 1.1 `yes` reaches selectors as "true"; asdot 4294.566 is 281412150.
    assert.equal(etcd.nodes.get('kube-master')?.labels['route-reflector'], 'true');
    assert.equal(etcd.nodes.get('kube-master')?.bgp?.asNumber, 281412150);
  });

  test('apply and delete return new states and leave the old one untouched', () => {
    const empty = emptyCalicoState();
    const withNode = applyDocuments(empty, loadCalicoYaml(nodeYaml));
    const deleted = deleteResource(withNode, 'Node', 'kube-master');
    assert.equal(empty.nodes.size, 0);
    assert.equal(withNode.nodes.size, 1);
    assert.equal(deleted.nodes.size, 0);
  });

  test('an upsert replaces the resource of the same kind and name', () => {
    const peer = (asNumber: number) =>
      applyResources(emptyCalicoState(), [
        {
          kind: 'BGPPeer',
          resource: {
            name: 'p',
            peerIP: '192.0.2.1',
            asNumber,
            keepOriginalNextHop: false,
            sourceAddress: 'UseNodeIP',
            filters: [],
            reversePeering: 'Auto',
          },
        },
      ]);
    const twice = applyResources(
      peer(1),
      [...peer(2).bgpPeers.values()].map((r) => ({ kind: 'BGPPeer', resource: r })),
    );
    assert.equal(twice.bgpPeers.size, 1);
    assert.equal(twice.bgpPeers.get('p')?.asNumber, 2);
  });

  test('block affinities are replaced per host', () => {
    const first = setBlockAffinities(emptyCalicoState(), [
      { cidr: '10.0.0.0/26', host: 'a', state: 'confirmed' },
      { cidr: '10.0.1.0/26', host: 'b', state: '' },
    ]);
    const second = setBlockAffinities(first, [{ cidr: '10.0.2.0/26', host: 'a', state: 'confirmed' }]);
    assert.deepEqual(second.blockAffinities.map((a) => `${a.host}:${a.cidr}`).sort(), [
      'a:10.0.2.0/26',
      'b:10.0.1.0/26',
    ]);
  });

  test('BGPPeer defaults follow clientv3: sourceAddress UseNodeIP, reversePeering Auto', () => {
    const state = applyDocuments(
      emptyCalicoState(),
      loadCalicoYaml(`
kind: BGPPeer
apiVersion: projectcalico.org/v3
metadata: {name: p}
spec: {peerIP: "[ac13::57]:50", asNumber: 64533, maxRestartTime: 1m30s}
`),
    );
    const peer = state.bgpPeers.get('p');
    assert.equal(peer?.sourceAddress, 'UseNodeIP');
    assert.equal(peer?.reversePeering, 'Auto');
    assert.equal(peer?.maxRestartTimeSeconds, 90);
  });
});
