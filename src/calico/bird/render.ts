/**
 * The six files confd master writes for a node's BIRD 1.6 daemons, rendered from the node's intent
 * plus the state (IPAM blocks, pools, services, BGPFilters). The only code that knows BIRD
 * syntax lives in this folder.
 */
import type { CalicoState } from '../model/state.js';
import { computeNodeIntent, type NodeIntent } from '../intent.js';
import { renderMainConfig } from './main-config.js';
import { renderAggrConfig } from './aggr-config.js';
import { renderIpamConfig } from './ipam-config.js';
import type { PeerBlockContext } from './peer-block.js';

export const BIRD_FILE_NAMES = [
  'bird.cfg',
  'bird6.cfg',
  'bird_aggr.cfg',
  'bird6_aggr.cfg',
  'bird_ipam.cfg',
  'bird6_ipam.cfg',
] as const;

export type BirdFileName = (typeof BIRD_FILE_NAMES)[number];

/** Renders the six files from an already computed intent (use with `computeAllIntents`). */
export function renderBirdConfigFromIntent(
  state: CalicoState,
  intent: NodeIntent,
): Record<BirdFileName, string> {
  const filters = [...state.bgpFilters.values()];
  const context = (normalRoutePriority: number): PeerBlockContext => ({
    normalRoutePriority,
    filters: state.bgpFilters,
  });
  return {
    'bird.cfg': renderMainConfig({
      intent,
      family: 4,
      filters,
      peerContext: context(intent.ipv4.normalRoutePriority),
    }),
    'bird6.cfg': renderMainConfig({
      intent,
      family: 6,
      filters,
      peerContext: context(intent.ipv6.normalRoutePriority),
    }),
    'bird_aggr.cfg': renderAggrConfig(state, intent, intent.ipv4),
    'bird6_aggr.cfg': renderAggrConfig(state, intent, intent.ipv6),
    'bird_ipam.cfg': renderIpamConfig(state, intent, intent.ipv4),
    'bird6_ipam.cfg': renderIpamConfig(state, intent, intent.ipv6),
  };
}

/** Renders the six files confd writes for `nodeName`. */
export function renderBirdConfig(state: CalicoState, nodeName: string): Record<BirdFileName, string> {
  return renderBirdConfigFromIntent(state, computeNodeIntent(state, nodeName));
}
