/**
 * One `protocol bgp` block of confd master's bird.cfg, from a PeerIntent. Line order follows the
 * template: local as, neighbor, source address, TTL security/multihop, import and export filters,
 * passive, graceful restart, keepalive, rr client, password, next hop, allow local as.
 */
import type { PeerIntent } from '../intent.js';
import type { BgpFilterResource } from '../model/resources.js';
import { filterCall } from './filter-functions.js';

const BIRD_INT_MAX = 2147483647;
/** Imported routes with elevated priority beat a local workload route in the kernel (live migration). */
const OVERRIDE_PREFERENCE = 200;

export interface PeerBlockContext {
  readonly normalRoutePriority: number;
  readonly filters: ReadonlyMap<string, BgpFilterResource>;
}

function filterCalls(peer: PeerIntent, direction: 'import' | 'export', context: PeerBlockContext): string[] {
  const calls: string[] = [];
  for (const name of peer.filters) {
    const filter = context.filters.get(name);
    const call = filter && filterCall(filter, direction, peer.family, peer.internal);
    if (call) calls.push(call);
  }
  return calls;
}

function importFilter(peer: PeerIntent, context: PeerBlockContext): string[] {
  return [
    ...filterCalls(peer, 'import', context),
    `if (defined(bgp_local_pref)&&(bgp_local_pref > ${BIRD_INT_MAX - context.normalRoutePriority})) then`,
    `  preference = ${OVERRIDE_PREFERENCE};`,
    'accept;',
  ];
}

/** LOCAL_PREF carries route priority between Calico nodes: 2^31-1 - krt_metric. */
function exportFilter(peer: PeerIntent, context: PeerBlockContext): string[] {
  return [
    'if (defined(source) && source = RTS_BGP && defined(bgp_local_pref)) then {',
    `  krt_metric = ${BIRD_INT_MAX} - bgp_local_pref;`,
    '} else {',
    `  if (!defined(krt_metric)) then { krt_metric = ${context.normalRoutePriority}; }`,
    `  bgp_local_pref = ${BIRD_INT_MAX} - krt_metric;`,
    '}',
    ...filterCalls(peer, 'export', context),
    `calico_export_to_bgp_peers(${peer.exportPolicy.internalPeer});`,
    'reject;',
  ];
}

export function renderPeerBlock(peer: PeerIntent, context: PeerBlockContext): string[] {
  const lines = [`protocol bgp ${peer.name} from bgp_template {`];
  if (peer.localAsNumber !== undefined) lines.push(`  local as ${peer.localAsNumber};`);
  const port = peer.port === undefined ? '' : ` port ${peer.port}`;
  lines.push(`  neighbor ${peer.address}${port} as ${peer.asNumber};`);
  if (peer.sourceAddress !== undefined) {
    lines.push(`  source address ${peer.sourceAddress};  # The local address we use for the TCP connection`);
  }
  if (peer.ttlSecurityHops === undefined) lines.push('  ttl security off;', '  multihop;');
  else lines.push('  ttl security on;', `  multihop ${peer.ttlSecurityHops};`);
  lines.push('  import filter {', ...importFilter(peer, context).map((line) => `    ${line}`), '  };');
  lines.push(
    '  export filter {',
    ...exportFilter(peer, context).map((line) => `    ${line}`),
    '  };  # Only want to export routes for workloads.',
  );
  if (peer.passive) lines.push('  passive on;');
  if (peer.gracefulRestartSeconds !== undefined) {
    lines.push(`  graceful restart time ${peer.gracefulRestartSeconds};`);
  }
  if (peer.keepaliveSeconds !== undefined) lines.push(`  keepalive time ${peer.keepaliveSeconds};`);
  if (peer.routeReflectorClient && peer.clusterId !== undefined) {
    lines.push('  rr client;', `  rr cluster id ${peer.clusterId};`);
  }
  if (peer.tcpMd5Key !== undefined) lines.push(`  password "${peer.tcpMd5Key}";`);
  if (peer.nextHopMode === 'Keep') lines.push('  next hop keep;');
  if (peer.nextHopMode === 'Self') lines.push('  next hop self;');
  if (peer.allowLocalAsCount !== undefined) lines.push(`  allow local as ${peer.allowLocalAsCount};`);
  lines.push('}');
  return lines;
}
