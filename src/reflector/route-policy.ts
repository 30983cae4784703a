/**
 * Import and export policy as a Calico node's BIRD applies it to a BGP-learned route, so the
 * reflector passes on exactly what a calico/node reflector with the same resources would.
 *
 * Import (the peer's `import filter`): each BGPFilter's import rules in the peer's order, the first
 * rule whose conditions all hold deciding; a filter where none holds falls through to the next;
 * after the last, accept.
 *
 * Export (the peer's `export filter`): the BGPFilters' export rules the same way, then confd's
 * `calico_export_to_bgp_peers`: a route inside a pool with BGP export disabled is rejected; the
 * node's own blocks go out whole and nothing inside them does (`calico_aggr`); a route inside an
 * advertised service range, a range a reflector passes on, or a pool is accepted; anything else is
 * rejected. A reflector therefore drops a route outside every pool, as Calico's does.
 *
 * Rule conditions read as BIRD reads them for a BGP route: `source: RemotePeers` always holds;
 * `interface` never does (the reflector has no kernel route to resolve a next hop's interface on);
 * `priority` is LOCAL_PREF = 2^31-1 - priority. Rule operations (add community, prepend AS path,
 * set priority) are not applied: `unappliedRuleParts` names them so the daemon can say so.
 *
 * The rules are Calico's BGPFilter rules as the intent carries them; `src/calico` is imported for
 * its types only.
 */
import type { PathAttributes } from '../bgp/codec/messages.js';
import type { BgpFilterRule, ExportPrefixes } from '../calico/index.js';
import type { PrefixKey } from './prefix-key.js';
import { makeCidr, parseCidr, parseIp, type Cidr } from '../net/index.js';

/** A BGPFilter rule as Calico's model holds it (a type only: the reflector container has no src/calico). */
export type PolicyRule = BgpFilterRule;

/** The rules of each BGPFilter of a peer, in the peer's order, for one direction and family. */
export type PolicyFilters = readonly (readonly PolicyRule[])[];

/** The peer's BGPFilter export rules, then the prefixes Calico's export filter decides on. */
export interface ExportPolicy extends ExportPrefixes {
  readonly filters: PolicyFilters;
}

const BIRD_INT_MAX = 2147483647;

interface ParsedPrefix {
  readonly afi: number;
  readonly length: number;
  readonly octets: Uint8Array;
}

const parsed = new Map<string, ParsedPrefix>();

/** Text that is no prefix (Calico validates every one first) matches no route. */
const NO_PREFIX: ParsedPrefix = { afi: 0, length: 0, octets: new Uint8Array(0) };

/** `10.0.0.0/8` or `fd00::/8` (an address alone is a host prefix) as AFI, length and octets. */
function parsePrefix(text: string): ParsedPrefix {
  const cached = parsed.get(text);
  if (cached) return cached;
  let cidr: Cidr | undefined;
  if (text.includes('/')) cidr = parseCidr(text);
  else {
    const address = parseIp(text);
    cidr = address && makeCidr(address, address.bytes.length * 8);
  }
  const prefix =
    cidr === undefined
      ? NO_PREFIX
      : { afi: cidr.family === 4 ? 1 : 2, length: cidr.prefixLength, octets: cidr.network.bytes };
  parsed.set(text, prefix);
  return prefix;
}

function keyOctet(key: PrefixKey, i: number): number {
  return 2 + i < key.length ? key.charCodeAt(2 + i) : 0;
}

/** BIRD's `net ~ cidr`: the route's prefix is the range or inside it. */
function within(key: PrefixKey, range: ParsedPrefix): boolean {
  if (key.charCodeAt(0) !== range.afi || key.charCodeAt(1) < range.length) return false;
  const whole = range.length >>> 3;
  for (let i = 0; i < whole; i++) if (keyOctet(key, i) !== range.octets[i]) return false;
  const bits = range.length & 7;
  if (bits === 0) return true;
  const mask = (0xff << (8 - bits)) & 0xff;
  return (keyOctet(key, whole) & mask) === ((range.octets[whole] ?? 0) & mask);
}

function equals(key: PrefixKey, range: ParsedPrefix): boolean {
  return key.charCodeAt(1) === range.length && within(key, range);
}

function cidrHolds(rule: PolicyRule, key: PrefixKey): boolean {
  if (rule.cidr === undefined || rule.matchOperator === undefined) return true;
  const range = parsePrefix(rule.cidr);
  if (rule.prefixLength) {
    // `net ~ [ cidr{min,max} ]`: inside the range with a length between min and max.
    const length = key.charCodeAt(1);
    const maxBits = range.afi === 2 ? 128 : 32;
    const min = Math.max(range.length, rule.prefixLength.min ?? range.length);
    const max = Math.min(maxBits, rule.prefixLength.max ?? maxBits);
    const inside = within(key, range) && length >= min && length <= max;
    return rule.matchOperator === 'NotIn' || rule.matchOperator === 'NotEqual' ? !inside : inside;
  }
  switch (rule.matchOperator) {
    case 'Equal':
      return equals(key, range);
    case 'NotEqual':
      return !equals(key, range);
    case 'In':
      return within(key, range);
    case 'NotIn':
      return !within(key, range);
  }
}

function communityHolds(value: string, attributes: PathAttributes): boolean {
  const parts = value.split(':').map(Number);
  if (parts.length === 3) {
    return (attributes.largeCommunities ?? []).some(
      (c) => c.globalAdmin === parts[0] && c.localData1 === parts[1] && c.localData2 === parts[2],
    );
  }
  const wanted = (((parts[0] ?? 0) << 16) | (parts[1] ?? 0)) >>> 0;
  return (attributes.communities ?? []).includes(wanted);
}

function asPathStartsWith(prefix: readonly number[], attributes: PathAttributes): boolean {
  const path = (attributes.asPath ?? []).flatMap((segment) => segment.asns);
  return prefix.every((asn, i) => path[i] === asn);
}

function ruleHolds(rule: PolicyRule, key: PrefixKey, attributes: PathAttributes, internal: boolean): boolean {
  if (rule.peerType === 'iBGP' && !internal) return false;
  if (rule.peerType === 'eBGP' && internal) return false;
  if (rule.interface !== undefined) return false;
  if (!cidrHolds(rule, key)) return false;
  const [community] = rule.communities ?? [];
  if (community !== undefined && !communityHolds(community, attributes)) return false;
  if (rule.asPathPrefix && rule.asPathPrefix.length > 0 && !asPathStartsWith(rule.asPathPrefix, attributes))
    return false;
  if (rule.priority !== undefined && attributes.localPref !== BIRD_INT_MAX - rule.priority) return false;
  return true;
}

/** The first filter verdict for the route, or undefined when every filter falls through. */
function filtersVerdict(
  filters: PolicyFilters,
  key: PrefixKey,
  attributes: PathAttributes,
  internal: boolean,
): boolean | undefined {
  for (const rules of filters) {
    for (const rule of rules) {
      if (ruleHolds(rule, key, attributes, internal)) return rule.action === 'Accept';
    }
  }
  return undefined;
}

/** An explicit `export all` (BIRD's), for external peers meant to get every route. */
export const EXPORT_ALL: ExportPolicy = {
  filters: [],
  rejected: [],
  ownBlocks: [],
  accepted: ['0.0.0.0/0', '::/0'],
};

/**
 * The peer's import filter: false when the route is filtered out on arrival. With no policy
 * configured, an internal peer's routes are accepted and an external peer's are not (RFC 8212 §3,
 * BIRD 2's eBGP default `import none`).
 */
export function importAllowed(
  filters: PolicyFilters | undefined,
  key: PrefixKey,
  attributes: PathAttributes,
  internal: boolean,
): boolean {
  if (filters === undefined) return internal;
  return filtersVerdict(filters, key, attributes, internal) ?? true;
}

/**
 * The peer's export filter: true when the route may be advertised to the peer. With no policy
 * configured, everything goes to an internal peer and nothing to an external one (RFC 8212 §3, BIRD
 * 2's eBGP default `export none`).
 */
export function exportAllowed(
  policy: ExportPolicy | undefined,
  key: PrefixKey,
  attributes: PathAttributes,
  internal: boolean,
): boolean {
  if (policy === undefined) return internal;
  const verdict = filtersVerdict(policy.filters, key, attributes, internal);
  if (verdict !== undefined) return verdict;
  if (policy.rejected.some((cidr) => within(key, parsePrefix(cidr)))) return false;
  for (const block of policy.ownBlocks) {
    const range = parsePrefix(block);
    if (equals(key, range)) return true;
    if (within(key, range)) return false;
  }
  return policy.accepted.some((cidr) => within(key, parsePrefix(cidr)));
}

/** What of the rules the reflector does not apply, worded for a log line. */
export function unappliedRuleParts(filters: PolicyFilters): string[] {
  const parts = new Set<string>();
  for (const rules of filters) {
    for (const rule of rules) {
      if (rule.operations.length > 0)
        parts.add('rule operations (add community, prepend AS path, set priority)');
      if (rule.interface !== undefined) parts.add(`interface conditions (never true for a reflected route)`);
    }
  }
  return [...parts];
}

/** A stable text for a policy, so peers with equal policies share an update group. */
export function exportPolicyKey(policy: ExportPolicy | undefined): string {
  return policy === undefined ? 'export-all' : JSON.stringify(policy);
}
