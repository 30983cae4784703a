import { Given } from '@cucumber/cucumber';
import type { RrlabWorld } from '../support/world.js';

Given('a Calico cluster', async function (this: RrlabWorld) {
  await this.lab.calicoChanged();
});

Given('a Calico cluster with AS {int}', async function (this: RrlabWorld, asNumber: number) {
  this.lab.calico.setClusterAsNumber(asNumber);
  await this.lab.calicoChanged();
});

Given('a dual-stack Calico cluster', async function (this: RrlabWorld) {
  this.lab.enableDualStack();
  await this.lab.calicoChanged();
});

Given('the node-to-node mesh is disabled', async function (this: RrlabWorld) {
  this.lab.calico.setMeshEnabled(false);
  await this.lab.calicoChanged();
});

Given('the node-to-node mesh is enabled', async function (this: RrlabWorld) {
  this.lab.calico.setMeshEnabled(true);
  await this.lab.calicoChanged();
});

Given('calico node(s) {names}', async function (this: RrlabWorld, names: string[]) {
  await this.declareCalicoNodes(names, {});
});

Given(
  'calico node(s) {names} labelled {labels}',
  async function (this: RrlabWorld, names: string[], labels: Record<string, string>) {
    await this.declareCalicoNodes(names, { labels });
  },
);

Given(
  'calico node(s) {names} with AS {int}',
  async function (this: RrlabWorld, names: string[], asNumber: number) {
    await this.declareCalicoNodes(names, { asNumber });
  },
);

Given(
  'calico node(s) {names} is/are (a )route reflector(s) with cluster ID {string}',
  async function (this: RrlabWorld, names: string[], clusterId: string) {
    await this.declareCalicoNodes(names, { clusterId });
  },
);

Given(
  'calico node(s) {names} is/are (a )route reflector(s) with cluster ID {string} labelled {labels}',
  async function (this: RrlabWorld, names: string[], clusterId: string, labels: Record<string, string>) {
    await this.declareCalicoNodes(names, { clusterId, labels });
  },
);

Given('each calico node host(s) {int} workload(s)', async function (this: RrlabWorld, count: number) {
  await this.addWorkloads(
    this.lab
      .calicoNodes()
      .flatMap((node) =>
        Array.from(
          { length: count },
          (_, i) => [node.name, `w${node.workloads.length + i + 1}`] as [string, string],
        ),
      ),
  );
});

Given(
  'calico node(s) {names} host(s) workload(s) {names}',
  async function (this: RrlabWorld, nodes: string[], workloads: string[]) {
    await this.addWorkloads(nodes.flatMap((node) => workloads.map((w) => [node, w] as [string, string])));
  },
);

Given(
  'calico node(s) {names} become(s) (a )route reflector(s) with cluster ID {string}',
  async function (this: RrlabWorld, names: string[], clusterId: string) {
    await this.declareCalicoNodes(names, { clusterId }, { existing: true });
  },
);

Given(
  'calico node(s) {names} is/are labelled {labels}',
  async function (this: RrlabWorld, names: string[], labels: Record<string, string>) {
    await this.declareCalicoNodes(names, { labels }, { existing: true });
  },
);

Given(
  'calico node(s) {names} lose(s) its/their route reflector cluster ID',
  async function (this: RrlabWorld, names: string[]) {
    await this.declareCalicoNodes(names, { clusterId: null }, { existing: true });
  },
);
