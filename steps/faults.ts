import { When } from '@cucumber/cucumber';
import type { Lab } from '../src/lab/lab.js';
import type { RrlabWorld } from '../support/world.js';

const FAULTS: Record<string, (lab: Lab, name: string) => Promise<void>> = {
  stopped: (lab, name) => lab.stopNode(name),
  killed: (lab, name) => lab.killNode(name),
  restarted: (lab, name) => lab.restartNode(name),
  paused: (lab, name) => lab.pauseNode(name),
  unpaused: (lab, name) => lab.unpauseNode(name),
};

When('{names} is/are {word}', async function (this: RrlabWorld, names: string[], fault: string) {
  const inject = FAULTS[fault];
  if (!inject) throw new Error(`unknown fault "${fault}" (known: ${Object.keys(FAULTS).join(', ')})`);
  const lab = await this.runningLab();
  await Promise.all(names.map((name) => inject(lab, name)));
});

When('{names} is/are disconnected from the network', async function (this: RrlabWorld, names: string[]) {
  const lab = await this.runningLab();
  await Promise.all(names.map((name) => lab.disconnectNode(name)));
});

When('{names} is/are reconnected to the network', async function (this: RrlabWorld, names: string[]) {
  const lab = await this.runningLab();
  await Promise.all(names.map((name) => lab.reconnectNode(name)));
});
