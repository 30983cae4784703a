@large
Feature: Two reflectors in one cluster ID with 200 clients
  Two calico nodes share cluster ID 224.0.0.1; one BGPPeer peers every node with them; the mesh is off.
  Every client keeps a session with both reflectors and learns every other client's block, reflected
  once (CLUSTER_LIST is the shared ID, ORIGINATOR_ID the origin), and every workload reaches every other.

  Scenario: 200 clients behind two reflectors sharing a cluster ID
    Given a Calico cluster
    And the node-to-node mesh is disabled
    And calico nodes "rr-{1..2}" are route reflectors with cluster ID "224.0.0.1"
    And calico nodes "rr-{1..2}" are labelled "route-reflector=true"
    And calico nodes "client-{1..200}"
    And calico nodes "client-{1..200}" host workload "w1"
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
    Then "client-{1..200}" have established BGP sessions with "rr-{1..2}" within 240 seconds
    And every node matching "route-reflector == 'true'" has exactly 201 established BGP sessions
    And all configured BGP sessions are established
    And "client-{1..200}" learn the workload blocks of "client-{1..200}" within 120 seconds
    And "client-{1..200}" have 199 BGP routes
    And on "client-1" the route to the workload block of "client-200" has CLUSTER_LIST "224.0.0.1"
    And on "client-1" the route to the workload block of "client-200" has ORIGINATOR_ID of "client-200"
    And on "client-200" the route to the workload block of "client-1" has ORIGINATOR_ID of "client-1"
    And on "client-100" the route to the workload block of "client-7" has next hop of "client-7"
    And "client-1" has no BGP session with "client-2"
    And every workload can reach every other workload within 180 seconds
