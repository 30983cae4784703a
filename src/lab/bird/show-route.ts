import { parseBgpAttributes, type BirdBgpAttributes, type BirdRouteAttribute } from './bgp-attributes.js';
import { outputLines, type BirdOutput } from './reply.js';

export interface BirdNextHop {
  readonly gateway: string | undefined;
  readonly interface: string | undefined;
  readonly weight: number | undefined;
  /** Anything printed after the interface that is not a weight, e.g. `mpls 100`, `onlink`. */
  readonly flags: readonly string[];
}

/** `source cast scope` in 1.6 (`BGP unicast univ`), `source scope` in 2.x (`BGP univ`). */
export interface BirdRouteType {
  readonly source: string;
  readonly cast: string | undefined;
  readonly scope: string;
}

/** The `[AS65001i]` summary BIRD appends to BGP routes: the last AS of the path and the origin letter. */
export interface BirdRouteBgpSummary {
  readonly lastAs: number | undefined;
  readonly origin: 'i' | 'e' | '?';
}

export interface BirdRoute {
  /** 2.x `Table master4:` heading the route was listed under; undefined in 1.6. */
  readonly table: string | undefined;
  readonly prefix: string;
  /**
   * What BIRD does with matching packets. 1.6 prints `via …`, `dev …` or `multipath` and 2.x prints
   * `unicast`; all of them are `unicast` here with the gateways in `nextHops`.
   */
  readonly destination: 'unicast' | 'blackhole' | 'unreachable' | 'prohibited' | string;
  /** The destination text as printed (`via 198.51.100.1 on eth0`, `unicast`, `blackhole`). */
  readonly destinationText: string;
  readonly nextHops: readonly BirdNextHop[];
  readonly protocol: string;
  readonly since: string;
  /** The neighbour a BGP route was learned from (printed when it differs from the gateway). */
  readonly from: string | undefined;
  /** Marked ` *`: the best route of its network. */
  readonly primary: boolean;
  /** Marked ` !`: the kernel reported a sync error for it. */
  readonly syncError: boolean;
  readonly preference: number | undefined;
  /** The text after the primary marker, e.g. `(100/?) [i]`. */
  readonly info: string;
  readonly bgpSummary: BirdRouteBgpSummary | undefined;
  readonly type: BirdRouteType | undefined;
  /** Every attribute line in printed order, whatever the protocol. */
  readonly attributes: readonly BirdRouteAttribute[];
  /** The typed `BGP.*` attributes; undefined when the route has none. */
  readonly bgp: BirdBgpAttributes | undefined;
}

const TABLE_HEADING = /^Table (\S+):$/;
const ROUTE_LINE = /^(\S*)\s+(.*?) \[(\S+) ([^\]]*?)(?: from (\S+))?\](?: ([*!]))?(.*)$/;
const NEXT_HOP_VIA = /^via (\S+) on (\S+)(.*)$/;
const NEXT_HOP_DEV = /^dev (\S+)(.*)$/;
const PREFERENCE = /^\((\d+)/;
const BGP_SUMMARY = /\[(?:AS(\d+))?([ie?])\]$/;
const ATTRIBUTE = /^([A-Za-z][\w-]*)\.([^:]+): ?(.*)$/;
const UNPREFIXED_ATTRIBUTE = /^([^:]+): ?(.*)$/;

interface RouteDraft {
  table: string | undefined;
  prefix: string;
  destination: string;
  destinationText: string;
  nextHops: BirdNextHop[];
  protocol: string;
  since: string;
  from: string | undefined;
  primary: boolean;
  syncError: boolean;
  preference: number | undefined;
  info: string;
  bgpSummary: BirdRouteBgpSummary | undefined;
  type: BirdRouteType | undefined;
  attributes: Array<{ protocol: string | undefined; name: string; value: string }>;
}

/**
 * Parses the route listing of `show route [all]` and its variants (`for`, `export`, `protocol`,
 * `where`, …) in BIRD 1.6 or 2.x form. A route starts on a line that does not begin with a tab (its
 * prefix is blank when it is another route of the same network); tab-indented lines belong to it:
 * 2.x next hops, the `Type:` line and one line per attribute, with long values continued on lines
 * that begin with two tabs.
 */
export function parseShowRoute(output: BirdOutput): BirdRoute[] {
  const routes: RouteDraft[] = [];
  let table: string | undefined;
  let lastPrefix: string | undefined;
  for (const line of outputLines(output)) {
    if (line.trim() === '') continue;
    const heading = TABLE_HEADING.exec(line);
    if (heading) {
      table = heading[1];
      lastPrefix = undefined;
      continue;
    }
    if (!line.startsWith('\t')) {
      const route = parseRouteLine(line, table, lastPrefix);
      lastPrefix = route.prefix;
      routes.push(route);
      continue;
    }
    const route = routes[routes.length - 1];
    if (!route) throw new Error(`BIRD route detail before any route: ${JSON.stringify(line)}`);
    addDetail(route, line);
  }
  return routes.map(finish);
}

function parseRouteLine(line: string, table: string | undefined, lastPrefix: string | undefined): RouteDraft {
  const match = ROUTE_LINE.exec(line);
  if (!match) throw new Error(`not a BIRD route line: ${JSON.stringify(line)}`);
  const [, prefixColumn = '', destinationText = '', protocol = '', since = '', from, marker, rest = ''] =
    match;
  const prefix = prefixColumn || lastPrefix;
  if (!prefix) throw new Error(`BIRD route line without a prefix: ${JSON.stringify(line)}`);
  const { destination, nextHops } = parseDestination(destinationText);
  const info = rest.trim();
  const preference = PREFERENCE.exec(info)?.[1];
  const summary = BGP_SUMMARY.exec(info);
  return {
    table,
    prefix,
    destination,
    destinationText,
    nextHops,
    protocol,
    since,
    from,
    primary: marker === '*',
    syncError: marker === '!',
    preference: preference === undefined ? undefined : Number(preference),
    info,
    bgpSummary: summary
      ? {
          lastAs: summary[1] === undefined ? undefined : Number(summary[1]),
          origin: summary[2] as BirdRouteBgpSummary['origin'],
        }
      : undefined,
    type: undefined,
    attributes: [],
  };
}

function parseDestination(text: string): { destination: string; nextHops: BirdNextHop[] } {
  const hop = parseNextHop(text);
  if (hop) return { destination: 'unicast', nextHops: [hop] };
  // 1.6 lists multipath next hops on the following lines, as 2.x does for every unicast route.
  if (text === 'multipath') return { destination: 'unicast', nextHops: [] };
  return { destination: text, nextHops: [] };
}

function parseNextHop(text: string): BirdNextHop | undefined {
  const via = NEXT_HOP_VIA.exec(text);
  if (via) return nextHop(via[1], via[2], via[3] ?? '');
  const dev = NEXT_HOP_DEV.exec(text);
  if (dev) return nextHop(undefined, dev[1], dev[2] ?? '');
  return undefined;
}

function nextHop(gateway: string | undefined, iface: string | undefined, tail: string): BirdNextHop {
  const weight = /\bweight (\d+)/.exec(tail)?.[1];
  const flags = tail
    .replace(/\bweight \d+/, '')
    .trim()
    .split(/\s+(?=[a-z])/)
    .filter(Boolean);
  return { gateway, interface: iface, weight: weight === undefined ? undefined : Number(weight), flags };
}

function addDetail(route: RouteDraft, line: string): void {
  if (line.startsWith('\t\t')) {
    const last = route.attributes[route.attributes.length - 1];
    if (!last) throw new Error(`BIRD continuation line without an attribute: ${JSON.stringify(line)}`);
    last.value = `${last.value} ${line.slice(2).trim()}`.trim();
    return;
  }
  const text = line.slice(1);
  const hop = parseNextHop(text);
  if (hop) {
    route.nextHops.push(hop);
    return;
  }
  if (text.startsWith('Type: ')) {
    route.type = parseType(text.slice('Type: '.length));
    return;
  }
  const attribute = ATTRIBUTE.exec(text);
  if (attribute) {
    route.attributes.push({ protocol: attribute[1], name: attribute[2] ?? '', value: attribute[3] ?? '' });
    return;
  }
  const unprefixed = UNPREFIXED_ATTRIBUTE.exec(text);
  if (unprefixed) {
    route.attributes.push({ protocol: undefined, name: unprefixed[1] ?? '', value: unprefixed[2] ?? '' });
    return;
  }
  throw new Error(`unexpected BIRD route detail line: ${JSON.stringify(line)}`);
}

function parseType(text: string): BirdRouteType {
  const parts = text.trim().split(/\s+/);
  if (parts.length === 3) return { source: parts[0] ?? '', cast: parts[1], scope: parts[2] ?? '' };
  if (parts.length === 2) return { source: parts[0] ?? '', cast: undefined, scope: parts[1] ?? '' };
  throw new Error(`unexpected BIRD route Type: ${JSON.stringify(text)}`);
}

function finish(draft: RouteDraft): BirdRoute {
  const hasBgp = draft.attributes.some((attribute) => attribute.protocol === 'BGP');
  return { ...draft, bgp: hasBgp ? parseBgpAttributes(draft.attributes) : undefined };
}
