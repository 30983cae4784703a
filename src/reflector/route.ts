/**
 * A route as the reflector holds it: one path for one prefix from one peer, shared by that peer's
 * Adj-RIB-In and the prefix's Loc-RIB entry (holo `rib.rs`: one `Route` per neighbour per destination).
 */
import type { AttributeSet } from './attribute-interner.js';

/** What the decision process and the reflection rules need to know about the peer a route came from. */
export interface SourcePeer {
  /** The peer's address as configured: its identity. */
  readonly address: string;
  /** The same address as 4 or 16 octets, for the RFC 4271 §9.1.2.2(g) tie-break. */
  readonly addressBytes: Uint8Array;
  /** The BGP Identifier from the peer's OPEN. */
  readonly bgpId: number;
  readonly asn: number;
  /** Same AS as ours (RFC 4271 §3: internal peer). */
  readonly internal: boolean;
  /** RFC 4456 §5: configured as a route reflection client. */
  readonly rrClient: boolean;
}

/** Why a route cannot be chosen (holo's `RouteIneligibleReason`). */
export type IneligibleReason =
  /** RFC 4271 §9.1.2: our AS in the AS_PATH. */
  | 'as-loop'
  /** RFC 4271 §9.1.2.1: the NEXT_HOP cannot be used (unspecified, multicast, ours, or unresolvable). */
  | 'unusable-next-hop'
  /** The peer's import filter rejected it (BIRD keeps such a route as "filtered"). */
  | 'filtered';

export interface Route {
  readonly source: SourcePeer;
  /** The ADD-PATH Path Identifier the peer sent (0 without ADD-PATH receive, RFC 7911 §3). */
  readonly receivedPathId: number;
  readonly attributes: AttributeSet;
  /** Our own Path Identifier for this path toward ADD-PATH receivers (RFC 7911 §2: locally assigned). */
  readonly localPathId: number;
  readonly ineligible: IneligibleReason | undefined;
  /** Kept from a restarting peer (RFC 4724 §4.2) or across a route refresh (RFC 7313 §4) until replaced. */
  stale: boolean;
}

const INELIGIBLE_REASONS: readonly (IneligibleReason | undefined)[] = [
  undefined,
  'as-loop',
  'unusable-next-hop',
  'filtered',
];
const STALE = 4;

/**
 * A route as the core stores it. `ineligible` and `stale` share one small-integer field: routes are
 * the reflector's most numerous objects (one per prefix and peer), and five fields keep each at 64
 * bytes where the plain object took 80.
 */
export class StoredRoute implements Route {
  readonly source: SourcePeer;
  readonly receivedPathId: number;
  readonly attributes: AttributeSet;
  readonly localPathId: number;
  /** Index into INELIGIBLE_REASONS, plus STALE. */
  #flags: number;

  constructor(
    source: SourcePeer,
    receivedPathId: number,
    attributes: AttributeSet,
    localPathId: number,
    ineligible: IneligibleReason | undefined,
  ) {
    this.source = source;
    this.receivedPathId = receivedPathId;
    this.attributes = attributes;
    this.localPathId = localPathId;
    this.#flags = INELIGIBLE_REASONS.indexOf(ineligible);
  }

  get ineligible(): IneligibleReason | undefined {
    return INELIGIBLE_REASONS[this.#flags & (STALE - 1)];
  }

  get stale(): boolean {
    return (this.#flags & STALE) !== 0;
  }

  set stale(stale: boolean) {
    this.#flags = stale ? this.#flags | STALE : this.#flags & ~STALE;
  }
}
