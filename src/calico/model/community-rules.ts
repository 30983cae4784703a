/**
 * BGP communities (RFC 1997) and large communities (RFC 8092) a node attaches to the prefixes it
 * advertises, from BGPConfiguration `prefixAdvertisements`. A node's `node.<name>` list replaces the
 * global one; community names resolve against the same resource's `communities`.
 */
import type { BgpConfigurationResource, IpFamily } from './resources.js';
import type { CalicoState } from './state.js';
import { PER_NODE_CONFIG_PREFIX } from './cluster-facts.js';

export interface CommunityRule {
  /** Prefix as written in the BGPConfiguration. */
  readonly cidr: string;
  /** `aa:nn` (standard) or `aa:nn:mm` (large), de-duplicated and sorted as strings (as confd does). */
  readonly communities: readonly string[];
}

const literalCommunity = /^\d+:\d+(:\d+)?$/;

function rulesOf(config: BgpConfigurationResource, family: IpFamily): CommunityRule[] {
  const rules: CommunityRule[] = [];
  for (const advertisement of config.prefixAdvertisements ?? []) {
    if (advertisement.cidr === '') continue;
    if (advertisement.cidr.includes(':') !== (family === 6)) continue;
    const values = new Set<string>();
    for (const community of advertisement.communities) {
      if (literalCommunity.test(community)) values.add(community);
      else {
        const defined = config.communities.find((entry) => entry.name === community);
        if (defined) values.add(defined.value);
      }
    }
    const communities = [...values].filter((value) => literalCommunity.test(value)).sort();
    if (communities.length > 0) rules.push({ cidr: advertisement.cidr, communities });
  }
  return rules;
}

export function communityRulesFor(state: CalicoState, nodeName: string, family: IpFamily): CommunityRule[] {
  const nodeConfig = state.bgpConfigurations.get(PER_NODE_CONFIG_PREFIX + nodeName);
  if (nodeConfig?.prefixAdvertisements !== undefined) return rulesOf(nodeConfig, family);
  const globalConfig = state.bgpConfigurations.get('default');
  return globalConfig ? rulesOf(globalConfig, family) : [];
}
