import { readFileSync, writeFileSync } from 'node:fs';
import { logger } from '../log.js';

const log = logger('host');

/**
 * Linux keeps one ARP (and one NDP) table for all network namespaces together, capped by the host's
 * `gc_thresh3` (1024 by default). A lab where every node exchanges packets with every other needs
 * about nodes² entries; past the cap the kernel drops neighbour entries ("neighbor table overflow"),
 * and with them BGP keepalives and pings. Raise the host's thresholds when they are too low (as root),
 * otherwise say what to run.
 */
export function ensureNeighbourCapacity(nodeCount: number, procSys = '/proc/sys/net'): void {
  const needed = nodeCount * nodeCount * 2;
  for (const family of ['ipv4', 'ipv6']) {
    const base = `${procSys}/${family}/neigh/default`;
    let current: number;
    try {
      current = Number(readFileSync(`${base}/gc_thresh3`, 'utf8').trim());
    } catch {
      return; // not Linux, or no such table: nothing to do
    }
    if (current >= needed) continue;
    const values = {
      gc_thresh1: Math.ceil(needed / 4),
      gc_thresh2: Math.ceil(needed / 2),
      gc_thresh3: needed,
    };
    try {
      // thresh3 first, so that thresh1 <= thresh2 <= thresh3 holds at every step.
      for (const key of ['gc_thresh3', 'gc_thresh2', 'gc_thresh1'] as const) {
        writeFileSync(`${base}/${key}`, String(values[key]));
      }
      log.info(
        `raised the host's ${family} neighbour table limit from ${current} to ${needed} for ${nodeCount} nodes`,
      );
    } catch {
      log.warn(
        `a lab of ${nodeCount} nodes needs about ${needed} ${family} neighbour entries but the host allows ${current}; ` +
          `as root: sysctl -w net.${family}.neigh.default.gc_thresh3=${needed} net.${family}.neigh.default.gc_thresh2=${values.gc_thresh2} net.${family}.neigh.default.gc_thresh1=${values.gc_thresh1}`,
      );
    }
  }
}
