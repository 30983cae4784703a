/**
 * Loc-RIB (RFC 4271 §3.2, §9.1.2): per prefix, every candidate path from every peer and the one the
 * decision process chose. Keeping all candidates is what lets the best path fall back at once when
 * the current one goes, and what ADD-PATH senders draw on (RFC 7911).
 */
import type { Nlri } from '../bgp/codec/messages.js';
import { selectBestPath, type BestPath } from './decision.js';
import type { PrefixKey } from './prefix-key.js';
import type { Route } from './route.js';

export interface Destination {
  readonly prefix: Nlri;
  readonly key: PrefixKey;
  readonly candidates: Route[];
  best: BestPath | undefined;
  /** Next Path Identifier to hand out for this prefix (RFC 7911 §2: assigned locally, unique per prefix). */
  nextPathId: number;
}

export class LocRib {
  readonly #destinations = new Map<PrefixKey, Destination>();

  get(key: PrefixKey): Destination | undefined {
    return this.#destinations.get(key);
  }

  /** The destination for a prefix, created empty when new. */
  ensure(key: PrefixKey, prefix: Nlri): Destination {
    let destination = this.#destinations.get(key);
    if (destination === undefined) {
      destination = { prefix, key, candidates: [], best: undefined, nextPathId: 1 };
      this.#destinations.set(key, destination);
    }
    return destination;
  }

  /** Adds a candidate, or puts it in place of the route it replaces from the same peer and Path Identifier. */
  put(destination: Destination, route: Route, replaces: Route | undefined): void {
    const index = replaces === undefined ? -1 : destination.candidates.indexOf(replaces);
    if (index >= 0) destination.candidates[index] = route;
    else destination.candidates.push(route);
  }

  remove(destination: Destination, route: Route): void {
    const index = destination.candidates.indexOf(route);
    if (index < 0) return;
    // Order carries no meaning (the decision process sorts), so swap-remove.
    const last = destination.candidates.pop() as Route;
    if (index < destination.candidates.length) destination.candidates[index] = last;
  }

  /**
   * Runs the decision process for a destination; returns whether the chosen route or its reason
   * changed. A destination with no candidates left is forgotten.
   */
  decide(destination: Destination): boolean {
    const previous = destination.best;
    destination.best = selectBestPath(destination.candidates);
    if (destination.candidates.length === 0) this.#destinations.delete(destination.key);
    return previous?.route !== destination.best?.route || previous?.reason !== destination.best?.reason;
  }

  get size(): number {
    return this.#destinations.size;
  }

  destinations(): IterableIterator<Destination> {
    return this.#destinations.values();
  }
}
