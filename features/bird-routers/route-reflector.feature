Feature: A BIRD 2 route reflector with three clients in one AS
  RFC 4456: a reflector passes each client's routes to the other clients, adding ORIGINATOR_ID (the
  originating client's router ID) when absent and its cluster ID to CLUSTER_LIST, and never sends a
  route back to the client it came from. The clients peer only with the reflector.

  Background:
    Given a BIRD router "rr" in AS 65000 with configuration:
      """
      template bgp rr_clients {
        local as 65000;
        rr client;
        rr cluster id 10.255.0.1;
        connect retry time 5;
        ipv4 { import all; export all; };
      }
      protocol bgp c1 from rr_clients { neighbor {{ip "client-1"}} as 65000; }
      protocol bgp c2 from rr_clients { neighbor {{ip "client-2"}} as 65000; }
      protocol bgp c3 from rr_clients { neighbor {{ip "client-3"}} as 65000; }
      """
    And a BIRD router "client-1" in AS 65000 with configuration:
      """
      protocol static announced { ipv4; route 10.30.1.0/24 blackhole; }
      protocol bgp to_rr {
        local as 65000;
        neighbor {{ip "rr"}} as 65000;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    And a BIRD router "client-2" in AS 65000 with configuration:
      """
      protocol static announced { ipv4; route 10.30.2.0/24 blackhole; }
      protocol bgp to_rr {
        local as 65000;
        neighbor {{ip "rr"}} as 65000;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """
    And a BIRD router "client-3" in AS 65000 with configuration:
      """
      protocol static announced { ipv4; route 10.30.3.0/24 blackhole; }
      protocol bgp to_rr {
        local as 65000;
        neighbor {{ip "rr"}} as 65000;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """

  Scenario: every client has a session with the reflector and none with another client
    Then "client-{1..3}" have established BGP sessions with "rr"
    And "client-1" has no BGP session with "client-{2..3}"

  Scenario: clients learn each other's routes, reflected (RFC 4456 section 8)
    Then "client-1" learns route "10.30.2.0/24"
    And "client-{1..3}" have 2 BGP routes
    And on "client-1" the route to route "10.30.2.0/24" has CLUSTER_LIST "10.255.0.1"
    And on "client-1" the route to route "10.30.2.0/24" has ORIGINATOR_ID of "client-2"
    And on "client-3" the route to route "10.30.1.0/24" has ORIGINATOR_ID of "client-1"
    And on "client-1" the route to route "10.30.2.0/24" has next hop of "client-2"
    And on "client-1" the route to route "10.30.2.0/24" has AS path ""
    And on "rr" the route to route "10.30.2.0/24" has no CLUSTER_LIST

  Scenario: a client's own route is not reflected back to it
    Then "client-2" learns route "10.30.1.0/24"
    And "client-1" does not learn route "10.30.1.0/24"
