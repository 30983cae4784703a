Feature: The TypeScript reflector does not reflect a route that has been through its cluster
  RFC 4456 §8: a route whose CLUSTER_LIST already holds the reflector's own cluster ID has looped and
  is ignored (handled as a withdrawal, as BIRD does). A BIRD 2 router, a client of the TypeScript
  reflector, announces two routes and stamps one of them with the reflector's cluster ID.

  Scenario: the stamped route stops at the reflector, the clean one is reflected
    Given a Calico cluster
    And calico nodes "node-{1..2}"
    And calico nodes "node-{1..2}" host workload "w1"
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And the node-to-node mesh is disabled
    And a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.40.1.0/24 blackhole;
        route 10.40.2.0/24 blackhole;
      }
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "ts-rr-1"}} as 64512;
        connect retry time 5;
        ipv4 {
          import all;
          export filter {
            if proto != "announced" then reject;
            if net = 10.40.2.0/24 then bgp_cluster_list.add(224.0.0.1);
            accept;
          };
        };
      }
      """
    And the Calico resources:
      """
      # A reflector passes on only routes inside an IP pool, as Calico's does; this one covers the
      # tor's routes (disabled: no workload address comes from it).
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata:
        name: tor-routes
      spec:
        cidr: 10.40.0.0/16
        disabled: true
      ---
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
        name: tor
      spec:
        node: ts-rr-1
        peerIP: {{ip "tor"}}
        asNumber: 64512
      """
    Then "tor" has an established BGP session with "ts-rr-1"
    And "ts-rr-1" learns route "10.40.1.0/24"
    And "node-{1..2}" learn route "10.40.1.0/24"
    And on "node-1" the route to route "10.40.1.0/24" has CLUSTER_LIST "224.0.0.1"
    And on "node-1" the route to route "10.40.1.0/24" has ORIGINATOR_ID of "tor"
    And on "node-1" the route to route "10.40.1.0/24" has next hop of "tor"
    And "ts-rr-1" does not learn route "10.40.2.0/24"
    And "node-{1..2}" do not learn route "10.40.2.0/24"
    And "tor" learns the workload blocks of "node-{1..2}"
