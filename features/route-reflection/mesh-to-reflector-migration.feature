Feature: Migrating from the node-to-node mesh to a route reflector without disruption
  Calico's documented procedure: with the mesh on, make a node a reflector and peer every node with it;
  once those sessions are up, turn the mesh off. Workload traffic keeps flowing throughout.

  Scenario: mesh, then reflector, then mesh off, with a continuous ping
    Given a Calico cluster
    And calico nodes "node-{1..4}"
    And calico nodes "node-{2..4}" host workload "w1"
    Then all configured BGP sessions are established
    And "node-2" has an established BGP session with "node-3"
    And every workload can reach every other workload
    Given a continuous ping from workload "node-2/w1" to workload "node-3/w1"
    When calico node "node-1" becomes a route reflector with cluster ID "224.0.0.1"
    And calico node "node-1" is labelled "route-reflector=true"
    And the Calico resources are applied:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: route-reflector == 'true'
      """
    Then all configured BGP sessions are established
    And "node-{2..4}" have established BGP sessions with "node-1"
    When the node-to-node mesh is disabled
    Then all configured BGP sessions are established
    And "node-2" has no BGP session with "node-3"
    And on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And every workload can reach every other workload
    And the continuous ping from workload "node-2/w1" to workload "node-3/w1" lost at most 3 consecutive packets
