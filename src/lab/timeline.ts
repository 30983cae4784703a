/** How long one bring-up took: every node not running yet created, started and answering. */
export interface BringUp {
  nodes: number;
  ms: number;
}

/** How long the lab took to settle after a change, as first seen by a check that waited for it. */
export interface ConvergenceRecord {
  /** What changed last before the lab settled: `bring-up`, `Calico change`, `"rr" stopped`, … */
  after: string;
  ms: number;
}

/** A reachability check that held: how many pairs, how long from its first probe, in how many rounds. */
export interface ReachabilityRecord {
  pairs: number;
  ms: number;
  rounds: number;
}

/**
 * When the lab changed and when it was next seen settled. The lab notes its own changes (bring-up,
 * datastore changes that reconfigured nodes, faults); checks that wait for the lab to settle note
 * when it did. A change gets one convergence figure, from the end of the change to the first time a
 * check found every node unchanged; that is an upper bound, since no check may have looked earlier.
 */
export class LabTimeline {
  readonly bringUps: BringUp[] = [];
  readonly convergences: ConvergenceRecord[] = [];
  readonly reachability: ReachabilityRecord[] = [];
  private lastChange: { what: string; at: number } | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  broughtUp(nodes: number, ms: number): void {
    this.bringUps.push({ nodes, ms });
    this.changed('bring-up');
  }

  changed(what: string): void {
    this.lastChange = { what, at: this.now() };
  }

  probed(record: ReachabilityRecord): void {
    this.reachability.push(record);
  }

  settled(): void {
    if (!this.lastChange) return;
    this.convergences.push({ after: this.lastChange.what, ms: this.now() - this.lastChange.at });
    this.lastChange = undefined;
  }
}
