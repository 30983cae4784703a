import { Given, Then } from '@cucumber/cucumber';
import { assert } from 'chai';
import type { RrlabWorld } from '../support/world.js';

Given('the Calico resources:', async function (this: RrlabWorld, yaml: string) {
  await this.applyCalicoResources(yaml);
});

Given('the Calico resources are applied:', async function (this: RrlabWorld, yaml: string) {
  await this.applyCalicoResources(yaml);
});

Given(
  'the Calico {word} {names} is/are deleted',
  async function (this: RrlabWorld, kind: string, names: string[]) {
    // `the Calico BGPPeers "p-{1..3}" are deleted`: the kind may be plural too.
    const singular = names.length > 1 ? kind.replace(/s$/, '') : kind;
    this.lab.calico.deleteResources(singular, names);
    await this.lab.calicoChanged();
  },
);

Then(
  'applying the Calico resources is rejected with {string}:',
  async function (this: RrlabWorld, expected: string, yaml: string) {
    const before = this.lab.calico.revision;
    let message: string | undefined;
    try {
      await this.applyCalicoResources(yaml);
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    assert.isDefined(message, `the resources were accepted; expected a rejection with "${expected}"`);
    assert.include(message, expected, 'the rejection does not say what was expected');
    assert.equal(this.lab.calico.revision, before, 'part of a rejected document set was applied');
  },
);
