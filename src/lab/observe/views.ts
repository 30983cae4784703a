/**
 * What observers report, the same for every kind of node (BIRD 1.6, BIRD 2, the TypeScript reflector),
 * so that steps compare sessions and routes without knowing who answered.
 */
export interface BgpSessionView {
  /** The node that reported the session. */
  node: string;
  /** Its name for the session (BIRD protocol name, e.g. `Node_10_0_0_3`). */
  protocol: string;
  neighborAddress: string;
  neighborAs: number | undefined;
  /** BGP FSM state as BIRD prints it: Idle, Connect, Active, OpenSent, OpenConfirm, Established, Passive, Close, Down. */
  state: string;
  /** Error text, e.g. `Received: Hold timer expired`, or '' */
  info: string;
}

export interface BgpAttributesView {
  origin: string | undefined;
  /** AS_PATH as BIRD prints it: `64512 65000 {1 2}`; '' for an empty path. */
  asPath: string;
  nextHop: string | undefined;
  localPref: number | undefined;
  med: number | undefined;
  originatorId: string | undefined;
  /** In attribute order (most recent reflector first); undefined when the attribute is absent. */
  clusterList: string[] | undefined;
  communities: string[];
}

export interface RouteView {
  node: string;
  prefix: string;
  /** The protocol (BIRD) or peer that gave the route. */
  protocol: string;
  /** Source kind: `BGP`, `static`, `kernel`, `device`, … */
  source: string;
  primary: boolean;
  /** Present on routes learned over BGP. */
  bgp: BgpAttributesView | undefined;
}
