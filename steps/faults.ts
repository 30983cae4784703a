import { defineParameterType, When } from '@cucumber/cucumber';
import type { RrlabWorld } from '../support/world.js';
import { type Lab } from '../src/lab/index.js';

const FAULTS: Record<string, (lab: Lab, name: string) => Promise<void>> = {
  stopped: (lab, name) => lab.stopNode(name),
  killed: (lab, name) => lab.killNode(name),
  restarted: (lab, name) => lab.restartNode(name),
  paused: (lab, name) => lab.pauseNode(name),
  unpaused: (lab, name) => lab.unpauseNode(name),
};

/** Only the faults above: `"rr-1" is rebooted` is an undefined step, caught before the lab starts. */
defineParameterType({
  name: 'fault',
  regexp: new RegExp(Object.keys(FAULTS).join('|')),
  transformer: (fault: string) => FAULTS[fault]!,
});

When(
  '{names} is/are {fault}',
  async function (this: RrlabWorld, names: string[], inject: (lab: Lab, name: string) => Promise<void>) {
    const lab = await this.runningLab();
    await Promise.all(names.map((name) => inject(lab, name)));
  },
);

When('{names} is/are disconnected from the network', async function (this: RrlabWorld, names: string[]) {
  const lab = await this.runningLab();
  await Promise.all(names.map((name) => lab.disconnectNode(name)));
});

When('{names} is/are reconnected to the network', async function (this: RrlabWorld, names: string[]) {
  const lab = await this.runningLab();
  await Promise.all(names.map((name) => lab.reconnectNode(name)));
});
