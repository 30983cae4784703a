import { parseBgpInfo, type BgpInfo } from './bgp-status.js';

/** One protocol line of `show protocols` (code 1002), in BIRD 1.6 or 2.x layout. */
export interface BirdProtocolRow {
  readonly name: string;
  /** `BGP`, `Static`, `Kernel`, `Device`, `Direct`, `OSPF`, … */
  readonly proto: string;
  /** 1.6: the protocol's table (`master`); 2.x: the main channel's table, `---` for BGP. */
  readonly table: string;
  /** 1.6: down, start, wait, feed, up, stop, flush; 2.x: down, flush, start, up, stop. */
  readonly state: string;
  /** `HH:MM:SS` (1.6), `HH:MM:SS.mmm` (2.x) or `YYYY-MM-DD`, as printed. */
  readonly since: string;
  /** The rest of the line, trailing padding removed. */
  readonly info: string;
  /** For BGP protocols: session state and last error from `info`. */
  readonly bgp: BgpInfo | undefined;
}

/**
 * Both generations print `name proto table state since info`, in different case and widths, and long
 * names overflow their column, so the heading is matched case-insensitively and rows are split on
 * whitespace. A `timeformat protocol iso long` setting would put a space inside `since`; lab configs
 * keep the default.
 */
const HEADING = /^name\s+proto\s+table\s+state\s+since\s+info\s*$/i;
const ROW = /^(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(.*?))?\s*$/;

export function isProtocolsHeading(line: string): boolean {
  return HEADING.test(line);
}

/** Parses a protocol line, or throws naming the line when it does not have the five leading columns. */
export function parseProtocolRow(line: string): BirdProtocolRow {
  const match = ROW.exec(line);
  if (!match) throw new Error(`not a BIRD protocol line: ${JSON.stringify(line)}`);
  const [, name = '', proto = '', table = '', state = '', since = '', info = ''] = match;
  return { name, proto, table, state, since, info, bgp: proto === 'BGP' ? parseBgpInfo(info) : undefined };
}
