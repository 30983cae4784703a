import { containerRuntime } from '../runtime/shared.js';
import { mapLimit } from '../concurrency.js';
import type { Lab } from '../lab.js';
import { parseProbeOutput, probeScript, type ProbeResult } from './reachability.js';
import type { Workload } from './workload.js';

/**
 * Ping every (source, target) pair from inside the source workload's namespace: one exec per source
 * node running one fping per source workload, nodes in parallel. Real packets: they cross the nodes'
 * kernels along the routes BIRD installed.
 */
export async function probePairs(
  lab: Lab,
  pairs: readonly [Workload, Workload][],
  timeoutMs = 1000,
): Promise<ProbeResult[]> {
  const bySourceNode = new Map<string, Map<Workload, string[]>>();
  for (const [from, to] of pairs) {
    const plan = bySourceNode.get(from.node) ?? new Map<Workload, string[]>();
    // Both families in a dual-stack lab: reachable means reachable over each.
    plan.set(from, [...(plan.get(from) ?? []), to.ipv4, ...(to.ipv6 && from.ipv6 ? [to.ipv6] : [])]);
    bySourceNode.set(from.node, plan);
  }
  const byAddress = new Map(
    lab.workloads().flatMap((w) => [[w.ipv4, w] as const, ...(w.ipv6 ? [[w.ipv6, w] as const] : [])]),
  );
  const results = await mapLimit([...bySourceNode], 16, async ([nodeName, plan]) => {
    const node = lab.calicoNode(nodeName);
    const { container } = node;
    if (!container || node.state !== 'running') {
      return [...plan].flatMap(([from, targets]) =>
        targets.map((t) => ({ from: from.id, to: byAddress.get(t)?.id ?? t, reachable: false })),
      );
    }
    const { output } = await containerRuntime().exec(container, probeScript(plan, timeoutMs));
    return parseProbeOutput(output, byAddress);
  });
  return results.flat();
}

/**
 * A positive reachability check over many pairs (the full matrix of a 200-node lab is 39,800): the
 * first round probes every pair, later rounds only the pairs that have not answered yet, so a lab
 * still converging costs a few stragglers per round rather than the whole matrix again. When every
 * pair has answered, the lab's timeline notes the pairs, the time from the first probe and the rounds.
 */
export class ReachabilityMatrix {
  private pending: [Workload, Workload][];
  private readonly startedAt = Date.now();
  private rounds = 0;

  constructor(
    private readonly lab: Lab,
    private readonly pairs: readonly [Workload, Workload][],
  ) {
    this.pending = [...pairs];
  }

  /** Probe the pairs not yet seen reachable; the ones that still do not answer. */
  async unreachable(): Promise<ProbeResult[]> {
    if (this.pending.length === 0) return [];
    const results = await probePairs(this.lab, this.pending);
    this.rounds++;
    // A dual-stack result names its target "<id> [<IPv6 address>]": a pair is pending while either
    // family fails.
    const failed = new Set(
      results.filter((r) => !r.reachable).map((r) => `${r.from}\n${r.to.replace(/ \[.*\]$/, '')}`),
    );
    this.pending = this.pending.filter(([from, to]) => failed.has(`${from.id}\n${to.id}`));
    if (this.pending.length === 0) {
      this.lab.timeline.probed({
        pairs: this.pairs.length,
        ms: Date.now() - this.startedAt,
        rounds: this.rounds,
      });
    }
    return results.filter((r) => !r.reachable);
  }
}
