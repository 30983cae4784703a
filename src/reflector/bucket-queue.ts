/**
 * Outgoing changes of one update group, grouped by their exact export attribute set (BIRD's buckets
 * and prefix table in `proto/bgp/attrs.c`). A path is in at most one bucket: a newer state moves it,
 * so only the latest state goes out; withdrawals have a bucket of their own.
 *
 * One map entry per queued key, in the order of its latest placement, plus a count per set: the
 * buckets themselves are only materialised when read (once per flush), so queueing a change costs a
 * few map operations and no per-key set membership. Buckets come in the order they were (re)filled
 * from empty, keys within a bucket in the order they were placed, as with a set per bucket.
 */
import type { AttributeSet } from './attribute-interner.js';

export class BucketQueue<Key> {
  /** Where each queued key is: its attribute set, or null for the withdrawal bucket. */
  readonly #placement = new Map<Key, AttributeSet | null>();
  /** Keys per non-empty bucket, in the order the buckets were filled from empty. */
  readonly #counts = new Map<AttributeSet, number>();

  /** Queues `key` for announcement with `set`, or for withdrawal when `set` is undefined, leaving any older state. */
  place(key: Key, set: AttributeSet | undefined): void {
    this.remove(key);
    if (set === undefined) {
      this.#placement.set(key, null);
      return;
    }
    this.#counts.set(set, (this.#counts.get(set) ?? 0) + 1);
    this.#placement.set(key, set);
  }

  /** Forgets a queued key (its latest state equals what the peers already have). */
  remove(key: Key): void {
    const placed = this.#placement.get(key);
    if (placed === undefined) return;
    this.#placement.delete(key);
    if (placed === null) return;
    const count = (this.#counts.get(placed) ?? 1) - 1;
    // An emptied bucket goes at once, so a set nobody uses any more is not kept alive here.
    if (count === 0) this.#counts.delete(placed);
    else this.#counts.set(placed, count);
  }

  has(key: Key): boolean {
    return this.#placement.has(key);
  }

  /** Non-empty announcement buckets in the order they were first filled. */
  buckets(): IterableIterator<[AttributeSet, readonly Key[]]> {
    const buckets = new Map<AttributeSet, Key[]>();
    for (const set of this.#counts.keys()) buckets.set(set, []);
    for (const [key, set] of this.#placement) if (set !== null) buckets.get(set)?.push(key);
    return buckets.entries();
  }

  withdrawals(): readonly Key[] {
    const keys: Key[] = [];
    for (const [key, set] of this.#placement) if (set === null) keys.push(key);
    return keys;
  }

  get size(): number {
    return this.#placement.size;
  }

  clear(): void {
    this.#placement.clear();
    this.#counts.clear();
  }
}
