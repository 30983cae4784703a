Feature: Dual stack: IPv6 blocks reflected by bird6
  In a dual-stack cluster every calico node runs bird6 beside bird, with an IPv6 address and an IPv6
  block; the reflector reflects IPv6 blocks over IPv6 sessions, and workloads reach each other over both.

  Scenario: a reflector reflects IPv4 and IPv6 blocks
    Given a dual-stack Calico cluster
    And the node-to-node mesh is disabled
    And calico node "rr-1" labelled "route-reflector=true"
    And calico node "rr-1" is a route reflector with cluster ID "224.0.0.1"
    And calico nodes "node-{1..3}"
    And calico nodes "node-{1..3}" host workload "w1"
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
    Then all configured BGP sessions are established
    And calico node "node-1" shows BGP peers:
      | peer | type          | state       |
      | rr-1 | node specific | Established |
      | rr-1 | node specific | Established |
    And "node-1" learns the workload blocks of "node-{2..3}"
    And "node-1" learns route "fd80:192:168::40/122"
    And "node-2" has 2 BGP routes
    And every workload can reach every other workload
