/**
 * `bird.cfg` / `bird6.cfg` as confd master writes them: communities function, kernel/direct
 * templates, includes, router ID, listen settings, kernel/device/direct protocols, and (when the node
 * has an address of the family) the BGP template, BGPFilter functions and peer blocks.
 */
import type { FamilyIntent, LogLevel, NodeIntent } from '../intent.js';
import type { BgpFilterResource, IpFamily } from '../model/resources.js';
import { renderFilterFunctions } from './filter-functions.js';
import { type PeerBlockContext, renderPeerBlock } from './peer-block.js';

const DEFAULT_DIRECT_INTERFACES = '-"cali*", -"kube-ipvs*", "*"';

function debugFor(level: LogLevel): { device?: string; peers?: string } {
  if (level === 'debug') return { device: 'all', peers: 'debug all;' };
  if (level === 'info') return { device: '{ states }', peers: 'debug { states, routes, filters, events };' };
  return {};
}

export function renderApplyCommunities(family: FamilyIntent): string[] {
  const lines = ['function apply_communities ()', '{'];
  for (const rule of family.communityRules) {
    lines.push(`      if ( net ~ ${rule.cidr} ) then {`);
    for (const community of rule.communities) {
      const parts = community.split(':');
      const attribute = parts.length === 3 ? 'bgp_large_community' : 'bgp_community';
      lines.push(`          ${attribute}.add((${parts.join(', ')}));`);
    }
    lines.push('      }');
  }
  lines.push('}');
  return lines;
}

function renderKernelAndDirectTemplates(intent: NodeIntent, deviceDebug: string | undefined): string[] {
  const interfaces = [
    ...intent.ignoredInterfaces.map((name) => `-"${name}"`),
    DEFAULT_DIRECT_INTERFACES,
  ].join(', ');
  const interfaceLine =
    interfaces === DEFAULT_DIRECT_INTERFACES
      ? [
          `  interface ${interfaces}; # Exclude cali* and kube-ipvs* but`,
          '                                          # include everything else.  In',
          '                                          # IPVS-mode, kube-proxy creates a',
          '                                          # kube-ipvs0 interface. We exclude',
          '                                          # kube-ipvs0 because this interface',
          '                                          # gets an address for every in use',
          '                                          # cluster IP. We use static routes',
          '                                          # for when we legitimately want to',
          '                                          # export cluster IPs.',
        ]
      : [`  interface ${interfaces};`];
  return [
    'template kernel kernel_template {',
    '  learn;             # Learn all alien routes from the kernel',
    "  persist;           # Don't remove routes on bird shutdown",
    '  scan time 2;       # Scan kernel routing table every 2 seconds',
    '  import all;',
    '}',
    '',
    'template direct direct_template {',
    ...(deviceDebug ? [`  debug ${deviceDebug};`] : []),
    ...interfaceLine,
    '}',
  ];
}

function renderListen(family: FamilyIntent): string[] {
  if (family.listenAddress === undefined && family.listenPort === undefined) return [];
  const address = family.listenAddress === undefined ? '' : ` address ${family.listenAddress}`;
  const port = family.listenPort === undefined ? '' : ` port ${family.listenPort}`;
  return ['# BGP listen configuration', `listen bgp${address}${port};`];
}

function renderProtocols(deviceDebug: string | undefined): string[] {
  return [
    '# Configure synchronization between routing tables and kernel.',
    'protocol kernel from kernel_template {',
    '  export filter calico_kernel_programming; # Default is export none',
    '  graceful restart;  # Turn on graceful restart to reduce potential flaps in',
    '                     # routes when reloading BIRD configuration.  With a full',
    '                     # automatic mesh, there is no way to prevent BGP from',
    '                     # flapping since multiple nodes update their BGP',
    '                     # configuration at the same time, GR is not guaranteed to',
    '                     # work correctly in this scenario.',
    '  merge paths on;    # Allow export multipath routes (ECMP)',
    '}',
    '',
    '# Watch interface up/down events.',
    'protocol device {',
    ...(deviceDebug ? [`  debug ${deviceDebug};`] : []),
    '  scan time 2;    # Scan interfaces every 2 seconds',
    '}',
    '',
    'protocol direct from direct_template {',
    '}',
  ];
}

function renderBgpTemplate(intent: NodeIntent, peerDebug: string | undefined): string[] {
  return [
    '# Template for all BGP clients',
    'template bgp bgp_template {',
    ...(peerDebug ? [`  ${peerDebug}`] : []),
    '  description "Connection to BGP peer";',
    `  local as ${intent.asNumber};`,
    '  gateway recursive; # This should be the default, but just in case.',
    '  add paths on;',
    '  graceful restart;  # See comment in kernel section about graceful restart.',
    '  connect delay time 2;',
    '  connect retry time 5;',
    '  error wait time 5,30;',
    '}',
  ];
}

export interface MainConfigInputs {
  readonly intent: NodeIntent;
  readonly family: IpFamily;
  readonly filters: readonly BgpFilterResource[];
  readonly peerContext: PeerBlockContext;
}

export function renderMainConfig({ intent, family, filters, peerContext }: MainConfigInputs): string {
  const familyIntent = family === 4 ? intent.ipv4 : intent.ipv6;
  const debug = debugFor(intent.logLevel);
  const prefix = family === 4 ? 'bird' : 'bird6';
  const lines = [
    ...renderApplyCommunities(familyIntent),
    '',
    ...renderKernelAndDirectTemplates(intent, debug.device),
    '',
    '# Generated by confd',
    `include "${prefix}_aggr.cfg";`,
    `include "${prefix}_ipam.cfg";`,
    '',
    `router id ${intent.routerId};`,
    ...renderListen(familyIntent),
    '',
    ...renderProtocols(debug.device),
    '',
  ];
  if (familyIntent.address === undefined) {
    lines.push(`# IPv${family} disabled on this node.`);
    return lines.join('\n') + '\n';
  }
  lines.push(
    ...renderBgpTemplate(intent, debug.peers),
    '',
    '# -------------- BGP Filters ------------------',
    ...renderFilterFunctions(filters, family),
    '',
  );
  if (familyIntent.peers.length === 0) lines.push('# No BGP peers configured for this node');
  else {
    lines.push('# BGP Protocol Configurations');
    for (const peer of familyIntent.peers) lines.push(...renderPeerBlock(peer, peerContext), '');
  }
  return lines.join('\n') + '\n';
}
