Feature: Route refresh and refused strangers on the TypeScript reflector
  RFC 2918 / RFC 7313: the reflector can ask a client to send its routes again; Calico's BIRD 1.6
  negotiates enhanced refresh, so the answer comes framed by BoRR and EoRR, and the routes survive the
  refresh. RFC 4486: a speaker that is not configured as a peer is refused with Cease 6/5.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..2}"
    And calico nodes "node-{1..2}" host workload "w1"
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And the node-to-node mesh is disabled
    And the Calico resources:
      """
      # A reflector passes on only routes inside an IP pool, as Calico's does; this one covers the
      # BIRD routers' routes (disabled: no workload address comes from it).
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata:
        name: router-routes
      spec:
        cidr: 10.50.0.0/16
        disabled: true
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: peer-with-route-reflectors
      spec:
        nodeSelector: all()
        peerSelector: route-reflector == 'true'
      """

  Scenario: a client answers a route refresh with BoRR, its routes and EoRR, and keeps every route
    Then "node-2" learns the workload block of "node-1"
    When "ts-rr-1" asks "node-1" for a route refresh
    Then "ts-rr-1" has received an enhanced route refresh from "node-1"
    And "ts-rr-1" learns the workload block of "node-1"
    And "node-2" learns the workload block of "node-1"
    And "node-1" has an established BGP session with "ts-rr-1"

  Scenario: a BIRD 2 client asks the reflector for a route refresh and keeps every route
    Given a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced { ipv4; route 10.50.2.0/24 blackhole; }
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "ts-rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    When the Calico resources are applied:
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: tor
      spec:
        node: ts-rr-1
        peerIP: {{ip "tor"}}
        asNumber: 64512
      """
    Then "tor" learns the workload blocks of "node-{1..2}"
    When "tor" asks "ts-rr-1" for a route refresh
    Then "ts-rr-1" has answered a route refresh from "tor"
    And "tor" learns the workload blocks of "node-{1..2}"
    And "node-{1..2}" learn route "10.50.2.0/24"
    And "tor" has an established BGP session with "ts-rr-1"

  Scenario: a BIRD router the resources do not name is refused
    Given a BIRD router "stranger" in AS 64512 with configuration:
      """
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "ts-rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export none; };
      }
      """
    Then "ts-rr-1" has refused a connection from "stranger"
    And "stranger" has no BGP session with "ts-rr-1"
    And "node-{1..2}" have established BGP sessions with "ts-rr-1"

  Scenario: a BGPPeer added while the reflector runs gives a new session; the others are untouched
    Then "node-2" learns the workload block of "node-1"
    Given a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced { ipv4; route 10.50.1.0/24 blackhole; }
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "ts-rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    When the Calico resources are applied:
      """
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
    And "node-{1..2}" learn route "10.50.1.0/24"
    And "tor" learns the workload blocks of "node-{1..2}"
    When the Calico BGPPeer "tor" is deleted
    Then "node-{1..2}" do not learn route "10.50.1.0/24" within 30 seconds
    And "node-2" learns the workload block of "node-1"
