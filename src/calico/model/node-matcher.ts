/**
 * Which nodes a label selector selects, memoised per selector text so that a cluster-wide
 * computation evaluates each BGPPeer's selectors once per node, not once per use.
 */
import type { CalicoState } from './state.js';
import { sortByCodeUnits } from './cluster-facts.js';
import { parseSelector } from '../selector/index.js';

export interface NodeMatcher {
  /** Names of the nodes whose labels the selector matches, sorted; [] when the selector is invalid. */
  nodesMatching(selector: string): readonly string[];
}

export function createNodeMatcher(state: CalicoState): NodeMatcher {
  const names = sortByCodeUnits(state.nodes.keys());
  const cache = new Map<string, readonly string[]>();
  return {
    nodesMatching(selector: string): readonly string[] {
      const cached = cache.get(selector);
      if (cached) return cached;
      let matching: readonly string[];
      try {
        const parsed = parseSelector(selector);
        matching = names.filter((name) => parsed.evaluate(state.nodes.get(name)?.labels ?? {}));
      } catch {
        // confd logs and matches nothing for a selector it cannot parse (validation rejects it earlier).
        matching = [];
      }
      cache.set(selector, matching);
      return matching;
    },
  };
}
