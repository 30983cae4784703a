import type { Workload } from './workload.js';

/** One probe result: did `from` get an echo reply from `to`. */
export interface ProbeResult {
  from: string;
  to: string;
  reachable: boolean;
}

/**
 * Shell for one source node: for each of its workloads, one fping from inside the workload's
 * namespace to all its targets at once (one process per source, not per pair). fping -q -c 1 prints
 * `<target> : xmt/rcv/%loss = 1/1/0%` per target; the markers let the output be split per workload.
 */
export function probeScript(plan: ReadonlyMap<Workload, readonly string[]>, timeoutMs: number): string {
  const lines: string[] = [];
  for (const [source, targets] of plan) {
    if (targets.length === 0) continue;
    lines.push(`echo "@@ ${source.id}"`);
    // fping takes one family per run.
    for (const [flag, family] of [
      ['-4', targets.filter((t) => !t.includes(':'))],
      ['-6', targets.filter((t) => t.includes(':'))],
    ] as const) {
      if (family.length === 0) continue;
      lines.push(
        `ip netns exec ${source.netns} fping ${flag} -q -c 1 -r 0 -i 1 -t ${timeoutMs} ${family.join(' ')} 2>&1 || true`,
      );
    }
  }
  return lines.join('\n');
}

export function parseProbeOutput(output: string, byAddress: ReadonlyMap<string, Workload>): ProbeResult[] {
  const results: ProbeResult[] = [];
  let source: string | undefined;
  for (const line of output.split('\n')) {
    const marker = /^@@ (.+)$/.exec(line);
    if (marker) {
      source = marker[1];
      continue;
    }
    const probe = /^(\S+)\s*:\s*xmt\/rcv\/%loss = (\d+)\/(\d+)/.exec(line);
    if (probe && source !== undefined) {
      const target = byAddress.get(probe[1]!);
      const address = probe[1]!;
      const to = target ? (address.includes(':') ? `${target.id} [${address}]` : target.id) : address;
      results.push({ from: source, to, reachable: Number(probe[3]) > 0 });
    }
  }
  return results;
}
