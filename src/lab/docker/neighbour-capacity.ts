import { readFileSync, writeFileSync } from 'node:fs';
import { logger } from '../log.js';

const log = logger('host');

type Threshold = 'gc_thresh1' | 'gc_thresh2' | 'gc_thresh3';

/**
 * Linux keeps one ARP (and one NDP) table for all network namespaces together, capped by the host's
 * `gc_thresh3` (1024 by default). A lab where every node exchanges packets with every other needs
 * about nodes² entries; past the cap the kernel drops neighbour entries ("neighbor table overflow"),
 * and with them BGP keepalives and pings. Below `gc_thresh1` the kernel never garbage-collects, so
 * the entries each node is seeded with at start (own wiring) stay until the lab needs them, however
 * long the engine takes to start the rest. Raise the host's thresholds when they are too low (as
 * root; never lower them), otherwise say what to run.
 */
export function ensureNeighbourCapacity(nodeCount: number, procSys = '/proc/sys/net'): void {
  const entries = nodeCount * nodeCount * 2;
  const wanted: Record<Threshold, number> = {
    gc_thresh1: entries,
    gc_thresh2: entries,
    gc_thresh3: entries * 2,
  };
  for (const family of ['ipv4', 'ipv6']) {
    const base = `${procSys}/${family}/neigh/default`;
    const current = {} as Record<Threshold, number>;
    try {
      for (const key of Object.keys(wanted) as Threshold[])
        current[key] = Number(readFileSync(`${base}/${key}`, 'utf8').trim());
    } catch {
      return; // not Linux, or no such table: nothing to do
    }
    // thresh3 first, so that thresh1 <= thresh2 <= thresh3 holds at every step.
    const raise = (['gc_thresh3', 'gc_thresh2', 'gc_thresh1'] as const).filter(
      (key) => current[key] < wanted[key],
    );
    if (raise.length === 0) continue;
    try {
      for (const key of raise) writeFileSync(`${base}/${key}`, String(wanted[key]));
      log.info(
        `raised the host's ${family} neighbour table thresholds (${raise.map((k) => `${k} ${current[k]} → ${wanted[k]}`).join(', ')}) for ${nodeCount} nodes`,
      );
    } catch {
      log.warn(
        `a lab of ${nodeCount} nodes needs about ${entries} ${family} neighbour entries but the host allows ${current.gc_thresh3}; ` +
          `as root: sysctl -w ${raise.map((k) => `net.${family}.neigh.default.${k}=${wanted[k]}`).join(' ')}`,
      );
    }
  }
}
