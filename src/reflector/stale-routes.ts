/**
 * Stale marks on one peer's routes, per family. Graceful restart (RFC 4724 §4.2) and enhanced route
 * refresh (RFC 7313 §4) both keep routes that way while the peer advertises them again, and both end
 * the same way: whatever is still stale when the peer is done has not been advertised again, so it
 * goes. A route advertised again replaces the stale one as a fresh route, which is what clears it.
 *
 * Which families are marked is tracked here, alongside the routes themselves: the restart and stale
 * timers ask whether anything is still waiting, and a family marked while the peer had no routes in
 * it counts as waiting too.
 */
import type { FamilyKey } from '../bgp/codec/messages.js';
import type { AdjRibIn } from './adj-rib-in.js';
import type { Destination } from './loc-rib.js';
import type { Route } from './route.js';

/** Takes one route of the peer out of the Loc-RIB (the core's bookkeeping goes with it). */
export type RemoveRoute = (family: FamilyKey, destination: Destination, route: Route) => void;

export class StaleRoutes {
  readonly #families = new Set<FamilyKey>();
  readonly #adjRibIn: AdjRibIn;
  readonly #remove: RemoveRoute;

  constructor(adjRibIn: AdjRibIn, remove: RemoveRoute) {
    this.#adjRibIn = adjRibIn;
    this.#remove = remove;
  }

  /** Families marked and not yet swept. */
  get families(): FamilyKey[] {
    return [...this.#families];
  }

  /** Families the peer has routes in, marked or not. */
  get routeFamilies(): FamilyKey[] {
    return [...this.#adjRibIn.families()];
  }

  get empty(): boolean {
    return this.#families.size === 0;
  }

  has(family: FamilyKey): boolean {
    return this.#families.has(family);
  }

  /** Every route of the family is stale until it is advertised again. */
  mark(family: FamilyKey): void {
    for (const [, route] of this.#adjRibIn.routes(family)) route.stale = true;
    this.#families.add(family);
  }

  /** The family's routes that are still stale go. */
  sweep(family: FamilyKey): void {
    if (!this.#families.delete(family)) return;
    for (const [destination, route] of [...this.#adjRibIn.routes(family)])
      if (route.stale) this.#remove(family, destination, route);
  }

  /** Every route of the family goes, stale or not. */
  withdraw(family: FamilyKey): void {
    for (const [destination, route] of [...this.#adjRibIn.routes(family)])
      this.#remove(family, destination, route);
  }

  /** Every route of the peer goes and no mark is left: nothing keeps them across this session's end. */
  withdrawAll(): void {
    for (const family of this.routeFamilies) this.withdraw(family);
    this.#families.clear();
  }
}
