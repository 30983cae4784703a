Feature: A prefix limit per peer on the TypeScript reflector
  RFC 4486 §4: a speaker that receives more prefixes than it allows from a peer ends the session with
  Cease, Maximum Number of Prefixes Reached (6/1), its data the AFI, SAFI and the limit. Calico has no
  such field; the reflector takes it at start (`--max-prefixes`), as BIRD's `import limit … action
  disable` would.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..2}"
    And calico nodes "node-{1..2}" host workload "w1"
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And "ts-rr-1" accepts at most 2 prefixes per peer
    And the node-to-node mesh is disabled
    And a BIRD router "tor" in AS 64512 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.50.1.0/24 blackhole;
        route 10.50.2.0/24 blackhole;
        route 10.50.3.0/24 blackhole;
      }
      protocol bgp to_rr {
        local as 64512;
        neighbor {{ip "ts-rr-1"}} as 64512;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    And the Calico resources:
      """
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

  Scenario: a router that sends three prefixes to a reflector allowing two is ceased with 6/1
    Then "tor" says "Received: Maximum number of prefixes reached" of its session with "ts-rr-1"
    And "node-{1..2}" have established BGP sessions with "ts-rr-1"
    And "node-1" learns the workload block of "node-2"
    And workload "node-1/w1" can reach workload "node-2/w1"
    And "node-{1..2}" do not learn route "10.50.3.0/24"
