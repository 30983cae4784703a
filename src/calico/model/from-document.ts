/**
 * Turns calicoctl/kubectl documents into typed resources with clientv3's defaults applied
 * (BGPPeer `sourceAddress: UseNodeIP`, IPPool modes `Never`, …). Validation is not done here (see
 * `src/calico/validation/`); this only reads what is there, leniently, like confd's decoder.
 */
import type { CalicoDocument } from '../yaml.js';
import { canonicalIp, formatCidr, goString, parseAsNumber, parseCidr } from './values-adapter.js';
import { durationToBirdSeconds } from './duration.js';
import type {
  BgpConfigurationResource,
  BgpFilterOperation,
  BgpFilterResource,
  BgpFilterRule,
  BgpPeerResource,
  CalicoNode,
  EncapMode,
  IpPoolResource,
  KubeEndpointSlice,
  KubeSecret,
  KubeService,
  SecretKeyRef,
} from './resources.js';
import type { TypedResource } from './state.js';

type Obj = Record<string, unknown>;

const asObject = (value: unknown): Obj =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asString = (value: unknown): string | undefined =>
  value === undefined || value === null ? undefined : goString(value);
const nonEmpty = (value: unknown): string | undefined => {
  const text = asString(value);
  return text === undefined || text === '' ? undefined : text;
};
const asBool = (value: unknown): boolean => value === true || value === 'true';
const asNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?[0-9]+$/.test(value)) return Number(value);
  return undefined;
};
const optionalAs = (value: unknown): number | undefined =>
  value === undefined || value === null || value === '' ? undefined : parseAsNumber(value);
const optionalSeconds = (value: unknown): number | undefined =>
  typeof value === 'string' || typeof value === 'number' ? durationToBirdSeconds(value) : undefined;

function labelsOf(metadata: Obj): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(metadata.labels))) labels[key] = goString(value);
  return labels;
}

function secretKeyRef(password: unknown): SecretKeyRef | undefined {
  const ref = asObject(asObject(password).secretKeyRef);
  const name = nonEmpty(ref.name);
  const key = nonEmpty(ref.key);
  return name !== undefined && key !== undefined ? { name, key } : undefined;
}

function nodeFrom(name: string, metadata: Obj, spec: Obj): CalicoNode {
  const bgp = spec.bgp === undefined || spec.bgp === null ? undefined : asObject(spec.bgp);
  const wireguard = spec.wireguard === undefined ? undefined : asObject(spec.wireguard);
  return {
    name,
    labels: labelsOf(metadata),
    ...(bgp && {
      bgp: {
        asNumber: optionalAs(bgp.asNumber),
        ipv4Address: nonEmpty(bgp.ipv4Address),
        ipv6Address: nonEmpty(bgp.ipv6Address),
        ipv4IPIPTunnelAddr: nonEmpty(bgp.ipv4IPIPTunnelAddr),
        routeReflectorClusterID: nonEmpty(bgp.routeReflectorClusterID),
      },
    }),
    ...(wireguard && {
      wireguard: {
        interfaceIPv4Address: nonEmpty(wireguard.interfaceIPv4Address),
        interfaceIPv6Address: nonEmpty(wireguard.interfaceIPv6Address),
      },
    }),
  };
}

function nextHopModeOf(value: unknown): BgpPeerResource['nextHopMode'] {
  return value === 'Auto' || value === 'Self' || value === 'Keep' ? value : undefined;
}

function bgpPeerFrom(name: string, spec: Obj): BgpPeerResource {
  return {
    name,
    node: nonEmpty(spec.node),
    nodeSelector: nonEmpty(spec.nodeSelector),
    peerIP: nonEmpty(spec.peerIP),
    asNumber: optionalAs(spec.asNumber) ?? 0,
    localASNumber: optionalAs(spec.localASNumber),
    peerSelector: nonEmpty(spec.peerSelector),
    keepOriginalNextHop: asBool(spec.keepOriginalNextHop),
    nextHopMode: nextHopModeOf(spec.nextHopMode),
    password: secretKeyRef(spec.password),
    // clientv3 defaults an empty sourceAddress to UseNodeIP.
    sourceAddress: spec.sourceAddress === 'None' ? 'None' : 'UseNodeIP',
    maxRestartTimeSeconds: optionalSeconds(spec.maxRestartTime),
    keepaliveTimeSeconds: optionalSeconds(spec.keepaliveTime),
    numAllowedLocalASNumbers: asNumber(spec.numAllowedLocalASNumbers),
    ttlSecurity: asNumber(spec.ttlSecurity),
    reachableBy: nonEmpty(spec.reachableBy),
    filters: asArray(spec.filters).map((filter) => goString(filter)),
    localWorkloadSelector: nonEmpty(spec.localWorkloadSelector),
    reversePeering: spec.reversePeering === 'Manual' ? 'Manual' : 'Auto',
  };
}

/** Service IP blocks: `- {}` entries (no cidr) are ignored, as confd does. */
const cidrList = (value: unknown): string[] =>
  asArray(value)
    .map((block) => nonEmpty(asObject(block).cidr))
    .filter((cidr): cidr is string => cidr !== undefined);

function bgpConfigurationFrom(name: string, spec: Obj): BgpConfigurationResource {
  const mesh = spec.nodeToNodeMeshEnabled;
  return {
    name,
    logSeverityScreen: nonEmpty(spec.logSeverityScreen),
    nodeToNodeMeshEnabled: typeof mesh === 'boolean' ? mesh : undefined,
    asNumber: optionalAs(spec.asNumber),
    listenPort: asNumber(spec.listenPort) ?? 0,
    serviceClusterIPs: cidrList(spec.serviceClusterIPs),
    serviceExternalIPs: cidrList(spec.serviceExternalIPs),
    serviceLoadBalancerIPs: cidrList(spec.serviceLoadBalancerIPs),
    serviceLoadBalancerAggregation:
      spec.serviceLoadBalancerAggregation === 'Disabled'
        ? 'Disabled'
        : spec.serviceLoadBalancerAggregation === 'Enabled'
          ? 'Enabled'
          : undefined,
    communities: asArray(spec.communities).map((entry) => ({
      name: goString(asObject(entry).name ?? ''),
      value: goString(asObject(entry).value ?? ''),
    })),
    prefixAdvertisements:
      spec.prefixAdvertisements === undefined || spec.prefixAdvertisements === null
        ? undefined
        : asArray(spec.prefixAdvertisements).map((entry) => ({
            cidr: goString(asObject(entry).cidr ?? ''),
            communities: asArray(asObject(entry).communities).map((community) => goString(community)),
          })),
    nodeMeshPassword: secretKeyRef(spec.nodeMeshPassword),
    nodeMeshMaxRestartTimeSeconds: optionalSeconds(spec.nodeMeshMaxRestartTime),
    bindMode: spec.bindMode === 'NodeIP' ? 'NodeIP' : spec.bindMode === 'None' ? 'None' : undefined,
    ignoredInterfaces:
      spec.ignoredInterfaces === undefined
        ? undefined
        : asArray(spec.ignoredInterfaces).map((i) => goString(i)),
    programClusterRoutes: nonEmpty(spec.programClusterRoutes),
    ipv4NormalRoutePriority: asNumber(spec.ipv4NormalRoutePriority),
    ipv6NormalRoutePriority: asNumber(spec.ipv6NormalRoutePriority),
  };
}

const encapModeOf = (value: unknown): EncapMode =>
  value === 'Always' || value === 'CrossSubnet' ? value : 'Never';

function ipPoolFrom(name: string, spec: Obj): IpPoolResource {
  const written = goString(spec.cidr ?? '');
  const parsed = parseCidr(written);
  return {
    name,
    // confd keys pools by their canonical network (cnet.IPNet.String()).
    cidr: parsed ? formatCidr(parsed) : written,
    family: parsed?.family ?? (written.includes(':') ? 6 : 4),
    ipipMode: encapModeOf(spec.ipipMode),
    vxlanMode: encapModeOf(spec.vxlanMode),
    natOutgoing: asBool(spec.natOutgoing),
    disabled: asBool(spec.disabled),
    disableBGPExport: asBool(spec.disableBGPExport),
    nodeSelector: nonEmpty(spec.nodeSelector) ?? 'all()',
  };
}

function filterOperation(entry: unknown): BgpFilterOperation | undefined {
  const op = asObject(entry);
  if (op.addCommunity !== undefined) return { addCommunity: goString(asObject(op.addCommunity).value ?? '') };
  if (op.prependASPath !== undefined) {
    return { prependASPath: asArray(asObject(op.prependASPath).prefix).map((as) => parseAsNumber(as)) };
  }
  if (op.setPriority !== undefined) return { setPriority: asNumber(asObject(op.setPriority).value) ?? 0 };
  return undefined;
}

function filterRule(entry: unknown): BgpFilterRule {
  const rule = asObject(entry);
  const prefixLength = rule.prefixLength === undefined ? undefined : asObject(rule.prefixLength);
  const operator = rule.matchOperator;
  return {
    action: rule.action === 'Reject' ? 'Reject' : 'Accept',
    cidr: nonEmpty(rule.cidr),
    matchOperator:
      operator === 'Equal' || operator === 'NotEqual' || operator === 'In' || operator === 'NotIn'
        ? operator
        : undefined,
    prefixLength: prefixLength && { min: asNumber(prefixLength.min), max: asNumber(prefixLength.max) },
    source: rule.source === 'RemotePeers' ? 'RemotePeers' : undefined,
    interface: nonEmpty(rule.interface),
    peerType: rule.peerType === 'eBGP' || rule.peerType === 'iBGP' ? rule.peerType : undefined,
    communities:
      rule.communities === undefined
        ? undefined
        : asArray(asObject(rule.communities).values).map((value) => goString(value)),
    asPathPrefix:
      rule.asPathPrefix === undefined ? undefined : asArray(rule.asPathPrefix).map((as) => parseAsNumber(as)),
    priority: asNumber(rule.priority),
    operations: asArray(rule.operations)
      .map(filterOperation)
      .filter((op): op is BgpFilterOperation => op !== undefined),
  };
}

function bgpFilterFrom(name: string, spec: Obj): BgpFilterResource {
  const rules = (value: unknown): BgpFilterRule[] => asArray(value).map(filterRule);
  return {
    name,
    exportV4: rules(spec.exportV4),
    importV4: rules(spec.importV4),
    exportV6: rules(spec.exportV6),
    importV6: rules(spec.importV6),
  };
}

function serviceFrom(name: string, metadata: Obj, object: Obj): KubeService {
  const spec = asObject(object.spec);
  const clusterIPs = asArray(spec.clusterIPs).map((ip) => goString(ip));
  const clusterIP = nonEmpty(spec.clusterIP);
  // Kubernetes keeps clusterIP == clusterIPs[0]; older manifests only set clusterIP.
  if (clusterIPs.length === 0 && clusterIP !== undefined && clusterIP !== 'None') clusterIPs.push(clusterIP);
  return {
    namespace: nonEmpty(metadata.namespace) ?? 'default',
    name,
    type: nonEmpty(spec.type) ?? 'ClusterIP',
    clusterIPs,
    externalIPs: asArray(spec.externalIPs).map((ip) => goString(ip)),
    loadBalancerIngressIPs: asArray(asObject(asObject(object.status).loadBalancer).ingress)
      .map((ingress) => nonEmpty(asObject(ingress).ip))
      .filter((ip): ip is string => ip !== undefined),
    externalTrafficPolicy: spec.externalTrafficPolicy === 'Local' ? 'Local' : 'Cluster',
  };
}

function endpointSliceFrom(name: string, metadata: Obj, object: Obj): KubeEndpointSlice {
  return {
    namespace: nonEmpty(metadata.namespace) ?? 'default',
    name,
    serviceName: nonEmpty(labelsOf(metadata)['kubernetes.io/service-name']) ?? '',
    addressType: nonEmpty(object.addressType) ?? 'IPv4',
    endpoints: asArray(object.endpoints).map((entry) => {
      const endpoint = asObject(entry);
      // An endpoint with no conditions is ready (EndpointSlice API: nil means unknown, treated as ready).
      const ready = asObject(endpoint.conditions).ready;
      return { nodeName: nonEmpty(endpoint.nodeName), ready: ready !== false };
    }),
  };
}

function secretFrom(name: string, metadata: Obj, object: Obj): KubeSecret {
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(asObject(object.data))) {
    data[key] = Buffer.from(goString(value), 'base64').toString('utf8');
  }
  for (const [key, value] of Object.entries(asObject(object.stringData))) data[key] = goString(value);
  return { namespace: nonEmpty(metadata.namespace) ?? 'default', name, data };
}

/** Thrown for a document whose kind rrlab does not model. */
export class UnsupportedKindError extends Error {
  constructor(kind: string) {
    super(`resource kind "${kind}" is not supported`);
    this.name = 'UnsupportedKindError';
  }
}

/** One document → one typed resource (throws UnsupportedKindError for other kinds). */
export function resourceFromDocument(doc: Pick<CalicoDocument, 'kind' | 'name' | 'object'>): TypedResource {
  const metadata = asObject(doc.object.metadata);
  const spec = asObject(doc.object.spec);
  switch (doc.kind) {
    case 'Node':
      return { kind: 'Node', resource: nodeFrom(doc.name, metadata, spec) };
    case 'BGPPeer':
      return { kind: 'BGPPeer', resource: bgpPeerFrom(doc.name, spec) };
    case 'BGPConfiguration':
      return { kind: 'BGPConfiguration', resource: bgpConfigurationFrom(doc.name, spec) };
    case 'IPPool':
      return { kind: 'IPPool', resource: ipPoolFrom(doc.name, spec) };
    case 'BGPFilter':
      return { kind: 'BGPFilter', resource: bgpFilterFrom(doc.name, spec) };
    case 'Service':
      return { kind: 'Service', resource: serviceFrom(doc.name, metadata, doc.object) };
    case 'EndpointSlice':
      return { kind: 'EndpointSlice', resource: endpointSliceFrom(doc.name, metadata, doc.object) };
    case 'Secret':
      return { kind: 'Secret', resource: secretFrom(doc.name, metadata, doc.object) };
    default:
      throw new UnsupportedKindError(doc.kind);
  }
}

/** Canonical IP text of an address field that may carry a prefix (`10.192.0.2/16` → `10.192.0.2`). */
export function addressOf(text: string | undefined): string {
  if (text === undefined) return '';
  const slash = text.indexOf('/');
  return canonicalIp(slash < 0 ? text : text.slice(0, slash)) ?? '';
}
