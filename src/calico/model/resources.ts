/**
 * Typed Calico resources, as confd sees them after calicoctl/clientv3 defaulting.
 *
 * Values stay close to the API (projectcalico.org/v3): AS numbers are already decimal numbers
 * (asdot converted), durations whole seconds, and addresses are kept as written so that the
 * peering rules can canonicalise them exactly where confd does.
 */
import type { IpFamily } from '../../net/index.js';

export type { IpFamily };

/** Reference to a key of a Kubernetes Secret in calico-node's namespace (BGPPeer/BGPConfiguration `password`). */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** `Node` (calicoctl) or a Kubernetes Node with `projectcalico.org/*` annotations (KDD). */
export interface CalicoNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** `spec.bgp`; absent when the node runs no BGP. */
  readonly bgp?: {
    readonly asNumber?: number;
    /** CIDR text as written, e.g. `10.192.0.2/16` (prefix optional). */
    readonly ipv4Address?: string;
    readonly ipv6Address?: string;
    readonly ipv4IPIPTunnelAddr?: string;
    /** Non-empty makes the node a route reflector (Calico ≥ v3.3). */
    readonly routeReflectorClusterID?: string;
  };
  readonly wireguard?: {
    readonly interfaceIPv4Address?: string;
    readonly interfaceIPv6Address?: string;
  };
}

export type NextHopMode = 'Auto' | 'Self' | 'Keep';

export interface BgpPeerResource {
  readonly name: string;
  readonly node?: string;
  readonly nodeSelector?: string;
  /** `IP`, `IP:port` or `[IPv6]:port`, as written. */
  readonly peerIP?: string;
  /** Remote AS; 0 means unset. */
  readonly asNumber: number;
  readonly localASNumber?: number;
  readonly peerSelector?: string;
  readonly keepOriginalNextHop: boolean;
  readonly nextHopMode?: NextHopMode;
  readonly password?: SecretKeyRef;
  readonly sourceAddress: 'UseNodeIP' | 'None';
  readonly maxRestartTimeSeconds?: number;
  readonly keepaliveTimeSeconds?: number;
  readonly numAllowedLocalASNumbers?: number;
  readonly ttlSecurity?: number;
  readonly reachableBy?: string;
  readonly filters: readonly string[];
  readonly localWorkloadSelector?: string;
  readonly reversePeering: 'Auto' | 'Manual';
}

export interface CommunityDefinition {
  readonly name: string;
  readonly value: string;
}

export interface PrefixAdvertisement {
  readonly cidr: string;
  readonly communities: readonly string[];
}

export type ProgramClusterRoutes = 'Enabled' | 'Disabled' | 'EnabledIPIPOnly' | 'EnabledNoEncapOnly';

/** `BGPConfiguration` named `default` (global) or `node.<name>` (per-node overrides). */
export interface BgpConfigurationResource {
  readonly name: string;
  readonly logSeverityScreen?: string;
  readonly nodeToNodeMeshEnabled?: boolean;
  readonly asNumber?: number;
  /** 0 means unset. */
  readonly listenPort: number;
  readonly serviceClusterIPs: readonly string[];
  readonly serviceExternalIPs: readonly string[];
  readonly serviceLoadBalancerIPs: readonly string[];
  readonly serviceLoadBalancerAggregation?: 'Enabled' | 'Disabled';
  readonly communities: readonly CommunityDefinition[];
  /** Absent when the field is absent (so a per-node config does not replace the global list). */
  readonly prefixAdvertisements?: readonly PrefixAdvertisement[];
  readonly nodeMeshPassword?: SecretKeyRef;
  readonly nodeMeshMaxRestartTimeSeconds?: number;
  readonly bindMode?: 'None' | 'NodeIP';
  readonly ignoredInterfaces?: readonly string[];
  readonly programClusterRoutes?: string;
  readonly ipv4NormalRoutePriority?: number;
  readonly ipv6NormalRoutePriority?: number;
}

export type EncapMode = 'Never' | 'Always' | 'CrossSubnet';

export interface IpPoolResource {
  readonly name: string;
  /** Canonical masked CIDR. */
  readonly cidr: string;
  readonly family: IpFamily;
  readonly ipipMode: EncapMode;
  readonly vxlanMode: EncapMode;
  readonly natOutgoing: boolean;
  readonly disabled: boolean;
  readonly disableBGPExport: boolean;
  readonly nodeSelector: string;
}

export type BgpFilterAction = 'Accept' | 'Reject';
export type BgpFilterMatchOperator = 'Equal' | 'NotEqual' | 'In' | 'NotIn';

export type BgpFilterOperation =
  | { readonly addCommunity: string }
  | { readonly prependASPath: readonly number[] }
  | { readonly setPriority: number };

export interface BgpFilterRule {
  readonly action: BgpFilterAction;
  readonly cidr?: string;
  readonly matchOperator?: BgpFilterMatchOperator;
  readonly prefixLength?: { readonly min?: number; readonly max?: number };
  readonly source?: 'RemotePeers';
  readonly interface?: string;
  readonly peerType?: 'eBGP' | 'iBGP';
  readonly communities?: readonly string[];
  readonly asPathPrefix?: readonly number[];
  readonly priority?: number;
  readonly operations: readonly BgpFilterOperation[];
}

export interface BgpFilterResource {
  readonly name: string;
  readonly exportV4: readonly BgpFilterRule[];
  readonly importV4: readonly BgpFilterRule[];
  readonly exportV6: readonly BgpFilterRule[];
  readonly importV6: readonly BgpFilterRule[];
}

/** Kubernetes `Service`, reduced to what service advertisement reads (KDD only). */
export interface KubeService {
  readonly namespace: string;
  readonly name: string;
  readonly type: string;
  readonly clusterIPs: readonly string[];
  readonly externalIPs: readonly string[];
  readonly loadBalancerIngressIPs: readonly string[];
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
}

/** Kubernetes `EndpointSlice`, reduced to the endpoints' node names and readiness. */
export interface KubeEndpointSlice {
  readonly namespace: string;
  readonly name: string;
  readonly serviceName: string;
  readonly addressType: string;
  readonly endpoints: readonly { readonly nodeName?: string; readonly ready: boolean }[];
}

export interface KubeSecret {
  readonly namespace: string;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

/** IPAM block affinity of a host; `pending` ones are ignored by confd (treated as absent). */
export interface BlockAffinity {
  readonly cidr: string;
  readonly host: string;
  readonly state: '' | 'confirmed' | 'pending' | 'pendingDeletion';
}

/**
 * A local workload that runs BGP (Calico v3.30+ `localWorkloadSelector`): what Felix writes into the
 * endpoint-status file of that workload on its node.
 */
export interface LocalBgpWorkload {
  readonly node: string;
  readonly name: string;
  readonly ipv4Nets: readonly string[];
  readonly ipv6Nets: readonly string[];
  readonly bgpPeerName: string;
}
