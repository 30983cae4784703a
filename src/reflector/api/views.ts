/**
 * The JSON the reflector's API serves. Peers read like BIRD's `show protocols all` (state words,
 * `since`, last error in BIRD's wording); routes like FRR's `show bgp … json` (`originatorId`,
 * `clusterList`, `asPath`, `nextHop`, `localPref`, `bestpath: { reason }`), so one observer compares
 * the reflector with the daemons it stands in for.
 */
export interface PeerCountersView {
  updatesReceived: number;
  updatesSent: number;
  messagesSent: number;
  prefixesReceived: number;
  routeRefreshReceived: number;
  beginRefreshReceived: number;
  endRefreshReceived: number;
  routeRefreshSent: number;
  establishedTransitions: number;
  queuedMessages: number;
}

export interface PeerView {
  /** Calico's protocol name (`Node_10_0_0_3`). */
  name: string;
  address: string;
  family: 'ipv4' | 'ipv6';
  asn: number;
  localAs: number;
  /** `calicoctl node status` peer type, when Calico gives one. */
  peerType: string | undefined;
  /** The Calico node behind the address, when it is one. */
  peerNode: string | undefined;
  rrClient: boolean;
  passive: boolean;
  /** Segments signed with TCP-MD5 (RFC 2385); the key itself is never shown. */
  tcpMd5: boolean;
  /** RFC 5082 GTSM hop count, when on. */
  ttlSecurityHops: number | undefined;
  /** BGP state in BIRD's words: Idle, Connect, Active, Passive, OpenSent, OpenConfirm, Established. */
  state: string;
  /** BIRD's protocol state column: `up` when Established, else `start`. */
  protocolState: 'up' | 'start';
  /** When the state last changed (ISO 8601) and seconds since. */
  since: string;
  uptimeSeconds: number;
  /** BIRD's wording of the last error (`Received: Administrative shutdown`), '' when none. */
  lastError: string;
  holdTime: number;
  keepaliveTime: number;
  capabilities: { local: string[]; remote: string[] };
  counters: PeerCountersView;
}

export interface PathAttributesView {
  origin: 'IGP' | 'EGP' | 'Incomplete' | undefined;
  /** AS_PATH as BIRD prints it (`64512 {1 2}`), '' when empty. */
  asPath: string;
  nextHop: string | undefined;
  localPref: number | undefined;
  med: number | undefined;
  originatorId: string | undefined;
  /** Attribute order (most recent reflector first); undefined when absent. */
  clusterList: string[] | undefined;
  /** RFC 1997 communities as BIRD prints them: `(65000,100)`. */
  communities: string[];
  /** RFC 8092 large communities: `(1,2,3)`. */
  largeCommunities: string[];
}

export interface PathView {
  /** Address of the peer the path came from, and its protocol name. */
  peer: string;
  peerName: string;
  /** ADD-PATH identifier the peer sent (0 without ADD-PATH) and the one we send. */
  receivedPathId: number;
  localPathId: number;
  best: boolean;
  /** Only on the best path (FRR `bestpath.selectionReason`). */
  bestpath: { reason: string } | undefined;
  stale: boolean;
  /** Why the path cannot be chosen (`as-loop`, `unusable-next-hop`), when it cannot. */
  ineligible: string | undefined;
  attributes: PathAttributesView;
}

export interface RouteEntryView {
  prefix: string;
  family: 'ipv4' | 'ipv6';
  paths: PathView[];
}

export interface RefusedView {
  address: string;
  count: number;
  last: string;
}

export interface StatusView {
  node: string;
  routerId: string;
  asn: number;
  clusterId: string;
  port: number | undefined;
  uptimeSeconds: number;
  peers: number;
  established: number;
  prefixes: number;
  refused: RefusedView[];
  /**
   * RFC 4724 §4.1: this run followed a graceful restart (its OPENs carried the R bit), and whether
   * route selection is still deferred waiting for the peers' End-of-RIB.
   */
  gracefulRestart: { restarted: boolean; selectionDeferred: boolean };
}
