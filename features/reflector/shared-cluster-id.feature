Feature: A BIRD-based calico reflector and a TypeScript reflector share one cluster ID
  RFC 4456 §7: redundant reflectors of one cluster carry the same CLUSTER_ID, so each discards what the
  other reflected, and clients peer with both. Either reflector alone then serves every client: when
  one is killed (no NOTIFICATION) or stopped (Cease, its routes withdrawn at once), clients keep every
  route through the other.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..3}"
    And calico node "rr-bird" labelled "route-reflector=true"
    And calico node "rr-bird" is a route reflector with cluster ID "224.0.0.1"
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And calico nodes "node-{1..3}" host workload "w1"
    And the node-to-node mesh is disabled
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: route-reflector == 'true'
      """
    Then "node-{1..3}" have established BGP sessions with "rr-bird"
    And "node-{1..3}" have established BGP sessions with "ts-rr-1"
    And "rr-bird" has an established BGP session with "ts-rr-1"
    And "node-{1..3}" learn the workload blocks of "node-{1..3}"
    And on "node-1" the route to the workload block of "node-2" has CLUSTER_LIST "224.0.0.1"
    And on "ts-rr-1" the route to the workload block of "node-2" has no CLUSTER_LIST

  Scenario: the TypeScript reflector is killed (no NOTIFICATION); clients keep every route
    When "ts-rr-1" is killed
    Then "node-{1..3}" learn the workload blocks of "node-{1..3}"
    And on "node-1" the route to the workload block of "node-2" has CLUSTER_LIST "224.0.0.1"
    And every workload can reach every other workload

  Scenario: the BIRD reflector is killed (no NOTIFICATION); clients keep every route
    When "rr-bird" is killed
    Then "node-{1..3}" learn the workload blocks of "node-{1..3}"
    And on "node-1" the route to the workload block of "node-2" has ORIGINATOR_ID of "node-2"
    And every workload can reach every other workload

  Scenario: the BIRD reflector is stopped; its routes go at once and the TypeScript reflector alone serves
    When "rr-bird" is stopped
    Then "node-{1..3}" have no BGP sessions with "rr-bird"
    And "node-{1..3}" learn the workload blocks of "node-{1..3}"
    And on "node-1" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And on "node-1" the route to the workload block of "node-3" has ORIGINATOR_ID of "node-3"
    And on "node-1" the route to the workload block of "node-3" has next hop of "node-3"
    And every workload can reach every other workload

  Scenario: the TypeScript reflector is stopped; its routes go at once and the BIRD reflector alone serves
    When "ts-rr-1" is stopped
    Then "node-{1..3}" have no BGP sessions with "ts-rr-1"
    And "node-{1..3}" learn the workload blocks of "node-{1..3}"
    And on "node-1" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And every workload can reach every other workload
