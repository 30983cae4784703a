Feature: The TypeScript reflector in a dual-stack cluster
  As BIRD 1.6 splits the families into bird and bird6, the reflector runs one session per family and
  peer: IPv4 blocks over IPv4 sessions, IPv6 blocks over IPv6 sessions (MP-BGP, RFC 4760), both
  reflected with its cluster ID.

  Scenario: IPv4 and IPv6 blocks reflected over separate sessions
    Given a dual-stack Calico cluster
    And the node-to-node mesh is disabled
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
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
      | peer    | type          | state       |
      | ts-rr-1 | node specific | Established |
      | ts-rr-1 | node specific | Established |
    And "node-1" learns the workload blocks of "node-{2..3}"
    And "node-1" learns route "fd80:192:168::40/122"
    And "ts-rr-1" learns route "fd80:192:168::40/122"
    And on "node-1" the route to the workload block of "node-2" has CLUSTER_LIST "224.0.0.1"
    And every workload can reach every other workload
