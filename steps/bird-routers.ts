import { Given } from '@cucumber/cucumber';
import type { RrlabWorld } from '../support/world.js';

Given(
  '(a )BIRD router(s) {names} in AS {int} with configuration:',
  async function (this: RrlabWorld, names: string[], asNumber: number, configuration: string) {
    for (const name of names) await this.lab.declareBirdRouter(name, asNumber, configuration);
    await this.lab.startIfRunning();
  },
);
