Feature: A reflector passes on what Calico's export and import rules allow, whatever its kind
  A calico node with a cluster ID reflects only routes inside an IP pool (or an advertised service
  range): confd's export filter ends in `reject`. BGPFilters on a BGPPeer apply before that. The
  TypeScript reflector reads the same rules from the same intent, so one scenario holds for both.

  Scenario Outline: a route outside every pool stops at the reflector, and a BGPFilter is honoured (<kind>)
    Given a Calico cluster
    And calico nodes "node-{1..2}"
    And calico nodes "node-{1..2}" host workload "w1"
    And <reflector>
    And the node-to-node mesh is disabled
    And a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.60.1.0/24 blackhole;
        route 10.60.2.0/24 blackhole;
        route 10.60.3.0/24 blackhole;
      }
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata:
        name: tor-routes
      spec:
        cidr: 10.60.2.0/23
        disabled: true
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPFilter
      metadata:
        name: no-10-60-3
      spec:
        importV4:
          - action: Reject
            cidr: 10.60.3.0/24
            matchOperator: Equal
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
        node: rr-1
        peerIP: {{ip "tor"}}
        asNumber: 64512
        filters: [no-10-60-3]
      """
    Then "tor" has an established BGP session with "rr-1"
    And "rr-1" learns route "10.60.1.0/24"
    And "node-{1..2}" learn route "10.60.2.0/24"
    And on "node-{1..2}" the route to route "10.60.2.0/24" has ORIGINATOR_ID of "tor"
    And "node-{1..2}" do not learn route "10.60.1.0/24"
    And "node-{1..2}" do not learn route "10.60.3.0/24"
    And "tor" learns the workload blocks of "node-{1..2}"

    Examples:
      | kind                        | reflector                                                                                            |
      | calico node (BIRD 1.6)      | calico node "rr-1" is a route reflector with cluster ID "224.0.0.1" labelled "route-reflector=true"  |
      | TypeScript route reflector  | TypeScript route reflector "rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"        |

  Scenario: a pool added live lets the TypeScript reflector pass the route on
    Given a Calico cluster
    And calico nodes "node-{1..2}"
    And calico nodes "node-{1..2}" host workload "w1"
    And TypeScript route reflector "rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And the node-to-node mesh is disabled
    And a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced { ipv4; route 10.61.1.0/24 blackhole; }
      protocol bgp to_rr {
        local as 64512;
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
        name: tor
      spec:
        node: rr-1
        peerIP: {{ip "tor"}}
        asNumber: 64512
      """
    And "rr-1" learns route "10.61.1.0/24"
    And "node-{1..2}" do not learn route "10.61.1.0/24"
    When the Calico resources are applied:
      """
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata:
        name: tor-routes
      spec:
        cidr: 10.61.0.0/16
        disabled: true
      """
    Then "node-{1..2}" learn route "10.61.1.0/24"
    And "node-{1..2}" have established BGP sessions with "rr-1"
