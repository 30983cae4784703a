import { isProtocolsHeading, parseProtocolRow, type BirdProtocolRow } from './protocol-row.js';
import { outputLines, type BirdOutput } from './reply.js';

/**
 * Parses `show protocols [<name>|"<pattern>"]`. Detail lines (indented, as in `show protocols all`)
 * and blank separators are skipped, so only the protocol rows come back.
 */
export function parseShowProtocols(output: BirdOutput): BirdProtocolRow[] {
  const rows: BirdProtocolRow[] = [];
  for (const line of outputLines(output)) {
    if (line.trim() === '' || /^\s/.test(line) || isProtocolsHeading(line)) continue;
    rows.push(parseProtocolRow(line));
  }
  return rows;
}
