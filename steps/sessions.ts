import { assert } from 'chai';
import { eventually, holdsFor } from '../src/lab/eventually.js';
import { pairsOf } from '../src/lab/checks/endpoints.js';
import { sessionMismatches } from '../src/lab/checks/session-checks.js';
import { awaitConvergence } from '../src/lab/checks/convergence.js';
import { ThenWithin } from '../support/then.js';

ThenWithin(
  '{names} has/have (an )established BGP session(s) with {names}',
  async function (window, left: string[], right: string[]) {
    const lab = await this.runningLab();
    await eventually(
      async () => {
        const mismatches = await sessionMismatches(lab, pairsOf(left, right), 'established');
        assert.isEmpty(mismatches, mismatches.join('\n'));
      },
      { timeoutMs: window.timeoutMs ?? this.positiveWindowMs },
    );
  },
);

ThenWithin(
  '{names} has/have no BGP session(s) with {names}',
  async function (window, left: string[], right: string[]) {
    const lab = await this.runningLab();
    await awaitConvergence(lab, { timeoutMs: window.timeoutMs ?? this.positiveWindowMs });
    await holdsFor(
      async () => {
        const mismatches = await sessionMismatches(lab, pairsOf(left, right), 'none');
        assert.isEmpty(mismatches, mismatches.join('\n'));
      },
      { timeoutMs: this.stabilityWindowMs },
    );
  },
);
