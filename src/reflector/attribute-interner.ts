/**
 * Interned attribute sets (BIRD's `rta` cache, holo's `AttrSetsCxt`): one shared object per distinct
 * set of path attributes plus MP next hop, so routes compare attributes by reference and a table of
 * many routes with few distinct sets stays small. Sets are reference counted and forgotten when the
 * last route using them goes.
 *
 * The key is the canonical encoding from the codec (`attributeSetKey`), followed by the MP_REACH next
 * hop when there is one (RFC 4760 §3: the next hop of non-IPv4 families lives outside the attributes).
 */
import { attributeSetKey } from '../bgp/codec/attribute-set-key.js';
import type { PathAttributes } from '../bgp/codec/messages.js';

export interface AttributeSet {
  readonly key: string;
  readonly attributes: PathAttributes;
  /** The MP_REACH_NLRI next hop (16 or 32 octets for IPv6); undefined for IPv4 unicast (NEXT_HOP attribute). */
  readonly mpNextHop: Uint8Array | undefined;
}

interface Entry {
  readonly set: AttributeSet;
  refs: number;
}

export class AttributeInterner {
  readonly #sets = new Map<string, Entry>();

  /** The shared set equal to these attributes, taking one reference on it. */
  acquire(attributes: PathAttributes, mpNextHop?: Uint8Array): AttributeSet {
    let key = attributeSetKey(attributes);
    if (mpNextHop !== undefined) key += '\u0000' + String.fromCharCode(...mpNextHop);
    let entry = this.#sets.get(key);
    if (entry === undefined) {
      entry = { set: { key, attributes, mpNextHop }, refs: 0 };
      this.#sets.set(key, entry);
    }
    entry.refs++;
    return entry.set;
  }

  /**
   * Takes another reference on a set this interner returned earlier and returns the shared set with
   * that key: the same object while it is held, reinstated if it was forgotten meanwhile, or the
   * newer equal set if one took its place. Lets caches keep sets without holding references.
   */
  retain(set: AttributeSet): AttributeSet {
    let entry = this.#sets.get(set.key);
    if (entry === undefined) {
      entry = { set, refs: 0 };
      this.#sets.set(set.key, entry);
    }
    entry.refs++;
    return entry.set;
  }

  /** Drops one reference; the set is forgotten when none remain. */
  release(set: AttributeSet): void {
    const entry = this.#sets.get(set.key);
    if (entry === undefined || entry.set !== set)
      throw new Error('release of an attribute set this interner does not hold');
    if (--entry.refs === 0) this.#sets.delete(set.key);
  }

  /** Distinct sets currently held. */
  get size(): number {
    return this.#sets.size;
  }

  /** References held on `set` (0 when it is not interned here). */
  references(set: AttributeSet): number {
    const entry = this.#sets.get(set.key);
    return entry !== undefined && entry.set === set ? entry.refs : 0;
  }
}
