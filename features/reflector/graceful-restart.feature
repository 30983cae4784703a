Feature: Graceful restart in both roles, between the TypeScript reflector and Calico's BIRD
  Calico's BIRD runs with `graceful restart;` (RFC 4724). When the reflector restarts gracefully it
  leaves without a NOTIFICATION, the clients keep its routes as stale (helpers), and it comes back as
  the restarting speaker: R bit set, route selection deferred until every client's End-of-RIB, then its
  routes and its own End-of-RIB. When a client dies, the reflector is the helper: it keeps the client's
  routes as stale and goes on reflecting them until the client is back and has sent its End-of-RIB.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..3}"
    And each calico node hosts 1 workload
    And TypeScript route reflector "ts-rr-1" with cluster ID "224.0.0.1" labelled "route-reflector=true"
    And the node-to-node mesh is disabled
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

  Scenario: the reflector restarts gracefully (RFC 4724 §4.1); clients keep its routes and traffic flows meanwhile
    Given every calico node learns the workload blocks of every other calico node
    And a continuous ping from workload "node-1/w1" to workload "node-2/w1"
    When "ts-rr-1" is restarted
    Then "ts-rr-1" has come back from a graceful restart
    And "node-{1..3}" have established BGP sessions with "ts-rr-1"
    And "ts-rr-1" learns the workload blocks of "node-{1..3}"
    And every calico node learns the workload blocks of every other calico node
    And on "node-2" the route to the workload block of "node-3" has CLUSTER_LIST "224.0.0.1"
    And the continuous ping from workload "node-1/w1" to workload "node-2/w1" lost at most 3 consecutive packets

  Scenario: a client dies (RFC 4724 §4.2); the reflector keeps its routes as stale and goes on reflecting them
    Given every calico node learns the workload blocks of every other calico node
    When "node-2" is killed
    Then "ts-rr-1" has no BGP session with "node-2"
    And "ts-rr-1" keeps the routes of "node-2" as stale
    And "node-1" learns the workload block of "node-2"
    When "node-2" is restarted
    Then "node-2" has an established BGP session with "ts-rr-1"
    And "ts-rr-1" holds no stale routes of "node-2"
    And every calico node learns the workload blocks of every other calico node
    And every workload can reach every other workload
