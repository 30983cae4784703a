Feature: Reflectors with distinct cluster IDs are each other's clients
  A calico reflector (cluster 224.0.0.1) serves rack a, a TypeScript reflector (cluster 224.0.0.2)
  serves rack b, and the two peer. Calico makes reflectors with different cluster IDs each other's
  clients, so a route crosses both and arrives with both IDs in CLUSTER_LIST, most recent first
  (RFC 4456 §8), its ORIGINATOR_ID and next hop unchanged.

  Scenario: a route crosses two clusters
    Given a Calico cluster
    And calico node "node-a" labelled "rack=a"
    And calico node "node-b" labelled "rack=b"
    And calico node "rr-a" labelled "rr=a"
    And calico node "rr-a" is a route reflector with cluster ID "224.0.0.1"
    And TypeScript route reflector "ts-rr-b" with cluster ID "224.0.0.2" labelled "rr=b"
    And calico nodes "node-{a,b}" host workload "w1"
    And the node-to-node mesh is disabled
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: rack-a
      spec:
        nodeSelector: rack == 'a'
        peerSelector: rr == 'a'
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: rack-b
      spec:
        nodeSelector: rack == 'b'
        peerSelector: rr == 'b'
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflectors
      spec:
        nodeSelector: has(rr)
        peerSelector: has(rr)
      """
    Then all configured BGP sessions are established
    And "node-a" has no BGP session with "ts-rr-b"
    And "node-a" learns the workload block of "node-b"
    And "node-b" learns the workload block of "node-a"
    And on "node-a" the route to the workload block of "node-b" has CLUSTER_LIST "224.0.0.1 224.0.0.2"
    And on "node-b" the route to the workload block of "node-a" has CLUSTER_LIST "224.0.0.2 224.0.0.1"
    And on "node-a" the route to the workload block of "node-b" has ORIGINATOR_ID of "node-b"
    And on "node-b" the route to the workload block of "node-a" has ORIGINATOR_ID of "node-a"
    And on "node-b" the route to the workload block of "node-a" has next hop of "node-a"
    And on "ts-rr-b" the route to the workload block of "node-a" has CLUSTER_LIST "224.0.0.1"
    And workload "node-a/w1" can reach workload "node-b/w1"
