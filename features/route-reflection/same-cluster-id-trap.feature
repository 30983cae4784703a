Feature: Clients split between two reflectors that share a cluster ID (Calico issue 2735)
  Two reflectors with the same cluster ID peer as plain iBGP and drop each other's reflections, since
  those carry their own cluster ID (RFC 4456 section 8 loop prevention). Clients attached to only one
  of them therefore never learn the other's clients' routes. Distinct cluster IDs fix it.

  Background:
    Given a Calico cluster
    And the node-to-node mesh is disabled
    And calico node "rr-1" labelled "group=a,route-reflector=true"
    And calico node "rr-2" labelled "group=b,route-reflector=true"
    And calico nodes "rr-{1..2}" are route reflectors with cluster ID "224.0.0.1"
    And calico node "c-1" labelled "group=a"
    And calico node "c-2" labelled "group=b"
    And calico nodes "c-{1..2}" host workload "w1"
    And the Calico resources:
      """
      apiVersion: projectcalico.org/v3
      kind: List
      items:
        - apiVersion: projectcalico.org/v3
          kind: BGPPeer
          metadata:
            name: group-a
          spec:
            nodeSelector: group == 'a' && !has(route-reflector)
            peerSelector: group == 'a' && has(route-reflector)
        - apiVersion: projectcalico.org/v3
          kind: BGPPeer
          metadata:
            name: group-b
          spec:
            nodeSelector: group == 'b' && !has(route-reflector)
            peerSelector: group == 'b' && has(route-reflector)
        - apiVersion: projectcalico.org/v3
          kind: BGPPeer
          metadata:
            name: reflector-mesh
          spec:
            nodeSelector: has(route-reflector)
            peerSelector: has(route-reflector)
      """

  Scenario: with one shared cluster ID the split clients do not learn each other's routes
    Then all configured BGP sessions are established
    And "rr-2" learns the workload block of "c-2"
    And "c-1" does not learn the workload block of "c-2"
    And "c-2" does not learn the workload block of "c-1"
    And workload "c-1/w1" cannot reach workload "c-2/w1"

  Scenario: with distinct cluster IDs they do
    When calico node "rr-2" becomes a route reflector with cluster ID "224.0.0.2"
    Then all configured BGP sessions are established
    And "c-1" learns the workload block of "c-2"
    And on "c-1" the route to the workload block of "c-2" has CLUSTER_LIST "224.0.0.1 224.0.0.2"
    And on "c-2" the route to the workload block of "c-1" has ORIGINATOR_ID of "c-1"
    And workload "c-1/w1" can reach workload "c-2/w1"
