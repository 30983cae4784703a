/**
 * What a route from a peer becomes on the way into the Loc-RIB, as BIRD imports it: attributes
 * completed (LOCAL_PREF), and the reason, if any, the route is kept but never chosen (our AS in its
 * AS_PATH, an unusable NEXT_HOP, the peer's import filter). Such a route is kept rather than
 * dropped so the API can show it and why, as BIRD shows its "filtered" routes.
 *
 * Routes that loop through this cluster (RFC 4456 §8) are not kept at all: they are withdrawals.
 */
import {
  CeaseSubcode,
  NotificationCode,
  type FamilyKey,
  type NotificationMessage,
  type PathAttributes,
} from '../bgp/codec/messages.js';
import type { PeerConfig } from './config.js';
import { asPathLoops, clusterListLoops, originatorIdLoops } from './loop-prevention.js';
import { isUsableNextHop, type NextHopCheck } from './next-hop.js';
import type { PrefixKey } from './prefix-key.js';
import type { LocalIdentity } from './reflection.js';
import type { IneligibleReason } from './route.js';
import { importAllowed } from './route-policy.js';
import { ipv4FromNumber } from '../net/index.js';

/** One UPDATE's attribute set as imported from one peer: every prefix in it shares it. */
export interface ImportedAttributes {
  readonly attributes: PathAttributes;
  /** Why the route for this prefix is kept out of selection, if it is. */
  ineligible(key: PrefixKey): IneligibleReason | undefined;
}

/** RFC 4486 §4: Cease 6/1 data is AFI, SAFI and the prefix upper bound. */
function maxPrefixData(family: FamilyKey, limit: number): Uint8Array {
  return Uint8Array.of(
    family >>> 16,
    (family >>> 8) & 0xff,
    family & 0xff,
    limit >>> 24,
    (limit >>> 16) & 0xff,
    (limit >>> 8) & 0xff,
    limit & 0xff,
  );
}

export class ImportPolicy {
  readonly #local: LocalIdentity;
  readonly #defaultLocalPref: number;
  readonly #ownAddresses: readonly Uint8Array[];
  readonly #isNextHopReachable: NextHopCheck | undefined;

  constructor(
    local: LocalIdentity,
    defaultLocalPref: number,
    ownAddresses: readonly Uint8Array[],
    isNextHopReachable: NextHopCheck | undefined,
  ) {
    this.#local = local;
    this.#defaultLocalPref = defaultLocalPref;
    this.#ownAddresses = ownAddresses;
    this.#isNextHopReachable = isNextHopReachable;
  }

  /** RFC 4456 §8: the route has been through us already (handled as a withdrawal, BIRD's choice). */
  loops(attributes: PathAttributes): boolean {
    return (
      clusterListLoops(attributes, this.#local.clusterId) ||
      originatorIdLoops(attributes, this.#local.routerId)
    );
  }

  /** The attributes as stored, and what keeps each prefix's route out of selection. */
  imported(
    peer: PeerConfig,
    internal: boolean,
    received: PathAttributes,
    mpNextHop: Uint8Array | undefined,
  ): ImportedAttributes {
    const attributes = this.#completed(received, internal);
    const nextHop =
      mpNextHop ?? (attributes.nextHop === undefined ? undefined : ipv4FromNumber(attributes.nextHop).bytes);
    const ineligible = this.#ineligible(attributes, nextHop, peer.allowLocalAs ?? 0);
    const filters = peer.importFilters;
    return {
      attributes,
      ineligible: (key) =>
        ineligible ?? (importAllowed(filters, key, attributes, internal) ? undefined : 'filtered'),
    };
  }

  /**
   * RFC 4271 §6.7 / RFC 4486 §4: the Cease 6/1 (Maximum Number of Prefixes Reached) for a peer that
   * now holds more paths of the family than its limit; undefined while it is within it.
   */
  prefixLimitCease(peer: PeerConfig, family: FamilyKey, count: number): NotificationMessage | undefined {
    const limit = peer.maxPrefixes;
    if (limit === undefined || count <= limit) return undefined;
    return {
      type: 'notification',
      code: NotificationCode.Cease,
      subcode: CeaseSubcode.MaximumNumberOfPrefixesReached,
      data: maxPrefixData(family, limit),
    };
  }

  /** LOCAL_PREF filled in (RFC 4271 §5.1.5; BIRD `default local pref`). */
  #completed(attributes: PathAttributes, internal: boolean): PathAttributes {
    // From an internal peer a missing LOCAL_PREF gets the default (RFC 7606 §3(d) leaves it to the
    // receiver; BIRD and GoBGP fill 100). From an external peer LOCAL_PREF has no meaning (§5.1.5)
    // and is replaced by our default degree of preference (§9.1.1).
    if (internal && attributes.localPref !== undefined) return attributes;
    return { ...attributes, localPref: this.#defaultLocalPref };
  }

  #ineligible(
    attributes: PathAttributes,
    nextHop: Uint8Array | undefined,
    allowLocalAs: number,
  ): IneligibleReason | undefined {
    if (asPathLoops(attributes, this.#local.asn, allowLocalAs)) return 'as-loop';
    if (nextHop === undefined || !isUsableNextHop(nextHop, this.#ownAddresses, this.#isNextHopReachable)) {
      return 'unusable-next-hop';
    }
    return undefined;
  }
}
