import { parseAsPath, type BirdAsPath } from './as-path.js';

/** One attribute line of `show route all`: `\t<PROTO>.<name>: <value>`, continuation lines joined. */
export interface BirdRouteAttribute {
  /** `BGP`, `Kernel`, `OSPF`, …; undefined for attributes printed without a protocol prefix. */
  readonly protocol: string | undefined;
  readonly name: string;
  readonly value: string;
}

export type BgpOrigin = 'IGP' | 'EGP' | 'Incomplete';

export interface BgpAggregator {
  readonly address: string;
  readonly as: number;
}

/** `(rt, 65000, 1)` → `{ kind: 'rt', values: ['65000', '1'] }`; `(generic, 0x…, 0x…)` likewise. */
export interface BirdExtCommunity {
  readonly kind: string;
  readonly values: readonly string[];
}

/**
 * The `BGP.*` attributes of one route, typed. Attributes BIRD printed that are not known here (newer
 * ones such as `otc`, or unknown codes printed in hex) are kept in `other` with their text.
 */
export interface BirdBgpAttributes {
  origin?: BgpOrigin;
  asPath?: BirdAsPath;
  /** One address, or 2.x's global and link-local IPv6 pair. */
  nextHop?: string[];
  med?: number;
  localPref?: number;
  atomicAggregate: boolean;
  aggregator?: BgpAggregator;
  communities?: Array<readonly [number, number]>;
  extCommunities?: BirdExtCommunity[];
  largeCommunities?: Array<readonly [number, number, number]>;
  originatorId?: string;
  /** Cluster IDs most recent first, as BIRD prints them (each reflector prepends its own). */
  clusterList?: string[];
  as4Path?: BirdAsPath;
  as4Aggregator?: BgpAggregator;
  other: Array<{ readonly name: string; readonly value: string }>;
}

/** Builds the typed view of a route's `BGP.*` attribute lines (other protocols' lines are ignored). */
export function parseBgpAttributes(attributes: readonly BirdRouteAttribute[]): BirdBgpAttributes {
  const bgp: BirdBgpAttributes = { atomicAggregate: false, other: [] };
  for (const { protocol, name, value } of attributes) {
    if (protocol !== 'BGP') continue;
    switch (name) {
      case 'origin':
        bgp.origin = parseOrigin(value);
        break;
      case 'as_path':
        bgp.asPath = parseAsPath(value);
        break;
      case 'next_hop':
        bgp.nextHop = value.trim().split(/\s+/).filter(Boolean);
        break;
      case 'med':
        bgp.med = parseInteger(name, value);
        break;
      case 'local_pref':
        bgp.localPref = parseInteger(name, value);
        break;
      case 'atomic_aggr':
        bgp.atomicAggregate = true;
        break;
      case 'aggregator':
        bgp.aggregator = parseAggregator(name, value);
        break;
      case 'as4_aggregator':
        bgp.as4Aggregator = parseAggregator(name, value);
        break;
      case 'community':
        bgp.communities = parseTuples(name, value).map((tuple) => pair(name, tuple));
        break;
      case 'ext_community':
        bgp.extCommunities = parseTuples(name, value).map(([kind = '', ...values]) => ({ kind, values }));
        break;
      case 'large_community':
        bgp.largeCommunities = parseTuples(name, value).map((tuple) => triple(name, tuple));
        break;
      case 'originator_id':
        bgp.originatorId = value.trim();
        break;
      case 'cluster_list':
        bgp.clusterList = value.trim().split(/\s+/).filter(Boolean);
        break;
      case 'as4_path':
        bgp.as4Path = parseAsPath(value);
        break;
      default:
        bgp.other.push({ name, value });
    }
  }
  return bgp;
}

function parseOrigin(value: string): BgpOrigin {
  const origin = value.trim();
  if (origin === 'IGP' || origin === 'EGP' || origin === 'Incomplete') return origin;
  throw new Error(`unknown BGP.origin ${JSON.stringify(value)}`);
}

function parseInteger(name: string, value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new Error(`BGP.${name} is not a number: ${JSON.stringify(value)}`);
  return Number(value.trim());
}

function parseAggregator(name: string, value: string): BgpAggregator {
  const match = /^(\S+) AS(\d+)$/.exec(value.trim());
  if (!match) throw new Error(`unexpected BGP.${name} ${JSON.stringify(value)}`);
  return { address: match[1] ?? '', as: Number(match[2]) };
}

/** Splits `(a, b) (c,d)` into `[['a','b'], ['c','d']]`, insisting that nothing else is in the text. */
function parseTuples(name: string, value: string): string[][] {
  const tuples: string[][] = [];
  const rest = value.replace(/\(([^()]*)\)/g, (_whole, inner: string) => {
    tuples.push(inner.split(',').map((part) => part.trim()));
    return '';
  });
  if (rest.trim() !== '') throw new Error(`unexpected text in BGP.${name}: ${JSON.stringify(value)}`);
  return tuples;
}

function pair(name: string, tuple: readonly string[]): readonly [number, number] {
  const [a, b] = numbers(name, tuple, 2);
  return [a ?? 0, b ?? 0];
}

function triple(name: string, tuple: readonly string[]): readonly [number, number, number] {
  const [a, b, c] = numbers(name, tuple, 3);
  return [a ?? 0, b ?? 0, c ?? 0];
}

function numbers(name: string, tuple: readonly string[], count: number): number[] {
  if (tuple.length !== count || tuple.some((part) => !/^\d+$/.test(part))) {
    throw new Error(`unexpected BGP.${name} member (${tuple.join(', ')})`);
  }
  return tuple.map(Number);
}
