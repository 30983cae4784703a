/** What a route step names: a literal prefix (workload blocks come with calico nodes). */
export type RouteTarget = { kind: 'prefix'; prefix: string };

export function describeRouteTarget(target: RouteTarget): string {
  return `route "${target.prefix}"`;
}
