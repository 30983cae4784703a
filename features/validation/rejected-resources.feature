Feature: Invalid Calico resources are rejected as calicoctl rejects them, and nothing is applied
  A document set with one invalid document is refused whole, with calicoctl's message naming the field.

  Background:
    Given a Calico cluster
    And calico nodes "node-{1..2}"

  Scenario: node and nodeSelector together
    Then applying the Calico resources is rejected with "Node field must be empty when NodeSelector is specified":
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: a-valid-peer
      spec:
        peerIP: 10.255.255.1
        asNumber: 65001
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: both
      spec:
        node: node-1
        nodeSelector: all()
        peerSelector: all()
      """
    And "node-1" has an established BGP session with "node-2"
    And "node-1" has no BGP session with "10.255.255.1"

  Scenario: a cluster ID that is not a dotted IPv4 address
    Then applying the Calico resources is rejected with "error with field RouteReflectorClusterID = 'not-an-address'":
      """
      apiVersion: projectcalico.org/v3
      kind: Node
      metadata:
        name: node-1
      spec:
        bgp:
          ipv4Address: 10.255.0.1/24
          routeReflectorClusterID: not-an-address
      """

  Scenario: a selector that does not parse
    Then applying the Calico resources is rejected with "error with field NodeSelector":
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: broken-selector
      spec:
        nodeSelector: rack == 'r1' &&
        peerSelector: all()
      """

  Scenario: peerIP with a peerSelector
    Then applying the Calico resources is rejected with "PeerIP field must be empty when PeerSelector is specified":
      """
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata:
        name: ip-and-selector
      spec:
        peerIP: 10.255.255.1
        peerSelector: all()
      """
