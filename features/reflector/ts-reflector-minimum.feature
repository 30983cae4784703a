Feature: The TypeScript route reflector as the reflector of calico nodes
  Calico v3.3's minimum with rrlab's own reflector in place of a calico node: it registers a Calico
  Node with a cluster ID and a label, one BGPPeer peers every node with it, the mesh is off, and every
  node still learns every other node's block, reflected.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..3}"
    And each calico node hosts 1 workload

  Scenario: one TypeScript reflector and one BGPPeer wire every node
    Given TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
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
    Then every node matching "!has(route-reflector)" has established BGP sessions with every node matching "has(route-reflector)"
    And all configured BGP sessions are established
    And "node-2" has no BGP session with "node-3"
    And every calico node learns the workload blocks of every other calico node
    And "ts-rr-1" learns the workload blocks of "node-{1..3}"
    And on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And on "node-2" the route to the workload block of "node-3" has ORIGINATOR_ID of "node-3"
    And on "node-2" the route to the workload block of "node-3" has next hop of "node-3"
    And on "ts-rr-1" the route to the workload block of "node-3" has no CLUSTER_LIST
    And calico node "node-2" shows BGP peers:
      | peer    | type          | state       |
      | ts-rr-1 | node specific | Established |
    And every workload can reach every other workload

  Scenario: a stopped TypeScript reflector says goodbye with a Cease; its clients lose the reflected routes
    Given TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
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
    Then "node-1" learns the workload block of "node-2"
    When "ts-rr-1" is stopped
    Then "node-{1..3}" have no BGP sessions with "ts-rr-1"
    And "node-1" does not learn the workload block of "node-2" within 30 seconds
