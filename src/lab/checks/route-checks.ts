import type { Lab } from '../lab.js';
import { describeRouteTarget, type RouteTarget } from '../observe/route-target.js';
import type { RouteView } from '../observe/views.js';

async function routesByNode(lab: Lab, names: Iterable<string>): Promise<Map<string, RouteView[]>> {
  const out = new Map<string, RouteView[]>();
  await Promise.all(
    [...new Set(names)].map(async (name) => {
      out.set(name, await lab.node(name).routes());
    }),
  );
  return out;
}

/** Routes learned over BGP (a node's own static or kernel routes do not count). */
export function bgpRoutes(routes: readonly RouteView[]): RouteView[] {
  return routes.filter((r) => r.bgp !== undefined);
}

function prefixesOf(_lab: Lab, target: RouteTarget): string[] {
  return [target.prefix];
}

/** One line per (node, route) where learning does not match `shouldLearn`. */
export async function learnMismatches(
  lab: Lab,
  nodes: readonly string[],
  targets: readonly RouteTarget[],
  shouldLearn: boolean,
): Promise<string[]> {
  const routes = await routesByNode(lab, nodes);
  const mismatches: string[] = [];
  for (const node of nodes) {
    const learned = new Set(bgpRoutes(routes.get(node) ?? []).map((r) => r.prefix));
    for (const target of targets) {
      for (const prefix of prefixesOf(lab, target)) {
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
  return { count: prefixes.length, prefixes };
}

/** The node's best (active) route for the prefix, or a message saying what it has instead. */
export async function bestRoute(lab: Lab, node: string, target: RouteTarget): Promise<RouteView> {
  const [prefix] = prefixesOf(lab, target);
  const routes = (await lab.node(node).routes()).filter((r) => r.prefix === prefix);
  const best = routes.find((r) => r.primary);
  if (!best) {
    throw new Error(
      `"${node}" has no active route for ${prefix}${routes.length ? ` (it has ${routes.length} inactive one(s))` : ''}`,
    );
  }
  return best;
}
