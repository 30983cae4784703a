import { readNodes } from './read-nodes.js';
import type { Lab } from '../lab.js';
import { describeRouteTarget, type RouteTarget } from '../observe/route-target.js';
import type { RouteView } from '../observe/views.js';

/** Routes learned over BGP (a node's own static or kernel routes do not count). */
export function bgpRoutes(routes: readonly RouteView[]): RouteView[] {
  return routes.filter((r) => r.bgp !== undefined);
}

/** The prefixes a target stands for: a node's workload blocks are the blocks affine to it. */
export function prefixesOf(lab: Lab, target: RouteTarget): string[] {
  if (target.kind === 'prefix') return [target.prefix];
  return target.nodes.flatMap((node) => {
    lab.calicoNode(node);
    const blocks = lab.calico.blocksOf(node);
    if (blocks.length === 0)
      throw new Error(`calico node "${node}" hosts no workload, so no block is affine to it`);
    return blocks;
  });
}

/** One line per (node, route) where learning does not match `shouldLearn`; each pair counts as checked. */
export async function learnMismatches(
  lab: Lab,
  nodes: readonly string[],
  targets: readonly RouteTarget[],
  shouldLearn: boolean,
): Promise<string[]> {
  const routes = await readNodes(lab, nodes, (node) => node.routes());
  const mismatches: string[] = [];
  for (const node of nodes) {
    const learned = new Set(bgpRoutes(routes.get(node) ?? []).map((r) => r.prefix));
    for (const target of targets) {
      // Where both sides name the same node, that pair is skipped (STEPS.md).
      const own = target.kind === 'workload-blocks' ? target.nodes.filter((n) => n !== node) : null;
      const effective: RouteTarget = own ? { kind: 'workload-blocks', nodes: own } : target;
      for (const prefix of prefixesOf(lab, effective)) {
        lab.checked.route(node, prefix);
        if (learned.has(prefix) !== shouldLearn) {
          mismatches.push(
            `"${node}" ${shouldLearn ? 'does not learn' : 'learns'} ${prefix} (${describeRouteTarget(target)}); ` +
              `it has ${learned.size} BGP route(s)${learned.size ? `: ${[...learned].slice(0, 12).join(' ')}${learned.size > 12 ? ' …' : ''}` : ''}`,
          );
        }
      }
    }
  }
  return mismatches;
}

/** Distinct IPv4 prefixes the node has learned over BGP. */
export async function bgpPrefixCount(lab: Lab, node: string): Promise<{ count: number; prefixes: string[] }> {
  const prefixes = [...new Set(bgpRoutes(await lab.node(node).routes()).map((r) => r.prefix))].filter(
    (p) => !p.includes(':'),
  );
  for (const prefix of prefixes) lab.checked.route(node, prefix);
  return { count: prefixes.length, prefixes };
}

/** The node's best (active) route for the prefix, or a message saying what it has instead. */
export async function bestRoute(lab: Lab, node: string, target: RouteTarget): Promise<RouteView> {
  // A dual-stack node has an IPv4 and an IPv6 block: attribute steps look at the IPv4 one.
  const all = prefixesOf(lab, target);
  const prefixes =
    target.kind === 'workload-blocks' && all.length > 1 ? all.filter((p) => !p.includes(':')) : all;
  if (prefixes.length !== 1)
    throw new Error(
      `an attribute step needs one route, and ${describeRouteTarget(target)} is ${prefixes.length}`,
    );
  const prefix = prefixes[0]!;
  lab.checked.route(node, prefix);
  const routes = (await lab.node(node).routes()).filter((r) => r.prefix === prefix);
  const best = routes.find((r) => r.primary);
  if (!best) {
    throw new Error(
      `"${node}" has no active route for ${prefix}${routes.length ? ` (it has ${routes.length} inactive one(s))` : ''}`,
    );
  }
  return best;
}
