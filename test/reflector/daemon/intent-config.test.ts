import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyDocuments } from '../../../src/calico/datastore.js';
import { computeNodeIntent } from '../../../src/calico/intent.js';
import { emptyCalicoState } from '../../../src/calico/model/state.js';
import { loadCalicoYaml } from '../../../src/calico/yaml.js';
import { formatIpv4Number as formatIpv4 } from '../../../src/net/index.js';
import { daemonConfigFromIntent, listenFromIntent } from '../../../src/reflector/daemon/intent-config.js';
import { planPeers } from '../../../src/reflector/daemon/peer-plan.js';
import { reflectorCapabilities } from '../../../src/reflector/daemon/capabilities.js';

const NODES = `
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: ts-rr, labels: { route-reflector: "true" } }
spec: { bgp: { ipv4Address: 10.0.0.10/24, ipv6Address: "fd00::10/64", routeReflectorClusterID: 224.0.0.1 } }
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: node-1 }
spec: { bgp: { ipv4Address: 10.0.0.1/24, ipv6Address: "fd00::1/64" } }
---
apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: rr-2, labels: { route-reflector: "true" } }
spec: { bgp: { ipv4Address: 10.0.0.20/24, routeReflectorClusterID: 224.0.0.1 } }
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: to-rr }
spec: { nodeSelector: all(), peerSelector: route-reflector == 'true' }
`;
const TOR = `
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: tor }
spec: { node: ts-rr, peerIP: 10.0.0.99, asNumber: 65001, maxRestartTime: 30s, keepaliveTime: 20s }
`;

function intent(...yaml: string[]) {
  const documents = yaml.flatMap((text, i) => loadCalicoYaml(text, `doc-${i}`));
  return computeNodeIntent(applyDocuments(emptyCalicoState(), documents), 'ts-rr');
}

describe('Calico intent → reflector daemon configuration', () => {
  test('identity, clients and non-clients, one session per family, Calico timers', () => {
    const config = daemonConfigFromIntent(intent(NODES));
    assert.equal(formatIpv4(config.reflector.routerId), '10.0.0.10');
    assert.equal(formatIpv4(config.reflector.clusterId!), '224.0.0.1');
    assert.equal(config.reflector.asn, 64512);
    const byAddress = new Map(config.sessions.map((s) => [s.address, s]));
    // RFC 4456 §5 via Calico: a node without a cluster ID is a client; a reflector of the same cluster is not.
    assert.equal(byAddress.get('10.0.0.1')?.rrClient, true);
    assert.equal(byAddress.get('10.0.0.20')?.rrClient, false);
    assert.equal(byAddress.get('fd00::1')?.family, 'ipv6');
    assert.equal(byAddress.get('10.0.0.1')?.family, 'ipv4');
    assert.equal(byAddress.get('10.0.0.1')?.name, 'Node_10_0_0_1');
    assert.equal(byAddress.get('10.0.0.1')?.passive, false);
    assert.equal(byAddress.get('10.0.0.1')?.holdTime, 240);
    assert.equal(byAddress.get('10.0.0.1')?.gracefulRestartSeconds, 120);
    assert.equal(byAddress.get('10.0.0.1')?.localAddress, '10.0.0.10');
    assert.deepEqual(
      config.reflector.peers.find((p) => p.address === 'fd00::1'),
      {
        address: 'fd00::1',
        asn: 64512,
        rrClient: true,
        families: ['ipv6'],
        localAddress: 'fd00::10',
        importFilters: [],
        exportPolicy: { filters: [], rejected: [], ownBlocks: [], accepted: [] },
      },
    );
  });

  test("the peers' policies are Calico's: pools, service ranges a reflector passes on, BGPFilters in order", () => {
    const POLICY = `
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: { name: pool }
spec: { cidr: 192.168.0.0/16 }
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: { name: quiet }
spec: { cidr: 10.99.0.0/16, disableBGPExport: true }
---
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: { name: default }
spec: { serviceClusterIPs: [{ cidr: 10.96.0.0/12 }], serviceExternalIPs: [{ cidr: 172.30.0.0/16 }] }
---
apiVersion: projectcalico.org/v3
kind: BGPFilter
metadata: { name: no-tens }
spec:
  importV4: [{ action: Reject, cidr: 10.0.0.0/8, matchOperator: In }]
  exportV4: [{ action: Reject, cidr: 192.168.9.0/24, matchOperator: In }]
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: tor }
spec: { node: ts-rr, peerIP: 10.0.0.99, asNumber: 65001, filters: [no-tens] }
`;
    const config = daemonConfigFromIntent(intent(NODES, POLICY));
    const tor = config.reflector.peers.find((p) => p.address === '10.0.0.99')!;
    // The model keeps absent rule fields as undefined; compare what they say.
    const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    assert.deepEqual(plain(tor.importFilters), [
      [{ action: 'Reject', cidr: '10.0.0.0/8', matchOperator: 'In', operations: [] }],
    ]);
    assert.deepEqual(plain(tor.exportPolicy), {
      filters: [[{ action: 'Reject', cidr: '192.168.9.0/24', matchOperator: 'In', operations: [] }]],
      rejected: ['10.99.0.0/16'],
      ownBlocks: [],
      accepted: ['10.96.0.0/12', '172.30.0.0/16', '192.168.0.0/16'],
    });
    const client = config.reflector.peers.find((p) => p.address === '10.0.0.1')!;
    // No BGPFilter: an empty import policy, accept all (as Calico's `import filter { accept; }`).
    assert.deepEqual(client.importFilters, []);
    assert.deepEqual(client.exportPolicy?.filters, []);
    assert.deepEqual(
      config.unsupported.filter((line) => line.includes('BGP filters')),
      [],
    );
  });

  test('BGPPeer fields reach the session: eBGP AS, restart time, keepalive', () => {
    const config = daemonConfigFromIntent(intent(NODES, TOR));
    const tor = config.sessions.find((s) => s.address === '10.0.0.99')!;
    assert.equal(tor.peerAs, 65001);
    assert.equal(tor.rrClient, false);
    assert.equal(tor.gracefulRestartSeconds, 30);
    assert.equal(tor.keepaliveTime, 20);
    const gr = reflectorCapabilities(tor).find((c) => c.kind === 'graceful-restart');
    assert.equal(gr?.kind === 'graceful-restart' ? gr.restartTimeSeconds : 0, 30);
  });

  test('a new BGPPeer is an added session and nothing else changes; a new cluster ID resets everyone', () => {
    const before = daemonConfigFromIntent(intent(NODES));
    const after = daemonConfigFromIntent(intent(NODES, TOR));
    const plan = planPeers(before, after);
    assert.deepEqual(
      plan.added.map((s) => s.address),
      ['10.0.0.99'],
    );
    assert.equal(plan.removed.length + plan.changed.length, 0);
    assert.equal(plan.unchanged.length, before.sessions.length);
    const moved = daemonConfigFromIntent(
      intent(
        NODES.replace(
          'routeReflectorClusterID: 224.0.0.1 } }\n---\napiVersion: projectcalico.org/v3\nkind: Node\nmetadata: { name: node-1 }',
          'routeReflectorClusterID: 224.0.0.9 } }\n---\napiVersion: projectcalico.org/v3\nkind: Node\nmetadata: { name: node-1 }',
        ),
      ),
    );
    const reset = planPeers(before, moved);
    assert.equal(reset.identityChanged, true);
    assert.equal(reset.unchanged.length, 0);
  });

  test('a node without an IPv4 address or router ID cannot run a reflector', () => {
    const noId = { ...intent(NODES), routerId: '' };
    assert.throws(() => daemonConfigFromIntent(noId), /no router ID/);
  });
});

describe('Calico fields the reflector takes beside peerings', () => {
  const SECURE_TOR = `
apiVersion: v1
kind: Secret
metadata: { name: bgp, namespace: kube-system }
stringData: { tor: tor-key }
---
apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: tor }
spec:
  node: ts-rr
  peerIP: 10.0.0.99
  asNumber: 65001
  nextHopMode: Keep
  ttlSecurity: 2
  password: { secretKeyRef: { name: bgp, key: tor } }
`;

  test('password (its Secret value), ttlSecurity and nextHopMode reach the session and the core', () => {
    const config = daemonConfigFromIntent(intent(NODES, SECURE_TOR));
    const session = config.sessions.find((s) => s.address === '10.0.0.99');
    assert.equal(session?.md5Key, 'tor-key');
    assert.equal(session?.ttlSecurityHops, 2);
    assert.equal(config.reflector.peers.find((p) => p.address === '10.0.0.99')?.nextHopMode, 'Keep');
    assert.deepEqual(config.unsupported, []);
  });

  test('listenPort and bindMode NodeIP decide where the daemon listens; the command line wins', () => {
    const bound = `
apiVersion: projectcalico.org/v3
kind: BGPConfiguration
metadata: { name: default }
spec: { bindMode: NodeIP, listenPort: 1179 }
`;
    const ipv4Only = intent(NODES.replace(', ipv6Address: "fd00::10/64"', ''), bound);
    assert.deepEqual(listenFromIntent(ipv4Only), { host: '10.0.0.10', port: 1179 });
    assert.deepEqual(listenFromIntent(ipv4Only, { host: '0.0.0.0', port: 179 }), {
      host: '0.0.0.0',
      port: 179,
    });
    // Both families bound: one listener cannot bind two addresses, so it takes both families on `::`.
    assert.deepEqual(listenFromIntent(intent(NODES, bound)), { port: 1179 });
    assert.deepEqual(listenFromIntent(intent(NODES)), { port: 179 });
  });
});
