import { parseSelector } from '../../calico/index.js';
import type { Lab } from '../lab.js';

/**
 * The lab's nodes whose labels match a Calico selector. Calico nodes carry the labels of their `Node`
 * resource as the datastore holds them (the KDD `kubernetes.io/*` ones included); other nodes have
 * none, so only selectors such as `all()` match them.
 */
export function nodesMatching(lab: Lab, expression: string): string[] {
  const selector = parseSelector(expression);
  return lab
    .allNodes()
    .filter((node) => selector.evaluate(lab.calico.state.nodes.get(node.name)?.labels ?? {}))
    .map((node) => node.name);
}
