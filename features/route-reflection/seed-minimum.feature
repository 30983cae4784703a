Feature: One calico node becomes the route reflector of the others
  Calico v3.3's minimum: give one node a cluster ID and a label, add one BGPPeer that peers every node
  with the labelled ones, turn the node-to-node mesh off — and every node still reaches every other.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..4}"
    And each calico node hosts 1 workload

  Scenario: with the mesh off and no BGPPeer, nodes learn nothing (baseline)
    Given the node-to-node mesh is disabled
    Then "node-2" does not learn the workload block of "node-3"
    And workload "node-2/w1" cannot reach workload "node-3/w1"

  Scenario: one reflector and one BGPPeer wire every node
    Given calico node "node-1" is a route reflector with cluster ID "224.0.0.1"
    And calico node "node-1" is labelled "routeReflector"
    And the node-to-node mesh is disabled
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: has(routeReflector)
      """
    Then every node matching "!has(routeReflector)" has established BGP sessions with every node matching "has(routeReflector)"
    And all configured BGP sessions are established
    And "node-2" has no BGP session with "node-3"
    And every calico node learns the workload blocks of every other calico node
    And on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And on "node-2" the route to the workload block of "node-3" has ORIGINATOR_ID of "node-3"
    And on "node-2" the route to the workload block of "node-3" has next hop of "node-3"
    And calico node "node-2" shows BGP peers:
      | peer   | type          | state       |
      | node-1 | node specific | Established |
    And every workload can reach every other workload
