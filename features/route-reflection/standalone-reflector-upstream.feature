Feature: A standalone reflector with an upstream router
  A calico node that hosts no workloads is the cluster's reflector; an upstream BIRD router peers with the
  reflector only (eBGP). The router learns the pool's blocks; Calico's export filter keeps the router's own
  non-pool routes from being reflected to the clients.

  Background:
    Given a Calico cluster
    And the node-to-node mesh is disabled
    And calico node "rr-1" labelled "route-reflector=true"
    And calico node "rr-1" is a route reflector with cluster ID "224.0.0.1"
    And calico nodes "node-{1..3}"
    And calico nodes "node-{1..3}" host workload "w1"
    And a BIRD router "tor" in AS 65000 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.99.0.0/24 blackhole;
      }
      protocol bgp to_reflector {
        local as 65000;
        neighbor {{ip "rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: route-reflector == 'true'
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: reflectors-to-tor
      spec:
        nodeSelector: route-reflector == 'true'
        peerIP: {{ip "tor"}}
        asNumber: 65000
      """

  Scenario: the upstream router learns the blocks from the reflector only
    Then "tor" has an established BGP session with "rr-1"
    And "tor" has no BGP session with "node-1"
    And "tor" learns the workload blocks of "node-{1..3}"
    And on "tor" the route to the workload block of "node-2" has AS path "64512"
    And on "tor" the route to the workload block of "node-2" has no CLUSTER_LIST
    And calico node "rr-1" shows BGP peers:
      | peer   | type          | state       |
      | node-1 | node specific | Established |
      | node-2 | node specific | Established |
      | node-3 | node specific | Established |
      | tor    | node specific | Established |
    And every workload can reach every other workload

  Scenario: the router's own routes are not reflected to the clients
    Then "rr-1" learns route "10.99.0.0/24"
    And "node-{1..3}" do not learn route "10.99.0.0/24"
