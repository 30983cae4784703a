/**
 * The Adj-RIB-Out of one update group (RFC 4271 §3.2): per outgoing path, the export entry the group
 * last computed for it. Two layouts behind one interface:
 *
 * - A group that sends only best paths has at most one path per prefix, so its entry lives in the
 *   prefix's Loc-RIB destination, in the slot the group was given (`DestinationSlots`). A map of its
 *   own would cost about 30 bytes a prefix per group; a slot costs 8, or nothing extra when the group
 *   has slot 0 (the one group per family of a Calico cluster's clients).
 * - An ADD-PATH sending group has several paths per prefix, keyed by path key (`PathMap`).
 */
import type { AttributeSet } from './attribute-interner.js';
import type { Destination, LocRib } from './loc-rib.js';

/**
 * The export state of one outgoing path: exported attributes and source peer. The path's NLRI is
 * not kept: it is rebuilt from the path key when encoding, and entries are shared by every path with
 * the same set and source.
 */
export interface OutEntry {
  readonly set: AttributeSet;
  readonly source: string;
}

export interface AdjRibOut {
  /** Paths held. */
  readonly size: number;
  get(key: string): OutEntry | undefined;
  /** `get` for a path of `destination`'s prefix, which spares slots the Loc-RIB lookup. */
  entryOf(destination: Destination, key: string): OutEntry | undefined;
  /** Sets or (undefined) removes the entry of path `key`, a path of `destination`'s prefix. */
  set(destination: Destination, key: string, entry: OutEntry | undefined): void;
  entries(): IterableIterator<[string, OutEntry]>;
  /** Empties the table, handing each entry to `release` first. */
  clear(release: (entry: OutEntry) => void): void;
}

export class PathMap implements AdjRibOut {
  readonly #entries = new Map<string, OutEntry>();

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): OutEntry | undefined {
    return this.#entries.get(key);
  }

  entryOf(_destination: Destination, key: string): OutEntry | undefined {
    return this.#entries.get(key);
  }

  set(_destination: Destination, key: string, entry: OutEntry | undefined): void {
    if (entry === undefined) this.#entries.delete(key);
    else this.#entries.set(key, entry);
  }

  entries(): IterableIterator<[string, OutEntry]> {
    return this.#entries.entries();
  }

  clear(release: (entry: OutEntry) => void): void {
    for (const entry of this.#entries.values()) release(entry);
    this.#entries.clear();
  }
}

/**
 * Entries in the Loc-RIB's destinations. A destination leaves the Loc-RIB only after the groups were
 * told it has no best path, so every entry held is reachable through `LocRib.get`.
 */
export class DestinationSlots implements AdjRibOut {
  readonly #locRib: LocRib;
  readonly #slot: number;
  readonly #afi: number;
  #size = 0;

  constructor(locRib: LocRib, slot: number, afi: number) {
    this.#locRib = locRib;
    this.#slot = slot;
    this.#afi = afi;
  }

  get slot(): number {
    return this.#slot;
  }

  get size(): number {
    return this.#size;
  }

  get(key: string): OutEntry | undefined {
    return this.#locRib.get(key)?.outEntry(this.#slot);
  }

  entryOf(destination: Destination, _key: string): OutEntry | undefined {
    return destination.outEntry(this.#slot);
  }

  set(destination: Destination, _key: string, entry: OutEntry | undefined): void {
    const had = destination.outEntry(this.#slot) !== undefined;
    destination.setOutEntry(this.#slot, entry);
    this.#size += (entry !== undefined ? 1 : 0) - (had ? 1 : 0);
  }

  *entries(): IterableIterator<[string, OutEntry]> {
    if (this.#size === 0) return;
    for (const destination of this.#locRib.destinations()) {
      if (destination.afi !== this.#afi) continue;
      const entry = destination.outEntry(this.#slot);
      if (entry !== undefined) yield [destination.key, entry];
    }
  }

  clear(release: (entry: OutEntry) => void): void {
    if (this.#size > 0) {
      for (const destination of this.#locRib.destinations()) {
        if (destination.afi !== this.#afi) continue;
        const entry = destination.outEntry(this.#slot);
        if (entry === undefined) continue;
        release(entry);
        destination.setOutEntry(this.#slot, undefined);
      }
    }
    this.#size = 0;
  }
}
