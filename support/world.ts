import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { liveLabs } from './live-labs.js';
import { assert } from 'chai';
import type { ThenWindow } from './then.js';
import {
  Lab,
  awaitConvergence,
  currentRunId,
  eventually,
  holdsFor,
  type ContinuousPing,
  ProgressLine,
} from '../src/lab/index.js';

/** Windows for `Then` steps (STEPS.md "Waiting"); world parameters may change them per profile. */
export interface RrlabParameters {
  positiveWindowSeconds?: number;
  stabilityWindowSeconds?: number;
}

/** Large labs fail with many lines of the same kind: show the first ones and the count. */
export function summarise(lines: readonly string[], limit = 25): string {
  if (lines.length <= limit) return lines.join('\n');
  return `${lines.slice(0, limit).join('\n')}\n… and ${lines.length - limit} more`;
}

/** How a waiting step words its failure and how often it looks. */
export interface WaitReport {
  describe?: (lines: readonly string[]) => string;
  intervalMs?: number;
}

/**
 * The scenario's state and its verbs: one lab, created at the first declaration, started at the first
 * step that needs running nodes. Steps parse a phrase and call the lab through here.
 */
export class RrlabWorld extends World<RrlabParameters> {
  private labInstance: Lab | undefined;
  /** Continuous pings started by a `Given` and checked by a later `Then`, keyed "from to". */
  readonly continuousPings = new Map<string, ContinuousPing>();

  constructor(options: IWorldOptions<RrlabParameters>) {
    super(options);
  }

  get lab(): Lab {
    if (!this.labInstance) {
      this.labInstance = new Lab({ runId: currentRunId() });
      liveLabs.add(this.labInstance);
    }
    return this.labInstance;
  }

  get hasLab(): boolean {
    return this.labInstance !== undefined;
  }

  /** The lab with every declared node running: where `Then` and `When` steps start it. */
  async runningLab(): Promise<Lab> {
    await this.lab.start();
    return this.lab;
  }

  /** Declare (or add to) calico nodes; nodes declared once the lab runs start at once. */
  async declareCalicoNodes(
    names: readonly string[],
    options: { labels?: Record<string, string>; asNumber?: number; clusterId?: string | null },
    { existing = false }: { existing?: boolean } = {},
  ): Promise<void> {
    for (const name of names) {
      if (existing) this.lab.calicoNode(name);
      await this.lab.declareCalicoNode(name, options);
    }
    await this.lab.calicoChanged();
    await this.lab.startIfRunning();
  }

  async addWorkloads(pairs: readonly [node: string, workload: string][]): Promise<void> {
    await this.lab.addWorkloads(pairs);
    await this.lab.calicoChanged();
  }

  /** `calicoctl apply -f` of a docstring, placeholders replaced first; all or nothing. */
  async applyCalicoResources(yaml: string): Promise<void> {
    this.lab.calico.applyYaml(await this.lab.expand(yaml), 'docstring');
    await this.lab.calicoChanged();
  }

  /**
   * A positive `Then`: retry until `mismatches` reports none or the window ends, then fail with the
   * last report (what was expected and what each node showed).
   */
  async untilNone(
    window: ThenWindow,
    mismatches: () => Promise<readonly string[]>,
    { describe = summarise, intervalMs }: WaitReport = {},
  ): Promise<void> {
    // A long wait says on the terminal how much is still missing (sessions not up, routes not learned).
    const progress = new ProgressLine();
    let most = 0;
    await eventually(
      async () => {
        const lines = await mismatches();
        most = Math.max(most, lines.length);
        progress.update(
          `rrlab: waiting: ${most - lines.length}/${most} now hold${lines[0] ? `; still: ${lines[0].slice(0, 100)}` : ''}`,
        );
        assert.isEmpty(lines, describe(lines));
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs, intervalMs },
    ).finally(() => progress.done());
  }

  /**
   * A negative `Then`: wait for the lab to settle, then require `found` to report nothing for the
   * whole stability window (STEPS.md "Waiting"). A lab that never settles fails the step: "nothing
   * arrived" proves nothing while sessions and routes are still moving.
   */
  async neverAny(
    window: ThenWindow,
    found: () => Promise<readonly string[]>,
    { describe = summarise, intervalMs }: WaitReport = {},
  ): Promise<void> {
    const lab = await this.runningLab();
    const timeoutMs = window.timeoutMs ?? this.positiveWindowMs;
    const { settled, stillChanging } = await awaitConvergence(lab, { timeoutMs });
    assert.isTrue(
      settled,
      `the lab did not settle within ${timeoutMs / 1000} s, so the absence cannot be checked: sessions or routes were still changing on ${stillChanging.join(', ')}`,
    );
    await holdsFor(
      async () => {
        const lines = await found();
        assert.isEmpty(lines, describe(lines));
      },
      { timeoutMs: this.stabilityWindowMs, intervalMs },
    );
  }

  get positiveWindowMs(): number {
    return (this.parameters.positiveWindowSeconds ?? 60) * 1000;
  }

  get stabilityWindowMs(): number {
    return (this.parameters.stabilityWindowSeconds ?? 5) * 1000;
  }

  async disposeLab(): Promise<void> {
    const lab = this.labInstance;
    if (!lab) return;
    this.labInstance = undefined;
    try {
      await lab.dispose();
    } finally {
      liveLabs.delete(lab);
    }
  }
}

setWorldConstructor(RrlabWorld);
