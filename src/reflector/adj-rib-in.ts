/**
 * Adj-RIB-In of one peer (RFC 4271 §3.2): the routes it advertised that the reflector accepted, per
 * family, keyed by prefix and ADD-PATH Path Identifier (RFC 7911 §5: a path is identified by both).
 */
import type { FamilyKey } from '../bgp/codec/messages.js';
import { pathKey, type PrefixKey } from './prefix-key.js';
import type { Route } from './route.js';

export class AdjRibIn {
  readonly #families = new Map<FamilyKey, Map<string, Route>>();

  #table(family: FamilyKey): Map<string, Route> {
    let table = this.#families.get(family);
    if (table === undefined) {
      table = new Map();
      this.#families.set(family, table);
    }
    return table;
  }

  get(family: FamilyKey, prefix: PrefixKey, pathId: number): Route | undefined {
    return this.#families.get(family)?.get(pathKey(prefix, pathId));
  }

  /** Stores `route`, returning the route it replaces (RFC 4271 §3.1 implicit withdraw), if any. */
  set(family: FamilyKey, route: Route): Route | undefined {
    const table = this.#table(family);
    const key = pathKey(route.prefixKey, route.receivedPathId);
    const previous = table.get(key);
    table.set(key, route);
    return previous;
  }

  /** Removes and returns the route for this prefix and Path Identifier; undefined when there is none (RFC 7911 §5: ignored). */
  delete(family: FamilyKey, prefix: PrefixKey, pathId: number): Route | undefined {
    const table = this.#families.get(family);
    if (table === undefined) return undefined;
    const key = pathKey(prefix, pathId);
    const route = table.get(key);
    if (route !== undefined) table.delete(key);
    return route;
  }

  /** Number of paths held for a family (what a maximum-prefix limit counts). */
  count(family: FamilyKey): number {
    return this.#families.get(family)?.size ?? 0;
  }

  routes(family: FamilyKey): IterableIterator<Route> {
    return (this.#families.get(family) ?? new Map<string, Route>()).values();
  }

  families(): IterableIterator<FamilyKey> {
    return this.#families.keys();
  }
}
