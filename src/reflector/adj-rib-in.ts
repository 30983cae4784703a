/**
 * Adj-RIB-In of one peer (RFC 4271 §3.2): the routes it advertised that the reflector accepted, per
 * family, identified by prefix and ADD-PATH Path Identifier (RFC 7911 §5: a path is identified by both).
 *
 * Every accepted route is a Loc-RIB candidate already, so the peer's Adj-RIB-In is read from there
 * rather than kept as a second table: a per-peer map cost about 45 bytes a prefix (a quarter of the
 * reflector's memory at 50 clients × 10 000 prefixes), while lookups go through the one Loc-RIB map
 * either way. What it keeps of its own is the count per family (maximum-prefix limits, the API).
 * Walking a peer's routes walks the Loc-RIB; that happens when a session goes down or refreshes, not
 * per UPDATE.
 */
import type { FamilyKey } from '../bgp/codec/messages.js';
import type { Destination, LocRib } from './loc-rib.js';
import type { PrefixKey } from './prefix-key.js';
import type { Route } from './route.js';

export class AdjRibIn {
  /** The peer's configured address: what `Route.source.address` holds for its routes, in every session. */
  readonly #peer: string;
  readonly #locRib: LocRib;
  readonly #counts = new Map<FamilyKey, number>();

  constructor(peer: string, locRib: LocRib) {
    this.#peer = peer;
    this.#locRib = locRib;
  }

  /** The peer's path for a prefix; the key carries the AFI, and unicast is the one SAFI. */
  get(prefix: PrefixKey, pathId: number): Route | undefined {
    return this.#locRib.get(prefix)?.pathFrom(this.#peer, pathId);
  }

  /** Notes that the Loc-RIB took a route of this peer, in place of `replaces` when it had one. */
  added(family: FamilyKey, replaces: Route | undefined): void {
    if (replaces === undefined) this.#counts.set(family, this.count(family) + 1);
  }

  /** Notes that the Loc-RIB let go of a route of this peer. */
  removed(family: FamilyKey): void {
    const count = this.count(family) - 1;
    if (count > 0) this.#counts.set(family, count);
    else this.#counts.delete(family);
  }

  /** Number of paths held for a family (what a maximum-prefix limit counts). */
  count(family: FamilyKey): number {
    return this.#counts.get(family) ?? 0;
  }

  /** The peer's routes of a family, each with its destination; collect them before changing the Loc-RIB. */
  *routes(family: FamilyKey): IterableIterator<[Destination, Route]> {
    if (this.count(family) === 0) return;
    const afi = family >>> 8;
    for (const destination of this.#locRib.destinations()) {
      if (destination.afi !== afi) continue;
      for (const route of destination.candidates)
        if (route.source.address === this.#peer) yield [destination, route];
    }
  }

  /** Families of which the peer has routes. */
  families(): IterableIterator<FamilyKey> {
    return this.#counts.keys();
  }
}
