/**
 * Update groups (FRR `bgp_updgrp.c`) with BIRD-style buckets: peers whose outbound treatment is the
 * same share one Adj-RIB-Out and one encoding of every change.
 *
 * The group keeps, per outgoing path, the latest export state (its Adj-RIB-Out, `ribOut`) and, for
 * paths with a change not yet sent, the state the members have (`#wire`). Changes wait in a `BucketQueue` keyed by
 * the exact exported attribute set; `flush` encodes each bucket once and hands the same bytes to every
 * member.
 *
 * A route never goes back to the peer it came from (RFC 4456 §6, RFC 4271 §9.2), yet that peer is
 * often a member of the group the route is exported to. Rather than keep a per-peer Adj-RIB-Out, each
 * entry remembers its source peer and every member's view is "the group's entries minus the ones it
 * sourced". At flush, a bucket's prefixes are split by source (in practice one split per bucket, as a
 * source's routes share attributes: NEXT_HOP and ORIGINATOR_ID are the source's); each split is
 * encoded once and sent to all members except its source. When a member becomes the source of a path
 * it had received from someone else, it alone gets a withdrawal for it.
 */
import { packAnnouncements, packWithdrawals } from '../bgp/codec/update-packer.js';
import type { CodecContext, FamilyKey, Nlri } from '../bgp/codec/messages.js';
import type { ReflectorAction } from './actions.js';
import type { AdjRibOut, OutEntry } from './adj-rib-out.js';
import type { AttributeInterner, AttributeSet } from './attribute-interner.js';
import { BucketQueue } from './bucket-queue.js';
import type { Destination } from './loc-rib.js';
import { KeyedPrefix, pathKey, withPathId, type PrefixKey } from './prefix-key.js';
import { exportRoute, type LocalIdentity, type TargetPolicy } from './reflection.js';
import type { Route, SourcePeer } from './route.js';
import { exportAllowed, exportPolicyKey, type ExportPolicy } from './route-policy.js';

/** Everything that decides how a route is exported to a peer and how the UPDATE is encoded. */
export interface GroupPolicy {
  readonly family: FamilyKey;
  readonly internal: boolean;
  readonly rrClient: boolean;
  /** Our address on the session; only matters toward external peers (NEXT_HOP self). */
  readonly localAddress: Uint8Array | undefined;
  /** RFC 7911: we send Path Identifiers (and all eligible paths) for this family. */
  readonly addPathSend: boolean;
  readonly fourOctetAs: boolean;
  readonly extendedMessage: boolean;
  readonly clusterId: number;
  /** Set when groups are not shared: the one peer the group is for (the per-peer baseline). */
  readonly soloPeer?: string;
  /** What the members' export filter lets out; absent: every route reflection allows. */
  readonly exportPolicy?: ExportPolicy;
  /** Calico's `nextHopMode` toward the members (default Auto). */
  readonly nextHopMode?: 'Auto' | 'Self' | 'Keep';
}

export function groupKey(policy: GroupPolicy): string {
  const nextHopMode = policy.nextHopMode ?? 'Auto';
  // Our address goes into NEXT_HOP toward external peers, and toward internal ones with `Self`.
  const usesAddress = policy.internal ? nextHopMode === 'Self' : nextHopMode !== 'Keep';
  const address = !usesAddress || policy.localAddress === undefined ? '' : policy.localAddress.join('.');
  return [
    policy.family,
    policy.internal ? 'ibgp' : 'ebgp',
    policy.internal && policy.rrClient ? 'client' : 'non-client',
    policy.addPathSend ? 'add-path' : 'single-path',
    policy.fourOctetAs ? 'as4' : 'as2',
    policy.extendedMessage ? 'ext' : 'std',
    policy.clusterId,
    address,
    policy.soloPeer ?? '',
    nextHopMode,
    exportPolicyKey(policy.exportPolicy),
  ].join('|');
}

/** The NLRI a path key (`pathKey`) stands for. */
export function nlriOfPathKey(key: string): Nlri {
  const prefixLength = 2 + ((key.charCodeAt(1) + 7) >>> 3);
  if (key.length === prefixLength) return new KeyedPrefix(key);
  return withPathId(new KeyedPrefix(key.slice(0, prefixLength)), Number(key.slice(prefixLength + 1)));
}

const sameEntry = (a: OutEntry | undefined, b: OutEntry | undefined): boolean =>
  a === b || (a !== undefined && b !== undefined && a.set === b.set && a.source === b.source);

/** Bytes and messages produced by one group, for benchmarks and the API. */
export interface GroupCounters {
  encodedMessages: number;
  encodedBytes: number;
}

export class UpdateGroup {
  readonly key: string;
  readonly policy: GroupPolicy;
  readonly context: CodecContext;
  readonly counters: GroupCounters = { encodedMessages: 0, encodedBytes: 0 };
  readonly #members = new Set<string>();
  readonly #interner: AttributeInterner;
  readonly #local: LocalIdentity;
  readonly #target: TargetPolicy;
  readonly #afi: number;
  readonly #safi: number;
  readonly ribOut: AdjRibOut;
  /** For paths with a queued change: what the members have now (undefined: nothing). */
  readonly #wire = new Map<string, OutEntry | undefined>();
  readonly #queue = new BucketQueue<string>();
  /** ADD-PATH groups: the Path Identifiers currently exported per prefix. */
  readonly #pathIds = new Map<PrefixKey, number[]>();
  /**
   * Export results per (received attribute set, source peer): routes from one peer mostly share one
   * set, so reflection runs once per set, not once per prefix. Weak, so it never keeps a set alive.
   */
  readonly #exportCache = new WeakMap<AttributeSet, Map<SourcePeer, OutEntry | null>>();

  /** `ribOut` holds the group's Adj-RIB-Out: `DestinationSlots` unless the group sends ADD-PATH. */
  constructor(policy: GroupPolicy, interner: AttributeInterner, local: LocalIdentity, ribOut: AdjRibOut) {
    this.key = groupKey(policy);
    this.ribOut = ribOut;
    this.policy = policy;
    this.#interner = interner;
    this.#local = local;
    this.#target = {
      internal: policy.internal,
      rrClient: policy.rrClient,
      localAddress: policy.localAddress,
      ...(policy.nextHopMode !== undefined ? { nextHopMode: policy.nextHopMode } : {}),
    };
    this.#afi = policy.family >>> 8;
    this.#safi = policy.family & 0xff;
    this.context = {
      fourOctetAs: policy.fourOctetAs,
      addPathReceive: new Set(),
      addPathSend: policy.addPathSend ? new Set([policy.family]) : new Set(),
      extendedMessage: policy.extendedMessage,
      peerType: policy.internal ? 'internal' : 'external',
    };
  }

  join(peer: string): void {
    this.#members.add(peer);
  }

  leave(peer: string): void {
    this.#members.delete(peer);
  }

  get memberCount(): number {
    return this.#members.size;
  }

  members(): IterableIterator<string> {
    return this.#members.values();
  }

  /** Paths in the group's Adj-RIB-Out (latest state). */
  get size(): number {
    return this.ribOut.size;
  }

  /** Changes queued and not yet flushed. */
  get pending(): number {
    return this.#queue.size;
  }

  /**
   * The export entry for a route, with one reference taken on its set; undefined when the route is
   * not exported. The entry object is shared by every path with the same set and source.
   */
  #entryFor(route: Route): OutEntry | undefined {
    let bySource = this.#exportCache.get(route.attributes);
    if (bySource === undefined) {
      bySource = new Map();
      this.#exportCache.set(route.attributes, bySource);
    }
    const cached = bySource.get(route.source);
    if (cached === null) return undefined;
    if (cached !== undefined) {
      const set = this.#interner.retain(cached.set);
      if (set === cached.set) return cached;
      const entry: OutEntry = { set, source: route.source.address };
      bySource.set(route.source, entry);
      return entry;
    }
    const decision = exportRoute(route.attributes, route.source, this.#target, this.#local);
    if (decision.kind === 'reject') {
      bySource.set(route.source, null);
      return undefined;
    }
    const set = this.#interner.acquire(decision.attributes, decision.mpNextHop);
    const entry: OutEntry = { set, source: route.source.address };
    bySource.set(route.source, entry);
    return entry;
  }

  /** Records the latest state of one outgoing path and queues the change if the members lack it. */
  #setEntry(destination: Destination, key: string, next: OutEntry | undefined): void {
    const current = this.ribOut.entryOf(destination, key);
    if (sameEntry(current, next)) {
      if (next !== undefined) this.#interner.release(next.set);
      return;
    }
    // The first change since the last flush moves the current entry (and its reference) to #wire.
    if (!this.#wire.has(key)) this.#wire.set(key, current);
    else if (current !== undefined) this.#interner.release(current.set);
    this.ribOut.set(destination, key, next);
    const onWire = this.#wire.get(key);
    if (sameEntry(onWire, next)) {
      // Back to what the members have: nothing to send.
      this.#queue.remove(key);
      this.#wire.delete(key);
      if (onWire !== undefined) this.#interner.release(onWire.set);
    } else {
      this.#queue.place(key, next?.set);
    }
  }

  /**
   * Brings the group's paths for one prefix in line with the Loc-RIB: the best path (RFC 4271 §9.1.3),
   * or with ADD-PATH every eligible path under its local Path Identifier (RFC 7911 §5).
   */
  update(destination: Destination): void {
    if (!this.policy.addPathSend) {
      const best = destination.best?.route;
      const entry =
        best === undefined || !this.#policyAllows(destination, best) ? undefined : this.#entryFor(best);
      this.#setEntry(destination, destination.key, entry);
      return;
    }
    const previous = this.#pathIds.get(destination.key) ?? [];
    const current: number[] = [];
    for (const route of destination.candidates) {
      if (route.ineligible !== undefined) continue;
      const entry = this.#policyAllows(destination, route) ? this.#entryFor(route) : undefined;
      this.#setEntry(destination, pathKey(destination.key, route.localPathId), entry);
      if (entry !== undefined) current.push(route.localPathId);
    }
    for (const pathId of previous) {
      if (!current.includes(pathId)) this.#setEntry(destination, pathKey(destination.key, pathId), undefined);
    }
    if (current.length > 0) this.#pathIds.set(destination.key, current);
    else this.#pathIds.delete(destination.key);
  }

  /** The members' export filter; decided per prefix, so it stays out of the per-attribute-set cache. */
  #policyAllows(destination: Destination, route: Route): boolean {
    return exportAllowed(
      this.policy.exportPolicy,
      destination.key,
      route.attributes.attributes,
      this.policy.internal,
    );
  }

  /** Members other than `excluded` (a member that sourced the paths); shares the member order. */
  #recipients(excluded: string): string[] {
    const peers: string[] = [];
    for (const member of this.#members) if (member !== excluded) peers.push(member);
    return peers;
  }

  #count(messages: readonly Uint8Array[]): void {
    this.counters.encodedMessages += messages.length;
    for (const message of messages) this.counters.encodedBytes += message.length;
  }

  #withdrawMessages(nlri: readonly Nlri[]): Uint8Array[] {
    const messages = packWithdrawals(this.#afi, this.#safi, nlri, this.context);
    this.#count(messages);
    return messages;
  }

  /**
   * Announcements for one attribute set. An attribute set too large to leave room for a prefix in a
   * message cannot be sent; like BIRD, the prefixes are withdrawn instead and the fact logged.
   */
  #announceMessages(set: AttributeSet, nlri: readonly Nlri[], actions: ReflectorAction[]): Uint8Array[] {
    try {
      const messages = packAnnouncements(
        {
          afi: this.#afi,
          safi: this.#safi,
          attributes: set.attributes,
          nlri,
          ...(set.mpNextHop ? { nextHop: set.mpNextHop } : {}),
        },
        this.context,
      );
      this.#count(messages);
      return messages;
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      actions.push({
        type: 'log',
        text: `attribute set too large for an UPDATE: withdrawing ${nlri.length} prefixes`,
      });
      return this.#withdrawMessages(nlri);
    }
  }

  /** Encodes every queued change once per (bucket, source split) and returns the sends. */
  flush(): ReflectorAction[] {
    const actions: ReflectorAction[] = [];
    if (this.#queue.size === 0) return actions;
    const isMember = (peer: string): boolean => this.#members.has(peer);
    // Encoding waits until there is someone to send to (a group of one whose member sourced the
    // change has nobody).
    const send = (excluded: string, encode: () => Uint8Array[]): void => {
      const peers = this.#recipients(excluded);
      if (peers.length === 0) return;
      const messages = encode();
      if (messages.length > 0) actions.push({ type: 'send', peers, messages });
    };

    // Withdrawals first (BIRD `bgp_create_update`). The source of what the members have never had it.
    const withdrawals = new Map<string, Nlri[]>();
    for (const key of this.#queue.withdrawals()) {
      const onWire = this.#wire.get(key);
      if (onWire === undefined) continue;
      const excluded = isMember(onWire.source) ? onWire.source : '';
      push(withdrawals, excluded, nlriOfPathKey(key));
    }
    for (const [excluded, nlri] of withdrawals) send(excluded, () => this.#withdrawMessages(nlri));

    const ownWithdrawals = new Map<string, Nlri[]>();
    for (const [set, keys] of this.#queue.buckets()) {
      const splits = new Map<string, Nlri[]>();
      for (const key of keys) {
        const entry = this.ribOut.get(key) as OutEntry;
        const excluded = isMember(entry.source) ? entry.source : '';
        const nlri = nlriOfPathKey(key);
        push(splits, excluded, nlri);
        // A member that now sources a path it had from another peer must drop the old one.
        const onWire = this.#wire.get(key);
        if (excluded !== '' && onWire !== undefined && onWire.source !== entry.source) {
          push(ownWithdrawals, excluded, nlri);
        }
      }
      for (const [excluded, nlri] of splits) send(excluded, () => this.#announceMessages(set, nlri, actions));
    }
    for (const [peer, nlri] of ownWithdrawals) {
      const messages = this.#withdrawMessages(nlri);
      if (messages.length > 0) actions.push({ type: 'send', peers: [peer], messages });
    }

    for (const onWire of this.#wire.values()) if (onWire !== undefined) this.#interner.release(onWire.set);
    this.#wire.clear();
    this.#queue.clear();
    return actions;
  }

  /**
   * What `peer` should have from this group right now: the members' current state minus the paths
   * it sourced, encoded for it alone (the initial dump after it joins, RFC 4271 §9.1.3; or the answer
   * to a ROUTE-REFRESH, RFC 2918 §4).
   */
  dump(peer: string): Uint8Array[] {
    const bySet = new Map<AttributeSet, Nlri[]>();
    for (const [key, latest] of this.ribOut.entries()) {
      const entry = this.#wire.has(key) ? this.#wire.get(key) : latest;
      if (entry === undefined || entry.source === peer) continue;
      push(bySet, entry.set, nlriOfPathKey(key));
    }
    // Paths withdrawn since the last flush are still with the members until then.
    for (const [key, onWire] of this.#wire) {
      if (onWire === undefined || this.ribOut.get(key) !== undefined || onWire.source === peer) continue;
      push(bySet, onWire.set, nlriOfPathKey(key));
    }
    const messages: Uint8Array[] = [];
    const ignored: ReflectorAction[] = [];
    for (const [set, nlri] of bySet) messages.push(...this.#announceMessages(set, nlri, ignored));
    return messages;
  }

  /** The path keys `peer` holds from this group: what it was sent and has not had withdrawn. */
  heldBy(peer: string): Set<string> {
    const keys = new Set<string>();
    for (const [key, latest] of this.ribOut.entries()) {
      const entry = this.#wire.has(key) ? this.#wire.get(key) : latest;
      if (entry !== undefined && entry.source !== peer) keys.add(key);
    }
    for (const [key, onWire] of this.#wire) if (onWire !== undefined && onWire.source !== peer) keys.add(key);
    return keys;
  }

  /** Releases every reference the group holds (the group is being dropped). */
  dispose(): void {
    this.ribOut.clear((entry) => this.#interner.release(entry.set));
    for (const onWire of this.#wire.values()) if (onWire !== undefined) this.#interner.release(onWire.set);
    this.#wire.clear();
    this.#queue.clear();
    this.#pathIds.clear();
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
