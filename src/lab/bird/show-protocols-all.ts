import type { BgpError } from './bgp-status.js';
import { buildDetailTree, detailValue, findDetail, type BirdDetailNode } from './detail-tree.js';
import {
  optionalError,
  optionalNumber,
  optionalRouteChangeStats,
  optionalRouteCounts,
  optionalTimer,
  type BirdRouteChangeStats,
  type BirdRouteCounts,
  type BirdTimer,
} from './protocol-details.js';
import { isProtocolsHeading, parseProtocolRow, type BirdProtocolRow } from './protocol-row.js';
import { outputLines, type BirdOutput } from './reply.js';

/** The `Session:` line: `internal|external` then flags. */
export interface BirdBgpSessionFlags {
  readonly type: 'internal' | 'external';
  /** All flags as printed after the type, e.g. `['multihop', 'route-reflector', 'AS4']`. */
  readonly flags: readonly string[];
  readonly multihop: boolean;
  /** BIRD treats the neighbour as its route-reflector client (`rr client` on this side). */
  readonly routeReflector: boolean;
  readonly routeServer: boolean;
  readonly as4: boolean;
  readonly addPathRx: boolean;
  readonly addPathTx: boolean;
}

/** A 2.x capability entry, e.g. `Graceful restart` with `{ 'Restart time': '120', 'AF supported': 'ipv4' }`. */
export interface BirdCapability {
  readonly name: string;
  readonly parameters: Readonly<Record<string, string>>;
}

/** The `BGP state:` part of a BGP protocol's block. */
export interface BirdBgpDetails {
  readonly state: string;
  readonly neighborAddress: string | undefined;
  /** The `%iface` suffix of a link-local neighbour address. */
  readonly neighborInterface: string | undefined;
  /** 2.x dynamic BGP: `Neighbor range:` instead of an address. */
  readonly neighborRange: string | undefined;
  readonly neighborPort: number | undefined;
  readonly neighborAs: number | undefined;
  /** 2.x only. */
  readonly localAs: number | undefined;
  readonly neighborId: string | undefined;
  readonly neighborGracefulRestartActive: boolean;
  /** 1.6: the tokens of `Neighbor caps:` (`refresh`, `restart-aware`, `AS4`, `add-path-rx`, …). */
  readonly neighborCaps: readonly string[] | undefined;
  /** 2.x: the `Local capabilities` block. */
  readonly localCapabilities: readonly BirdCapability[] | undefined;
  /** 2.x: the `Neighbor capabilities` block. */
  readonly neighborCapabilities: readonly BirdCapability[] | undefined;
  readonly session: BirdBgpSessionFlags | undefined;
  readonly sourceAddress: string | undefined;
  readonly holdTimer: BirdTimer | undefined;
  readonly keepaliveTimer: BirdTimer | undefined;
  readonly sendHoldTimer: BirdTimer | undefined;
  readonly restartTimer: BirdTimer | undefined;
  readonly errorWait: BirdTimer | undefined;
  readonly connectDelay: BirdTimer | undefined;
  readonly lastError: BgpError | undefined;
  /** Every line under `BGP state:`, for anything not typed above. */
  readonly details: readonly BirdDetailNode[];
}

/** A 2.x `Channel <name>` block. */
export interface BirdChannelDetails {
  readonly name: string;
  readonly state: string | undefined;
  readonly table: string | undefined;
  readonly preference: number | undefined;
  readonly inputFilter: string | undefined;
  readonly outputFilter: string | undefined;
  readonly routes: BirdRouteCounts | undefined;
  readonly routeChangeStats: BirdRouteChangeStats | undefined;
  readonly bgpNextHop: string | undefined;
  readonly details: readonly BirdDetailNode[];
}

export interface BirdProtocolDetails extends BirdProtocolRow {
  readonly description: string | undefined;
  readonly message: string | undefined;
  readonly routerId: string | undefined;
  /** 1.6 protocol level (2.x has these per channel). */
  readonly preference: number | undefined;
  readonly inputFilter: string | undefined;
  readonly outputFilter: string | undefined;
  readonly routes: BirdRouteCounts | undefined;
  readonly routeChangeStats: BirdRouteChangeStats | undefined;
  /** For BGP protocols, the `BGP state:` block. */
  readonly bgpDetails: BirdBgpDetails | undefined;
  readonly channels: readonly BirdChannelDetails[];
  /** The whole block as a tree, for protocol kinds and lines not typed here. */
  readonly details: readonly BirdDetailNode[];
}

/**
 * Parses `show protocols all [<name>]` in BIRD 1.6 or 2.x form. 1.6 prints preference, filters and
 * route statistics at protocol level and capabilities on one line; 2.x puts `BGP state:` first, lists
 * capabilities as blocks and moves the statistics into one block per channel. Both are read into the
 * same record, with the fields of the other generation left undefined.
 */
export function parseShowProtocolsAll(output: BirdOutput): BirdProtocolDetails[] {
  const blocks: Array<{ row: BirdProtocolRow; lines: string[] }> = [];
  for (const line of outputLines(output)) {
    if (line.trim() === '' || isProtocolsHeading(line)) continue;
    if (!/^\s/.test(line)) {
      blocks.push({ row: parseProtocolRow(line), lines: [] });
      continue;
    }
    const block = blocks[blocks.length - 1];
    if (!block) throw new Error(`BIRD protocol detail before any protocol: ${JSON.stringify(line)}`);
    block.lines.push(line);
  }
  return blocks.map(({ row, lines }) => protocolDetails(row, buildDetailTree(lines)));
}

function protocolDetails(row: BirdProtocolRow, details: BirdDetailNode[]): BirdProtocolDetails {
  const bgpState = findDetail(details, 'BGP state');
  return {
    ...row,
    description: detailValue(details, 'Description'),
    message: detailValue(details, 'Message'),
    routerId: detailValue(details, 'Router ID'),
    preference: optionalNumber(details, 'Preference'),
    inputFilter: detailValue(details, 'Input filter'),
    outputFilter: detailValue(details, 'Output filter'),
    routes: optionalRouteCounts(details),
    routeChangeStats: optionalRouteChangeStats(details),
    bgpDetails: bgpState ? bgpDetails(bgpState) : undefined,
    channels: details.filter((node) => node.key.startsWith('Channel ')).map(channelDetails),
    details,
  };
}

function bgpDetails(node: BirdDetailNode): BirdBgpDetails {
  const lines = node.children;
  const address = detailValue(lines, 'Neighbor address');
  const [neighborAddress, neighborInterface] = address === undefined ? [] : address.split('%', 2);
  const caps = detailValue(lines, 'Neighbor caps');
  const session = detailValue(lines, 'Session');
  return {
    state: node.value ?? '',
    neighborAddress,
    neighborInterface,
    neighborRange: detailValue(lines, 'Neighbor range'),
    neighborPort: optionalNumber(lines, 'Neighbor port'),
    neighborAs: optionalNumber(lines, 'Neighbor AS'),
    localAs: optionalNumber(lines, 'Local AS'),
    neighborId: detailValue(lines, 'Neighbor ID'),
    neighborGracefulRestartActive: findDetail(lines, 'Neighbor graceful restart active') !== undefined,
    neighborCaps: caps === undefined ? undefined : caps.split(/\s+/).filter(Boolean),
    localCapabilities: capabilities(findDetail(lines, 'Local capabilities')),
    neighborCapabilities: capabilities(findDetail(lines, 'Neighbor capabilities')),
    session: session === undefined ? undefined : sessionFlags(session),
    sourceAddress: detailValue(lines, 'Source address'),
    holdTimer: optionalTimer(lines, 'Hold timer'),
    keepaliveTimer: optionalTimer(lines, 'Keepalive timer'),
    sendHoldTimer: optionalTimer(lines, 'Send hold timer'),
    restartTimer: optionalTimer(lines, 'Restart timer'),
    errorWait: optionalTimer(lines, 'Error wait'),
    connectDelay: optionalTimer(lines, 'Connect delay'),
    lastError: optionalError(lines, 'Last error'),
    details: lines,
  };
}

function capabilities(block: BirdDetailNode | undefined): BirdCapability[] | undefined {
  return block?.children.map((capability) => ({
    name: capability.key,
    parameters: Object.fromEntries(capability.children.map((child) => [child.key, child.value ?? ''])),
  }));
}

function sessionFlags(value: string): BirdBgpSessionFlags {
  const [type, ...flags] = value.split(/\s+/).filter(Boolean);
  if (type !== 'internal' && type !== 'external')
    throw new Error(`unexpected BGP Session: ${JSON.stringify(value)}`);
  return {
    type,
    flags,
    multihop: flags.includes('multihop'),
    routeReflector: flags.includes('route-reflector'),
    routeServer: flags.includes('route-server'),
    as4: flags.includes('AS4'),
    addPathRx: flags.includes('add-path-rx'),
    addPathTx: flags.includes('add-path-tx'),
  };
}

function channelDetails(node: BirdDetailNode): BirdChannelDetails {
  const lines = node.children;
  return {
    name: node.key.slice('Channel '.length),
    state: detailValue(lines, 'State'),
    table: detailValue(lines, 'Table'),
    preference: optionalNumber(lines, 'Preference'),
    inputFilter: detailValue(lines, 'Input filter'),
    outputFilter: detailValue(lines, 'Output filter'),
    routes: optionalRouteCounts(lines),
    routeChangeStats: optionalRouteChangeStats(lines),
    bgpNextHop: detailValue(lines, 'BGP Next hop'),
    details: lines,
  };
}
