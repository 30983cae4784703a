/**
 * Service advertisement (Calico "advertise Kubernetes service IPs"): which service prefixes a node
 * announces as static blackhole routes, and which it refuses to program into the kernel from BGP.
 * Mirrors confd's `staticroutes`/`rejectcidrs` keys (client.go `updateGlobalRoutes`, routes.go).
 */
import type { IpFamily, KubeService } from './resources.js';
import type { CalicoState } from './state.js';
import { parseCidr, parseIp } from './values-adapter.js';
import { cidrContains, familyOfText } from '../../net/index.js';

/** Nodes with this label keep only the reject routes (Kubernetes well-known label). */
export const EXCLUDE_FROM_LB_LABEL = 'node.kubernetes.io/exclude-from-external-load-balancers';

export interface ServiceRoutes {
  /** Prefixes advertised from this node (blackhole statics + export accept), sorted like confd's keys. */
  readonly advertised: readonly string[];
  /** Service ranges never programmed into the kernel from BGP. */
  readonly rejected: readonly string[];
}

const isSingleAddress = (cidr: string): boolean => cidr.endsWith(familyOfText(cidr) === 4 ? '/32' : '/128');

/** confd lists these keys with `/` replaced by `-`; its order is the order of those key strings. */
function sortAsKeys(cidrs: Iterable<string>): string[] {
  const keyed = [...new Set(cidrs)].map((cidr) => ({ cidr, key: cidr.replace('/', '-') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((entry) => entry.cidr);
}

function within(ip: string, ranges: readonly string[]): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  return ranges.some((range) => {
    const cidr = parseCidr(range);
    return cidr !== undefined && cidrContains(cidr, parsed);
  });
}

function hostRoute(ip: string): string {
  return `${ip}/${ip.includes(':') ? 128 : 32}`;
}

/** Per-service /32 and /128 routes (KDD): only services with an endpoint this node should attract traffic for. */
function perServiceRoutes(state: CalicoState, nodeName: string, clusterRanges: readonly string[]): string[] {
  const config = state.bgpConfigurations.get('default');
  const externalRanges = config?.serviceExternalIPs ?? [];
  const lbRanges = config?.serviceLoadBalancerIPs ?? [];
  const aggregation = config?.serviceLoadBalancerAggregation ?? 'Enabled';
  const routes: string[] = [];
  for (const service of state.services.values()) {
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(service.type)) continue;
    if (service.clusterIPs.length === 0) continue;
    for (const ip of advertisableIps(service, clusterRanges, externalRanges, lbRanges)) {
      const family = ip.includes(':') ? 'IPv6' : 'IPv4';
      const slices = [...state.endpointSlices.values()].filter(
        (slice) =>
          slice.namespace === service.namespace &&
          slice.serviceName === service.name &&
          slice.addressType === family,
      );
      const anyReady = slices.some((slice) => slice.endpoints.some((endpoint) => endpoint.ready));
      const localReady = slices.some((slice) =>
        slice.endpoints.some((endpoint) => endpoint.ready && endpoint.nodeName === nodeName),
      );
      const singleIpRange = [...externalRanges, ...lbRanges].some(
        (range) => isSingleAddress(range) && range === hostRoute(ip),
      );
      // Local policy: only nodes with a ready local endpoint attract the traffic. Cluster policy:
      // single-IP ranges and non-aggregated LB IPs are advertised by nodes that have endpoints.
      const advertise =
        service.externalTrafficPolicy === 'Local'
          ? localReady
          : anyReady && (singleIpRange || (aggregation === 'Disabled' && within(ip, lbRanges)));
      if (advertise) routes.push(hostRoute(ip));
    }
  }
  return routes;
}

function advertisableIps(
  service: KubeService,
  clusterRanges: readonly string[],
  externalRanges: readonly string[],
  lbRanges: readonly string[],
): string[] {
  return [
    ...service.clusterIPs.filter((ip) => within(ip, clusterRanges)),
    ...service.externalIPs.filter((ip) => within(ip, externalRanges)),
    ...service.loadBalancerIngressIPs
      .map((ip) => ip.split('/')[0] ?? ip)
      .filter((ip) => within(ip, lbRanges)),
  ];
}

/** Service routes of one node for one family. */
export function serviceRoutesFor(state: CalicoState, nodeName: string, family: IpFamily): ServiceRoutes {
  const config = state.bgpConfigurations.get('default');
  const clusterRanges = config?.serviceClusterIPs ?? [];
  // Single addresses in external/LB ranges are advertised per service, never cluster-wide.
  const globalRanges = [
    ...clusterRanges,
    ...(config?.serviceExternalIPs ?? []).filter((cidr) => !isSingleAddress(cidr)),
    ...(config?.serviceLoadBalancerIPs ?? []).filter((cidr) => !isSingleAddress(cidr)),
  ].filter((cidr) => familyOfText(cidr) === family);
  const excluded = state.nodes.get(nodeName)?.labels[EXCLUDE_FROM_LB_LABEL] === 'true';
  const advertised = excluded
    ? []
    : [
        ...globalRanges,
        ...perServiceRoutes(state, nodeName, clusterRanges).filter((cidr) => familyOfText(cidr) === family),
      ];
  return { advertised: sortAsKeys(advertised), rejected: sortAsKeys(globalRanges) };
}
