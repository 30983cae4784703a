/**
 * Loc-RIB (RFC 4271 §3.2, §9.1.2): per prefix, every candidate path from every peer and the one the
 * decision process chose. Keeping all candidates is what lets the best path fall back at once when
 * the current one goes, and what ADD-PATH senders draw on (RFC 7911).
 *
 * A destination is the largest per-prefix cost of the reflector, so it is kept small: it is its own
 * prefix (a `KeyedPrefix`, no address octets stored), holds the best path as two fields rather than
 * an object, and a single candidate without an array.
 */
import type { OutEntry } from './adj-rib-out.js';
import { selectBestPath, type BestPath, type BestPathReason } from './decision.js';
import { KeyedPrefix, type PrefixKey } from './prefix-key.js';
import type { Route } from './route.js';

export class Destination extends KeyedPrefix {
  /** The candidates: none, one route, or an array of two or more. */
  #paths: Route | Route[] | undefined = undefined;
  #bestRoute: Route | undefined = undefined;
  #bestReason: BestPathReason = 'First path received';
  /** Best-path update groups' Adj-RIB-Out entries by slot (`DestinationSlots`): slot 0 alone, or an array. */
  #out: OutEntry | (OutEntry | undefined)[] | undefined = undefined;

  /** The prefix, Path Identifier 0. */
  get prefix(): KeyedPrefix {
    return this;
  }

  get candidates(): readonly Route[] {
    const paths = this.#paths;
    if (paths === undefined) return [];
    return Array.isArray(paths) ? paths : [paths];
  }

  get candidateCount(): number {
    const paths = this.#paths;
    if (paths === undefined) return 0;
    return Array.isArray(paths) ? paths.length : 1;
  }

  /**
   * A Path Identifier for a new candidate (RFC 7911 §2: assigned locally, unique per prefix): one above
   * the highest in use. Computed rather than counted, to keep a field off every destination.
   */
  freshPathId(): number {
    const paths = this.#paths;
    if (paths === undefined) return 1;
    if (!Array.isArray(paths)) return paths.localPathId + 1;
    let highest = 0;
    for (const route of paths) if (route.localPathId > highest) highest = route.localPathId;
    return highest + 1;
  }

  /** The candidate `peer` sent under ADD-PATH Path Identifier `pathId` (0 without ADD-PATH). */
  pathFrom(peer: string, pathId: number): Route | undefined {
    const paths = this.#paths;
    if (paths === undefined) return undefined;
    if (!Array.isArray(paths))
      return paths.source.address === peer && paths.receivedPathId === pathId ? paths : undefined;
    return paths.find((route) => route.source.address === peer && route.receivedPathId === pathId);
  }

  get best(): BestPath | undefined {
    const route = this.#bestRoute;
    return route === undefined ? undefined : { route, reason: this.#bestReason };
  }

  outEntry(slot: number): OutEntry | undefined {
    const out = this.#out;
    if (Array.isArray(out)) return out[slot];
    return slot === 0 ? out : undefined;
  }

  setOutEntry(slot: number, entry: OutEntry | undefined): void {
    const out = this.#out;
    if (Array.isArray(out)) {
      out[slot] = entry;
      return;
    }
    if (slot === 0) {
      this.#out = entry;
      return;
    }
    if (entry === undefined) return;
    const slots: (OutEntry | undefined)[] = [out];
    slots[slot] = entry;
    this.#out = slots;
  }

  /** Adds a candidate, or puts it in place of the route it replaces from the same peer and Path Identifier. */
  put(route: Route, replaces: Route | undefined): void {
    const paths = this.#paths;
    if (paths === undefined) this.#paths = route;
    else if (!Array.isArray(paths)) this.#paths = paths === replaces ? route : [paths, route];
    else {
      const index = replaces === undefined ? -1 : paths.indexOf(replaces);
      if (index >= 0) paths[index] = route;
      else paths.push(route);
    }
  }

  remove(route: Route): void {
    const paths = this.#paths;
    if (paths === route) this.#paths = undefined;
    if (!Array.isArray(paths)) return;
    const index = paths.indexOf(route);
    if (index < 0) return;
    // Order carries no meaning (the decision process sorts), so swap-remove.
    const last = paths.pop() as Route;
    if (index < paths.length) paths[index] = last;
    if (paths.length === 1) this.#paths = paths[0];
  }

  /** Runs the decision process; returns whether the chosen route or its reason changed. */
  decide(): boolean {
    const previousRoute = this.#bestRoute;
    const previousReason = this.#bestReason;
    const paths = this.#paths;
    if (!Array.isArray(paths)) {
      // What `selectBestPath` answers for one candidate or none, without its allocations.
      this.#bestRoute = paths?.ineligible === undefined ? paths : undefined;
      this.#bestReason = 'First path received';
    } else {
      const best = selectBestPath(paths);
      this.#bestRoute = best?.route;
      this.#bestReason = best?.reason ?? 'First path received';
    }
    if (previousRoute === undefined && this.#bestRoute === undefined) return false;
    return previousRoute !== this.#bestRoute || previousReason !== this.#bestReason;
  }
}

export class LocRib {
  readonly #destinations = new Map<PrefixKey, Destination>();

  get(key: PrefixKey): Destination | undefined {
    return this.#destinations.get(key);
  }

  /** The destination for a prefix, created empty when new. */
  ensure(key: PrefixKey): Destination {
    let destination = this.#destinations.get(key);
    if (destination === undefined) {
      destination = new Destination(key);
      this.#destinations.set(key, destination);
    }
    return destination;
  }

  /** Adds a candidate, or puts it in place of the route it replaces from the same peer and Path Identifier. */
  put(destination: Destination, route: Route, replaces: Route | undefined): void {
    destination.put(route, replaces);
  }

  remove(destination: Destination, route: Route): void {
    destination.remove(route);
  }

  /**
   * Runs the decision process for a destination; returns whether the chosen route or its reason
   * changed. A destination with no candidates left is forgotten.
   */
  decide(destination: Destination): boolean {
    const changed = destination.decide();
    if (destination.candidateCount === 0) this.#destinations.delete(destination.key);
    return changed;
  }

  get size(): number {
    return this.#destinations.size;
  }

  destinations(): IterableIterator<Destination> {
    return this.#destinations.values();
  }
}
