import { parseBgpError, type BgpError } from './bgp-status.js';
import { detailValue, findDetail, type BirdDetailNode } from './detail-tree.js';

/** `Routes: 2 imported, 1 exported, 2 preferred` (and `N filtered` with `import keep filtered`). */
export interface BirdRouteCounts {
  readonly imported: number;
  readonly exported: number;
  readonly preferred: number;
  readonly filtered: number | undefined;
}

/** One row of `Route change stats`, by column name; `---` (not applicable) is null. */
export type BirdRouteChangeCounters = Readonly<Record<string, number | null>>;

export interface BirdRouteChangeStats {
  readonly importUpdates: BirdRouteChangeCounters | undefined;
  readonly importWithdraws: BirdRouteChangeCounters | undefined;
  readonly exportUpdates: BirdRouteChangeCounters | undefined;
  readonly exportWithdraws: BirdRouteChangeCounters | undefined;
}

/** `186/240` (1.6, whole seconds) or `175.990/240` (2.x); `118/-` when no configured value is shown. */
export interface BirdTimer {
  readonly remaining: number;
  readonly configured: number | undefined;
}

export function parseRouteCounts(value: string): BirdRouteCounts {
  const counts = new Map<string, number>();
  for (const match of value.matchAll(/(\d+) (\w+)/g)) counts.set(match[2] ?? '', Number(match[1]));
  const required = (name: string): number => {
    const count = counts.get(name);
    if (count === undefined) throw new Error(`no "${name}" count in Routes: ${JSON.stringify(value)}`);
    return count;
  };
  return {
    imported: required('imported'),
    exported: required('exported'),
    preferred: required('preferred'),
    filtered: counts.get('filtered'),
  };
}

export function parseRouteChangeStats(node: BirdDetailNode): BirdRouteChangeStats {
  const columns = (node.value ?? '').split(/\s+/).filter(Boolean);
  const row = (key: string): BirdRouteChangeCounters | undefined => {
    const cells = detailValue(node.children, key)?.split(/\s+/).filter(Boolean);
    if (cells === undefined) return undefined;
    if (cells.length !== columns.length) {
      throw new Error(
        `Route change stats row "${key}" has ${cells.length} cells for ${columns.length} columns`,
      );
    }
    return Object.fromEntries(
      columns.map((column, i) => [column, cells[i] === '---' ? null : Number(cells[i])]),
    );
  };
  return {
    importUpdates: row('Import updates'),
    importWithdraws: row('Import withdraws'),
    exportUpdates: row('Export updates'),
    exportWithdraws: row('Export withdraws'),
  };
}

export function parseTimer(value: string): BirdTimer {
  const match = /^([\d.]+)\/(\S+)$/.exec(value.trim());
  if (!match) throw new Error(`unexpected BIRD timer ${JSON.stringify(value)}`);
  const configured = match[2] === '-' ? undefined : Number(match[2]);
  return { remaining: Number(match[1]), configured };
}

export function optionalNumber(nodes: readonly BirdDetailNode[], key: string): number | undefined {
  const value = detailValue(nodes, key);
  return value === undefined ? undefined : Number(value);
}

export function optionalTimer(nodes: readonly BirdDetailNode[], key: string): BirdTimer | undefined {
  const value = detailValue(nodes, key);
  return value === undefined ? undefined : parseTimer(value);
}

export function optionalError(nodes: readonly BirdDetailNode[], key: string): BgpError | undefined {
  const value = detailValue(nodes, key);
  return value === undefined ? undefined : parseBgpError(value);
}

export function optionalRouteCounts(nodes: readonly BirdDetailNode[]): BirdRouteCounts | undefined {
  const value = detailValue(nodes, 'Routes');
  return value === undefined ? undefined : parseRouteCounts(value);
}

export function optionalRouteChangeStats(nodes: readonly BirdDetailNode[]): BirdRouteChangeStats | undefined {
  const node = findDetail(nodes, 'Route change stats');
  return node === undefined ? undefined : parseRouteChangeStats(node);
}
