import { outputLines, type BirdOutput } from './reply.js';

/** `<shown> of <routes> routes for <networks> networks`: routes shown by the query, routes counted, networks. */
export interface BirdRouteCountLine {
  readonly shown: number;
  readonly routes: number;
  readonly networks: number;
}

export interface BirdTableRouteCount extends BirdRouteCountLine {
  /** 2.x table name; undefined for 1.6, which has one table per daemon and does not name it. */
  readonly table: string | undefined;
}

export interface BirdRouteCount {
  readonly tables: readonly BirdTableRouteCount[];
  /**
   * 2.x's `Total:` line when BIRD printed one (several tables); otherwise the single table's numbers,
   * so `total` always answers "how many routes".
   */
  readonly total: BirdRouteCountLine & { readonly tables: number };
}

const COUNT = /^(\d+) of (\d+) routes for (\d+) networks(?: in table (\S+))?$/;
const TOTAL = /^Total: (\d+) of (\d+) routes for (\d+) networks in (\d+) tables$/;

/**
 * Parses `show route [...] count`: 1.6 prints one line (the final `0014` line), 2.x one line per table
 * and a `Total:` line when there is more than one table. `stats` output (routes, then the count)
 * also parses: lines before the count lines are skipped.
 */
export function parseRouteCount(output: BirdOutput): BirdRouteCount {
  const tables: BirdTableRouteCount[] = [];
  let total: BirdRouteCount['total'] | undefined;
  for (const line of outputLines(output)) {
    const count = COUNT.exec(line.trim());
    if (count) {
      tables.push({
        table: count[4],
        shown: Number(count[1]),
        routes: Number(count[2]),
        networks: Number(count[3]),
      });
      continue;
    }
    const sum = TOTAL.exec(line.trim());
    if (sum) {
      total = {
        shown: Number(sum[1]),
        routes: Number(sum[2]),
        networks: Number(sum[3]),
        tables: Number(sum[4]),
      };
    }
  }
  if (tables.length === 0) throw new Error('no route count line in BIRD output');
  return {
    tables,
    total: total ?? {
      shown: tables.reduce((sum, table) => sum + table.shown, 0),
      routes: tables.reduce((sum, table) => sum + table.routes, 0),
      networks: tables.reduce((sum, table) => sum + table.networks, 0),
      tables: tables.length,
    },
  };
}
