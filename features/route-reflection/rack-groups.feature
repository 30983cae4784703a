Feature: Racks with their own reflectors, and a mesh of reflectors
  Each rack has a reflector with its own cluster ID; clients peer only with their rack's reflector; the
  reflectors peer with each other. A route crossing racks is reflected twice: CLUSTER_LIST carries both
  cluster IDs, the receiving rack's first (each reflector prepends its own, RFC 4456 section 8) — except
  that Calico's BIRD 1.6 sorts the list (see the last scenario).

  Background:
    Given a Calico cluster
    And the node-to-node mesh is disabled
    And calico node "rr-a" labelled "rack=r1,route-reflector=true"
    And calico node "rr-b" labelled "rack=r2,route-reflector=true"
    And calico node "rr-a" is a route reflector with cluster ID "10.0.1.1"
    And calico node "rr-b" is a route reflector with cluster ID "10.0.2.1"
    And calico nodes "r1-{1..3}" labelled "rack=r1"
    And calico nodes "r2-{1..3}" labelled "rack=r2"
    And calico nodes "r1-{1..3}" host workload "w1"
    And calico nodes "r2-{1..3}" host workload "w1"
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: rack1-to-its-reflector
      spec:
        nodeSelector: rack == 'r1' && !has(route-reflector)
        peerSelector: rack == 'r1' && has(route-reflector)
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: rack2-to-its-reflector
      spec:
        nodeSelector: rack == 'r2' && !has(route-reflector)
        peerSelector: rack == 'r2' && has(route-reflector)
      """

  Scenario: without a peering between the reflectors, racks stay apart (baseline)
    Then every node matching "rack == 'r1'" learns the workload blocks of every node matching "rack == 'r1'"
    And "r1-1" does not learn the workload block of "r2-1"
    And workload "r1-1/w1" cannot reach workload "r2-1/w1"

  Scenario: a mesh of reflectors joins the racks
    When the Calico resources are applied:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflector-mesh
      spec:
        nodeSelector: has(route-reflector)
        peerSelector: has(route-reflector)
      """
    Then "rr-a" has an established BGP session with "rr-b"
    And all configured BGP sessions are established
    And every node matching "rack == 'r1'" learns the workload blocks of every node matching "rack == 'r2'"
    And on "r1-1" the route to the workload block of "r2-1" has CLUSTER_LIST "10.0.1.1 10.0.2.1"
    And on "r1-1" the route to the workload block of "r1-2" has CLUSTER_LIST "10.0.1.1"
    And on "r1-1" the route to the workload block of "r2-1" has ORIGINATOR_ID of "r2-1"
    And every workload on nodes matching "rack == 'r1'" can reach every workload on nodes matching "rack == 'r2'"

  @bird16-deviation
  Scenario: BIRD 1.6 sends CLUSTER_LIST sorted, not in prepend order
    RFC 4456 section 8 has each reflector prepend its cluster ID, so a route from rack 1 reaching rack 2
    should carry "10.0.2.1 10.0.1.1". BIRD 1.6 (Calico's BIRD) groups outgoing routes into buckets and
    normalises every integer-set attribute by sorting it, CLUSTER_LIST included, so the list arrives in
    numeric order. This scenario pins that behaviour: it fails the day Calico's BIRD sends RFC order.

    When the Calico resources are applied:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflector-mesh
      spec:
        nodeSelector: has(route-reflector)
        peerSelector: has(route-reflector)
      """
    Then "r2-3" learns the workload block of "r1-2"
    And on "r2-3" the route to the workload block of "r1-2" has CLUSTER_LIST "10.0.1.1 10.0.2.1"
    And on "r1-3" the route to the workload block of "r2-2" has CLUSTER_LIST "10.0.1.1 10.0.2.1"
