import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { Lab } from '../src/lab/lab.js';
import { currentRunId } from '../src/lab/run-id.js';
import { liveLabs } from './live-labs.js';

/** Windows for `Then` steps (STEPS.md "Waiting"); world parameters may change them per profile. */
export interface RrlabParameters {
  positiveWindowSeconds?: number;
  stabilityWindowSeconds?: number;
}

/**
 * The scenario's state and its verbs: one lab, created at the first declaration, started at the first
 * step that needs running nodes. Steps parse a phrase and call the lab through here.
 */
export class RrlabWorld extends World<RrlabParameters> {
  private labInstance: Lab | undefined;

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
