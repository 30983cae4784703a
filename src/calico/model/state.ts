/**
 * A datastore snapshot: everything confd's BGP syncer would hand to the renderer, plus the
 * node-local inputs (environment, endpoint-status files). Immutable; every change returns a new
 * state so that intents computed from a state can be cached against it.
 */
import type {
  BgpConfigurationResource,
  BgpFilterResource,
  BgpPeerResource,
  BlockAffinity,
  CalicoNode,
  IpPoolResource,
  KubeEndpointSlice,
  KubeSecret,
  KubeService,
  LocalBgpWorkload,
} from './resources.js';

/** The datastore flavour matters for labels: in KDD every Node carries the kubernetes.io/* labels. */
export type DatastoreType = 'kdd' | 'etcd';

export interface CalicoEnvironment {
  /** `CALICO_ROUTER_ID`: empty → node IPv4, `hash` → derived from the node name, else literal. */
  readonly routerId?: string;
}

export interface CalicoState {
  readonly datastore: DatastoreType;
  /** Namespace calico-node reads BGP password Secrets from. */
  readonly secretNamespace: string;
  readonly env: CalicoEnvironment;
  readonly nodes: ReadonlyMap<string, CalicoNode>;
  readonly bgpPeers: ReadonlyMap<string, BgpPeerResource>;
  readonly bgpConfigurations: ReadonlyMap<string, BgpConfigurationResource>;
  readonly ipPools: ReadonlyMap<string, IpPoolResource>;
  readonly bgpFilters: ReadonlyMap<string, BgpFilterResource>;
  /** Keyed `namespace/name`. */
  readonly services: ReadonlyMap<string, KubeService>;
  /** Keyed `namespace/name`. */
  readonly endpointSlices: ReadonlyMap<string, KubeEndpointSlice>;
  /** Keyed `namespace/name`. */
  readonly secrets: ReadonlyMap<string, KubeSecret>;
  readonly blockAffinities: readonly BlockAffinity[];
  readonly localWorkloads: readonly LocalBgpWorkload[];
}

export interface CalicoStateOptions {
  readonly datastore?: DatastoreType;
  readonly secretNamespace?: string;
  readonly env?: CalicoEnvironment;
}

export function emptyCalicoState(options: CalicoStateOptions = {}): CalicoState {
  return {
    datastore: options.datastore ?? 'kdd',
    secretNamespace: options.secretNamespace ?? 'kube-system',
    env: options.env ?? {},
    nodes: new Map(),
    bgpPeers: new Map(),
    bgpConfigurations: new Map(),
    ipPools: new Map(),
    bgpFilters: new Map(),
    services: new Map(),
    endpointSlices: new Map(),
    secrets: new Map(),
    blockAffinities: [],
    localWorkloads: [],
  };
}

/** A typed resource, tagged by its Calico/Kubernetes kind. */
export type TypedResource =
  | { readonly kind: 'Node'; readonly resource: CalicoNode }
  | { readonly kind: 'BGPPeer'; readonly resource: BgpPeerResource }
  | { readonly kind: 'BGPConfiguration'; readonly resource: BgpConfigurationResource }
  | { readonly kind: 'IPPool'; readonly resource: IpPoolResource }
  | { readonly kind: 'BGPFilter'; readonly resource: BgpFilterResource }
  | { readonly kind: 'Service'; readonly resource: KubeService }
  | { readonly kind: 'EndpointSlice'; readonly resource: KubeEndpointSlice }
  | { readonly kind: 'Secret'; readonly resource: KubeSecret };

export type ResourceKind = TypedResource['kind'];

/** Labels the Kubernetes datastore adds to every Node (visible to selectors, calico #6832). */
function withKddLabels(node: CalicoNode): CalicoNode {
  return {
    ...node,
    labels: {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/hostname': node.name,
      ...node.labels,
    },
  };
}

function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): Map<string, V> {
  const copy = new Map(map);
  copy.set(key, value);
  return copy;
}

function withoutEntry<V>(map: ReadonlyMap<string, V>, key: string): Map<string, V> {
  const copy = new Map(map);
  copy.delete(key);
  return copy;
}

const namespaced = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Upserts typed resources in order (later ones replace earlier ones of the same kind and name). */
export function applyResources(state: CalicoState, resources: readonly TypedResource[]): CalicoState {
  let next = state;
  for (const typed of resources) next = upsert(next, typed);
  return next;
}

function upsert(state: CalicoState, typed: TypedResource): CalicoState {
  switch (typed.kind) {
    case 'Node': {
      const node = state.datastore === 'kdd' ? withKddLabels(typed.resource) : typed.resource;
      return { ...state, nodes: withEntry(state.nodes, node.name, node) };
    }
    case 'BGPPeer':
      return { ...state, bgpPeers: withEntry(state.bgpPeers, typed.resource.name, typed.resource) };
    case 'BGPConfiguration':
      return {
        ...state,
        bgpConfigurations: withEntry(state.bgpConfigurations, typed.resource.name, typed.resource),
      };
    case 'IPPool':
      return { ...state, ipPools: withEntry(state.ipPools, typed.resource.name, typed.resource) };
    case 'BGPFilter':
      return { ...state, bgpFilters: withEntry(state.bgpFilters, typed.resource.name, typed.resource) };
    case 'Service': {
      const key = namespaced(typed.resource.namespace, typed.resource.name);
      return { ...state, services: withEntry(state.services, key, typed.resource) };
    }
    case 'EndpointSlice': {
      const key = namespaced(typed.resource.namespace, typed.resource.name);
      return { ...state, endpointSlices: withEntry(state.endpointSlices, key, typed.resource) };
    }
    case 'Secret': {
      const key = namespaced(typed.resource.namespace, typed.resource.name);
      return { ...state, secrets: withEntry(state.secrets, key, typed.resource) };
    }
  }
}

/**
 * Deletes one resource by kind and name (`namespace/name` for the Kubernetes kinds; a bare name
 * means the `default` namespace, or calico-node's namespace for Secrets). Unknown names are a no-op.
 */
export function deleteResource(state: CalicoState, kind: ResourceKind, name: string): CalicoState {
  const qualified = (defaultNamespace: string): string =>
    name.includes('/') ? name : namespaced(defaultNamespace, name);
  switch (kind) {
    case 'Node':
      return { ...state, nodes: withoutEntry(state.nodes, name) };
    case 'BGPPeer':
      return { ...state, bgpPeers: withoutEntry(state.bgpPeers, name) };
    case 'BGPConfiguration':
      return { ...state, bgpConfigurations: withoutEntry(state.bgpConfigurations, name) };
    case 'IPPool':
      return { ...state, ipPools: withoutEntry(state.ipPools, name) };
    case 'BGPFilter':
      return { ...state, bgpFilters: withoutEntry(state.bgpFilters, name) };
    case 'Service':
      return { ...state, services: withoutEntry(state.services, qualified('default')) };
    case 'EndpointSlice':
      return { ...state, endpointSlices: withoutEntry(state.endpointSlices, qualified('default')) };
    case 'Secret':
      return { ...state, secrets: withoutEntry(state.secrets, qualified(state.secretNamespace)) };
  }
}

/** Replaces the IPAM block affinities of the hosts named in `affinities` (other hosts keep theirs). */
export function setBlockAffinities(state: CalicoState, affinities: readonly BlockAffinity[]): CalicoState {
  const hosts = new Set(affinities.map((affinity) => affinity.host));
  const kept = state.blockAffinities.filter((affinity) => !hosts.has(affinity.host));
  return { ...state, blockAffinities: [...kept, ...affinities] };
}

/** Replaces the local BGP workloads (endpoint-status files) of the nodes named in `workloads`. */
export function setLocalBgpWorkloads(
  state: CalicoState,
  workloads: readonly LocalBgpWorkload[],
): CalicoState {
  const nodes = new Set(workloads.map((workload) => workload.node));
  const kept = state.localWorkloads.filter((workload) => !nodes.has(workload.node));
  return { ...state, localWorkloads: [...kept, ...workloads] };
}

/** Sets the node-local environment (`CALICO_ROUTER_ID`). */
export function setEnvironment(state: CalicoState, env: CalicoEnvironment): CalicoState {
  return { ...state, env };
}
