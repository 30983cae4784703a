import type { ContainerRef } from '../runtime/container-runtime.js';
import { containerRuntime } from '../runtime/shared.js';
import type { Workload } from './workload.js';

/**
 * A ping that runs from one step to another: one echo request every 200 ms, each waiting at most 1 s
 * (`ping -i 0.2 -W 1 -O`), its output collected as it comes. The verdict is the longest run of
 * consecutive sequence numbers that got no reply.
 */
export class ContinuousPing {
  private output = '';
  private pid: number | undefined;

  private constructor(
    readonly from: Workload,
    readonly to: Workload,
    private readonly container: ContainerRef,
  ) {}

  /** From the workload's node: its container (the step hands over the node's started container). */
  static async start(container: ContainerRef, from: Workload, to: Workload): Promise<ContinuousPing> {
    const ping = new ContinuousPing(from, to, container);
    await containerRuntime().execStreaming(
      container,
      ['sh', '-c', `echo "pid $$"; exec ip netns exec ${from.netns} ping -n -i 0.2 -W 1 -O ${to.ipv4}`],
      (text) => ping.collect(text),
    );
    const deadline = Date.now() + 5000;
    while (ping.pid === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (ping.pid === undefined)
      throw new Error(`the continuous ping from "${from.id}" to "${to.id}" did not start`);
    return ping;
  }

  private collect(text: string): void {
    this.output += text;
    const pid = /^pid (\d+)$/m.exec(this.output);
    if (pid && this.pid === undefined) this.pid = Number(pid[1]);
  }

  /** Stop the ping and return the longest run of lost packets, with the counts. */
  async stop(): Promise<{ maxConsecutiveLost: number; sent: number; received: number }> {
    if (this.pid !== undefined)
      await containerRuntime().exec(this.container, `kill -INT ${this.pid} 2>/dev/null || true`);
    await new Promise((r) => setTimeout(r, 1200)); // the last request's 1 s wait
    return ContinuousPing.verdict(this.output);
  }

  /** Replies are `icmp_seq=N ttl=…`; `-O` reports `no answer yet for icmp_seq=N` for the others. */
  static verdict(output: string): { maxConsecutiveLost: number; sent: number; received: number } {
    const answered = new Set<number>();
    let highest = 0;
    for (const match of output.matchAll(/icmp_seq=(\d+)(.*)$/gm)) {
      const seq = Number(match[1]);
      highest = Math.max(highest, seq);
      if (/ttl=/.test(match[2] ?? '')) answered.add(seq);
    }
    let run = 0;
    let maxRun = 0;
    for (let seq = 1; seq <= highest; seq++) {
      run = answered.has(seq) ? 0 : run + 1;
      maxRun = Math.max(maxRun, run);
    }
    return { maxConsecutiveLost: maxRun, sent: highest, received: answered.size };
  }
}
