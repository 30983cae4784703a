Feature: Two BIRD routers exchange static routes over eBGP
  A plain eBGP session between BIRD 2 routers in two ASes: each learns what the other exports, with
  the sender's AS in the path and the sender as next hop, and nothing it was not sent.

  Background:
    Given a BIRD router "r1" in AS 65001 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.20.1.0/24 blackhole;
        route 10.20.9.0/24 blackhole;
      }
      protocol bgp to_r2 {
        local as 65001;
        neighbor {{ip "r2"}} as 65002;
        connect retry time 5;
        ipv4 { import all; export where net = 10.20.1.0/24; };
      }
      """
    And a BIRD router "r2" in AS 65002 with configuration:
      """
      protocol static announced {
        ipv4;
        route 10.20.2.0/24 blackhole;
      }
      protocol bgp to_r1 {
        local as 65002;
        neighbor {{ip "r1"}} as 65001;
        connect retry time 5;
        ipv4 { import all; export where proto = "announced"; };
      }
      """

  Scenario: the session comes up and each router learns the other's exported route
    Then "r1" has an established BGP session with "r2"
    And "r2" learns route "10.20.1.0/24"
    And "r1" learns route "10.20.2.0/24"
    And on "r2" the route to route "10.20.1.0/24" has AS path "65001"
    And on "r2" the route to route "10.20.1.0/24" has next hop of "r1"
    And on "r1" the route to route "10.20.2.0/24" has AS path "65002"
    And on "r2" the route to route "10.20.1.0/24" has no CLUSTER_LIST

  Scenario: a route the export filter keeps back is not learned
    Then "r2" has 1 BGP route
    And "r2" does not learn route "10.20.9.0/24"
    And "r1" has 1 BGP route within 30 seconds
