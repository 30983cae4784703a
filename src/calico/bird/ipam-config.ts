/**
 * `bird_ipam.cfg` / `bird6_ipam.cfg` (confd master): what a node exports to BGP peers
 * (`calico_export_to_bgp_peers`) and what it programs into the kernel (`calico_kernel_programming`),
 * driven by IP pools, service ranges and BGPConfiguration `programClusterRoutes`.
 */
import type { FamilyIntent, NodeIntent } from '../intent.js';
import type { CalicoState } from '../model/state.js';
import type { IpFamily, IpPoolResource } from '../model/resources.js';
import { serviceRoutesFor } from '../model/service-routes.js';
import { addressOf } from '../model/from-document.js';

const BIRD_INT_MAX = 2147483647;

/** Which pools' cluster routes BIRD programs (the rest are Felix's), per `programClusterRoutes`. */
export interface ClusterRoutePolicy {
  readonly ipip: boolean;
  readonly noEncap: boolean;
}

export function clusterRoutePolicy(programClusterRoutes: string | undefined): ClusterRoutePolicy {
  switch (programClusterRoutes) {
    case 'Disabled':
      return { ipip: false, noEncap: false };
    case 'Enabled':
      return { ipip: true, noEncap: true };
    case 'EnabledIPIPOnly':
      return { ipip: true, noEncap: false };
    default:
      // EnabledNoEncapOnly, unset and unknown values: Felix programs IPIP, BIRD the rest.
      return { ipip: false, noEncap: true };
  }
}

const usesVxlan = (pool: IpPoolResource): boolean => pool.vxlanMode !== 'Never';
const usesIpip = (pool: IpPoolResource): boolean => pool.ipipMode !== 'Never';

function birdProgramsPool(policy: ClusterRoutePolicy, pool: IpPoolResource): boolean {
  if (usesVxlan(pool)) return false;
  return usesIpip(pool) ? policy.ipip : policy.noEncap;
}

const poolStatement = (cidr: string, action: string, extra = '', comment = ''): string =>
  `  if (net ~ ${cidr}) then { ${extra === '' ? '' : `${extra} `}${action}; }${comment === '' ? '' : ` # ${comment}`}`;

/** Kernel statement for a pool (the IPv4 IPIP ones set `krt_tunnel`, a Calico BIRD fork attribute). */
function kernelStatement(
  pool: IpPoolResource,
  policy: ClusterRoutePolicy,
  family: IpFamily,
  network: string,
): string {
  if (usesVxlan(pool)) return poolStatement(pool.cidr, 'reject', '', 'VXLAN routes are handled by Felix.');
  if (birdProgramsPool(policy, pool)) {
    let extra = '';
    if (family === 4 && pool.ipipMode === 'Always') extra = 'krt_tunnel="tunl0";';
    if (family === 4 && pool.ipipMode === 'CrossSubnet') {
      extra = `if (defined(bgp_next_hop)&&(bgp_next_hop ~ ${network})) then krt_tunnel=""; else krt_tunnel="tunl0";`;
    }
    return poolStatement(pool.cidr, 'accept', extra);
  }
  return poolStatement(pool.cidr, 'reject', '', 'Cluster routes are handled by Felix.');
}

function sortedStrings(values: string[]): string[] {
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function wireguardKernelRejects(state: CalicoState, nodeName: string, family: IpFamily): string[] {
  const wireguardOf = (name: string): string | undefined => {
    const wireguard = state.nodes.get(name)?.wireguard;
    return family === 4 ? wireguard?.interfaceIPv4Address : wireguard?.interfaceIPv6Address;
  };
  if (wireguardOf(nodeName) === undefined) return [];
  const lines: string[] = [];
  for (const node of state.nodes.values()) {
    if (node.name === nodeName || wireguardOf(node.name) === undefined) continue;
    const ip = addressOf(family === 4 ? node.bgp?.ipv4Address : node.bgp?.ipv6Address);
    if (ip === '') continue;
    lines.push(
      `  if (defined(bgp_next_hop) && bgp_next_hop = ${ip}) then { reject; } # WireGuard routes handled by Felix.`,
    );
  }
  return sortedStrings(lines);
}

export function renderIpamConfig(state: CalicoState, intent: NodeIntent, familyIntent: FamilyIntent): string {
  const family = familyIntent.family;
  const globalConfig = state.bgpConfigurations.get('default');
  const policy = clusterRoutePolicy(globalConfig?.programClusterRoutes);
  const pools = [...state.ipPools.values()].filter((pool) => pool.family === family);
  const priority = familyIntent.normalRoutePriority;
  const service = serviceRoutesFor(state, intent.nodeName, family);

  const exportRejects = sortedStrings(
    pools
      .filter((p) => p.disableBGPExport)
      .map((p) => poolStatement(p.cidr, 'reject', '', 'BGP export is disabled.')),
  );
  const exportAccepts = sortedStrings(
    pools.filter((p) => !p.disableBGPExport).map((p) => poolStatement(p.cidr, 'accept')),
  );
  // IPv4 kernel statements need the node's subnet (confd `network_v4`); IPv6 only emits rejects.
  const kernelPools =
    family === 4 && familyIntent.network === undefined
      ? []
      : pools.map((pool) => kernelStatement(pool, policy, family, familyIntent.network ?? ''));
  const kernelStatements = sortedStrings(
    family === 6 ? kernelPools.filter((line) => line.includes('{ reject; }')) : kernelPools,
  );
  // Interfaces of Felix-programmed tunnels; tunl0 too unless BIRD programs IPIP itself.
  const tunnelPatterns = ['*.cali', '*.calico', ...(policy.ipip ? [] : ['tunl0'])];

  const lines = [
    '# Generated by confd',
    '',
    'function reject_local_routes () {',
    "  # Don't export local routes learned via BPF as they should never leave the node.",
    '  if (defined(ifname)) then {',
    '     if (ifname ~ "bpf*.cali") then {',
    '        reject;',
    '     }',
    '  }',
    '}',
    '',
    'function calico_export_to_bgp_peers(bool internal_peer) {',
    '  # filter code terminates when it calls `accept;` or `reject;`,',
    ...exportRejects,
    '  if (internal_peer) then {',
    '    if (defined(ifname)) then {',
    `      if (${tunnelPatterns.map((pattern) => `(ifname ~ "${pattern}")`).join(' || ')}) then {`,
    '        reject;',
    '      }',
    '    }',
    '  }',
    '  reject_local_routes();',
    '  apply_communities();',
    '  calico_aggr();',
  ];
  if (service.advertised.length > 0) {
    lines.push(
      '',
      '  # Export static routes.',
      ...service.advertised.map((cidr) => `  if ( net ~ ${cidr} ) then { accept; }`),
    );
  }
  if (intent.routeReflectorClusterId !== undefined) {
    // A reflector also passes on service routes learned from the nodes that host the endpoints.
    const ofFamily = (cidrs: readonly string[]): string[] =>
      cidrs.filter((c) => c.includes(':') === (family === 6));
    const reflected: [string, string[]][] = [
      ['LB service IP ranges', ofFamily(globalConfig?.serviceLoadBalancerIPs ?? [])],
      ['external service IP ranges', ofFamily(globalConfig?.serviceExternalIPs ?? [])],
    ];
    for (const [what, cidrs] of reflected) {
      if (cidrs.length === 0) continue;
      lines.push('', `  # Configured as a RR - accept any routes within configured ${what}`);
      lines.push(...cidrs.map((cidr) => `  if ( net ~ ${cidr} ) then { accept; }`));
    }
  }
  lines.push(...exportAccepts, '}', '', 'filter calico_kernel_programming {');
  if (service.rejected.length > 0) {
    lines.push('', "  # Don't program static routes into kernel.");
    lines.push(...service.rejected.map((cidr) => `  if ( net ~ ${cidr} ) then { reject; }`), '');
  }
  lines.push(
    '  if (defined(source) && (source = RTS_BGP) && !defined(krt_metric)) then {',
    `      krt_metric = ${priority};`,
    '      if (defined(bgp_local_pref)) then {',
    `          krt_metric = ${BIRD_INT_MAX} - bgp_local_pref;`,
    '      }',
    `      if (krt_metric < ${priority}) then {`,
    '          preference = 200;',
    '      }',
    '  }',
    ...wireguardKernelRejects(state, intent.nodeName, family),
    ...kernelStatements,
    '  accept;',
    '}',
  );
  return lines.join('\n') + '\n';
}
