Feature: TCP-MD5 passwords and TTL security on the TypeScript reflector
  A BGPPeer's `password` (a key of a Secret in calico-node's namespace) becomes BIRD's `password`,
  which signs every segment with TCP-MD5 (RFC 2385); its `ttlSecurity` becomes `ttl security on`
  (GTSM, RFC 5082: TTL 255 sent, fewer hops than allowed refused). The TypeScript reflector signs and
  checks the same way, on its own sockets, so calico nodes peer with it as with a BIRD reflector.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..2}" labelled "password=right"
    And calico node "node-3" labelled "password=wrong"
    And calico nodes "node-{1..3}" host workload "w1"
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And the node-to-node mesh is disabled

  Scenario: calico nodes with the reflector's password peer with it; a node with another gets no session
    Given the Calico resources:
      """
      apiVersion: v1
      kind: Secret
      metadata:
        name: bgp-passwords
        namespace: kube-system
      stringData:
        reflector: calico-rr-2385
        other: not-the-reflectors-key
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: clients-with-the-key
      spec:
        nodeSelector: password == 'right'
        peerSelector: route-reflector == 'true'
        password:
          secretKeyRef:
            name: bgp-passwords
            key: reflector
      ---
      # node-3 signs with another key; the reflector's side of the session has the right one.
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: client-with-another-key
      spec:
        nodeSelector: password == 'wrong'
        peerSelector: route-reflector == 'true'
        reversePeering: Manual
        password:
          secretKeyRef:
            name: bgp-passwords
            key: other
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflector-to-node-3
      spec:
        nodeSelector: route-reflector == 'true'
        peerSelector: password == 'wrong'
        reversePeering: Manual
        password:
          secretKeyRef:
            name: bgp-passwords
            key: reflector
      """
    Then "node-{1..2}" have established BGP sessions with "ts-rr-1"
    And "node-1" learns the workload block of "node-2"
    And workload "node-1/w1" can reach workload "node-2/w1"
    And "ts-rr-1" says "TCP-MD5" of its session with "node-3"
    And "node-3" has no BGP session with "ts-rr-1"
    And "node-{1..2}" do not learn the workload block of "node-3"

  Scenario: GTSM against BIRD's ttl security: one hop allowed, TTL 255 on both sides
    Given the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: route-reflector == 'true'
        ttlSecurity: 1
      """
    Then "node-{1..3}" have established BGP sessions with "ts-rr-1"
    And "node-1" learns the workload blocks of "node-{2..3}"
    And workload "node-1/w1" can reach workload "node-3/w1"

  Scenario: a reflector that requires TTL 255 refuses a node that sends the kernel's default TTL
    Given the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: clients
      spec:
        nodeSelector: password == 'right'
        peerSelector: route-reflector == 'true'
      ---
      # The reflector's side checks GTSM; node-3's BIRD runs without it and sends TTL 64.
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: node-3-plain
      spec:
        nodeSelector: password == 'wrong'
        peerSelector: route-reflector == 'true'
        reversePeering: Manual
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflector-checks-node-3
      spec:
        nodeSelector: route-reflector == 'true'
        peerSelector: password == 'wrong'
        reversePeering: Manual
        ttlSecurity: 1
      """
    Then "node-{1..2}" have established BGP sessions with "ts-rr-1"
    And "node-3" has no BGP session with "ts-rr-1"
