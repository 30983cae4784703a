/** What a route step names: a literal prefix, or every block affine to some calico nodes. */
export type RouteTarget = { kind: 'prefix'; prefix: string } | { kind: 'workload-blocks'; nodes: string[] };

export function describeRouteTarget(target: RouteTarget): string {
  if (target.kind === 'prefix') return `route "${target.prefix}"`;
  const shown = target.nodes.slice(0, 5).map((n) => `"${n}"`);
  return `the workload block of ${shown.join(', ')}${target.nodes.length > 5 ? ', …' : ''}`;
}
