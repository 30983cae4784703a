/**
 * Outgoing changes of one update group, grouped by their exact export attribute set (BIRD's buckets
 * and prefix table in `proto/bgp/attrs.c`). A path is in at most one bucket: a newer state moves it,
 * so only the latest state goes out; withdrawals have a bucket of their own. Buckets are keyed by the
 * interned attribute set object, so grouping costs one map lookup.
 */
import type { AttributeSet } from './attribute-interner.js';

export class BucketQueue<Key> {
  /** Where each queued key is: its attribute set, or null for the withdrawal bucket. */
  readonly #placement = new Map<Key, AttributeSet | null>();
  readonly #buckets = new Map<AttributeSet, Set<Key>>();
  readonly #withdrawals = new Set<Key>();

  /** Queues `key` for announcement with `set`, or for withdrawal when `set` is undefined, leaving any older state. */
  place(key: Key, set: AttributeSet | undefined): void {
    this.remove(key);
    if (set === undefined) {
      this.#withdrawals.add(key);
      this.#placement.set(key, null);
      return;
    }
    let bucket = this.#buckets.get(set);
    if (bucket === undefined) {
      bucket = new Set();
      this.#buckets.set(set, bucket);
    }
    bucket.add(key);
    this.#placement.set(key, set);
  }

  /** Forgets a queued key (its latest state equals what the peers already have). */
  remove(key: Key): void {
    const placed = this.#placement.get(key);
    if (placed === undefined) return;
    this.#placement.delete(key);
    if (placed === null) {
      this.#withdrawals.delete(key);
      return;
    }
    const bucket = this.#buckets.get(placed);
    if (bucket === undefined) return;
    bucket.delete(key);
    // An emptied bucket goes at once, so a set nobody uses any more is not kept alive here.
    if (bucket.size === 0) this.#buckets.delete(placed);
  }

  has(key: Key): boolean {
    return this.#placement.has(key);
  }

  /** Non-empty announcement buckets in the order they were first filled. */
  buckets(): IterableIterator<[AttributeSet, ReadonlySet<Key>]> {
    return this.#buckets.entries();
  }

  withdrawals(): ReadonlySet<Key> {
    return this.#withdrawals;
  }

  get size(): number {
    return this.#placement.size;
  }

  clear(): void {
    this.#placement.clear();
    this.#buckets.clear();
    this.#withdrawals.clear();
  }
}
