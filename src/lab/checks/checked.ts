/**
 * What a scenario's checks have looked at, so its report can say how much it asserted: distinct BGP
 * sessions and distinct (node, prefix) routes. A check retried until it holds looks at the same
 * sessions and routes each time, so only distinct ones count.
 */
export class CheckedTally {
  private readonly sessionKeys = new Set<string>();
  private readonly routeKeys = new Set<string>();

  /**
   * A session named by its two ends' addresses, in either order: a session checked from both ends,
   * or by two steps naming its ends the other way round, is one session.
   */
  session(addressA: string, addressB: string): void {
    this.sessionKeys.add(addressA < addressB ? `${addressA} ${addressB}` : `${addressB} ${addressA}`);
  }

  route(node: string, prefix: string): void {
    this.routeKeys.add(`${node} ${prefix}`);
  }

  get sessions(): number {
    return this.sessionKeys.size;
  }

  get routes(): number {
    return this.routeKeys.size;
  }
}
