/**
 * The per-cluster values confd keeps in its v1 key/value cache (`/calico/bgp/v1/...`), derived once
 * from a state: global AS and listen port, per-node listen ports, and each node's BGP fields with
 * canonical addresses.
 */
import type { CalicoState } from './state.js';
import type { BgpConfigurationResource, IpFamily } from './resources.js';
import { addressOf } from './from-document.js';
import { parseCidr, formatCidr } from './values-adapter.js';

/** Calico's default AS when `BGPConfiguration default` sets none (confd `globalDefaults`). */
export const DEFAULT_AS_NUMBER = 64512;

export interface NodeBgpFields {
  readonly name: string;
  /** `ip_addr_v4` / `ip_addr_v6`: canonical address, '' when unset. */
  readonly ipv4: string;
  readonly ipv6: string;
  /** `network_v4` / `network_v6`: the node's subnet (used by IPIP CrossSubnet), '' when unset. */
  readonly networkV4: string;
  readonly networkV6: string;
  /** `as_num`: undefined when the node sets none. */
  readonly asNumber: number | undefined;
  /** `rr_cluster_id`: '' when the node is not a route reflector. */
  readonly rrClusterId: string;
}

export interface ClusterFacts {
  readonly globalConfig: BgpConfigurationResource | undefined;
  readonly globalAs: number;
  /** 0 when `default` sets no listenPort. */
  readonly globalListenPort: number;
  /** From `BGPConfiguration node.<name>` with a non-zero listenPort. */
  readonly nodeListenPorts: ReadonlyMap<string, number>;
  /** Node names in code-unit order (our deterministic stand-in for Go map order). */
  readonly nodeNames: readonly string[];
  readonly nodes: ReadonlyMap<string, NodeBgpFields>;
  /** Every node's IPv4 and IPv6 address → the node names holding it (sorted). */
  readonly nodesByIp: ReadonlyMap<string, readonly string[]>;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Sorts strings by UTF-16 code units, as Go's `sort.Strings` does for ASCII (never locale order). */
export function sortByCodeUnits(values: Iterable<string>): string[] {
  return [...values].sort(byCodeUnits);
}

function networkOf(text: string | undefined): string {
  if (text === undefined) return '';
  const cidr = parseCidr(text.includes('/') ? text : `${text}/${text.includes(':') ? 128 : 32}`);
  return cidr ? formatCidr(cidr) : '';
}

export const PER_NODE_CONFIG_PREFIX = 'node.';

export function computeClusterFacts(state: CalicoState): ClusterFacts {
  const globalConfig = state.bgpConfigurations.get('default');
  const nodeListenPorts = new Map<string, number>();
  for (const config of state.bgpConfigurations.values()) {
    if (config.name.startsWith(PER_NODE_CONFIG_PREFIX) && config.listenPort !== 0) {
      nodeListenPorts.set(config.name.slice(PER_NODE_CONFIG_PREFIX.length), config.listenPort);
    }
  }
  const nodeNames = sortByCodeUnits(state.nodes.keys());
  const nodes = new Map<string, NodeBgpFields>();
  const nodesByIp = new Map<string, string[]>();
  for (const name of nodeNames) {
    const bgp = state.nodes.get(name)?.bgp;
    const fields: NodeBgpFields = {
      name,
      ipv4: addressOf(bgp?.ipv4Address),
      ipv6: addressOf(bgp?.ipv6Address),
      networkV4: networkOf(bgp?.ipv4Address),
      networkV6: networkOf(bgp?.ipv6Address),
      asNumber: bgp?.asNumber,
      rrClusterId: bgp?.routeReflectorClusterID ?? '',
    };
    nodes.set(name, fields);
    for (const ip of [fields.ipv4, fields.ipv6]) {
      if (ip === '') continue;
      const holders = nodesByIp.get(ip);
      if (holders) holders.push(name);
      else nodesByIp.set(ip, [name]);
    }
  }
  return {
    globalConfig,
    globalAs: globalConfig?.asNumber ?? DEFAULT_AS_NUMBER,
    globalListenPort: globalConfig?.listenPort ?? 0,
    nodeListenPorts,
    nodeNames,
    nodes,
    nodesByIp,
  };
}

export function nodeAddress(fields: NodeBgpFields, family: IpFamily): string {
  return family === 4 ? fields.ipv4 : fields.ipv6;
}

/** A peer node's BGP port as confd infers it: its `node.<name>` listenPort, else the global one, else 0. */
export function listenPortOf(facts: ClusterFacts, nodeName: string): number {
  return facts.nodeListenPorts.get(nodeName) ?? facts.globalListenPort;
}
