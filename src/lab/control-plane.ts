import type { CalicoCluster } from './calico/calico-cluster.js';
import { mapLimit, START_CONCURRENCY } from './concurrency.js';
import type { NodeRegistry } from './node-registry.js';
import type { CalicoLabNode } from './nodes/calico-node.js';
import { isIntentConsumer } from './nodes/lab-node.js';
import type { LabTimeline } from './timeline.js';

/**
 * The central control plane, like calico/node's confd but one for the whole lab: it renders every
 * calico node's six files from the datastore, writes the ones that changed, `configure`s the running
 * BIRDs whose files changed over their control sockets, and hands the nodes that take Calico's intent
 * directly (the TypeScript reflector) their intent when it changed.
 */
export class ControlPlane {
  /** What was last written per calico node and file, to touch only what changed. */
  private readonly written = new Map<string, Map<string, string>>();
  /** The intent last handed to each intent-consuming node (as JSON), to hand over only changes. */
  private readonly intentsGiven = new Map<string, string>();
  /** Milliseconds from a datastore change to every affected BIRD reconfigured, per sync. */
  readonly syncLatenciesMs: number[] = [];

  constructor(
    private readonly registry: NodeRegistry,
    private readonly calico: CalicoCluster,
    private readonly timeline: LabTimeline,
  ) {}

  async sync(): Promise<{ changedNodes: number; ms: number }> {
    const started = Date.now();
    const nodes = this.registry.calicoNodes();
    const consumers = this.registry.allNodes().filter(isIntentConsumer);
    if (nodes.length === 0 && consumers.length === 0) return { changedNodes: 0, ms: 0 };
    const intents = this.calico.intents();
    const rendered = this.calico.renderFromIntents(
      intents,
      nodes.map((n) => n.name),
    );
    const toReconfigure: [CalicoLabNode, string[]][] = [];
    for (const node of nodes) {
      const files = rendered.get(node.name);
      if (!files) continue;
      const changed = this.writeChanged(node, files);
      if (changed.length > 0 && node.started) toReconfigure.push([node, changed]);
    }
    await mapLimit(toReconfigure, START_CONCURRENCY, ([node, changed]) => node.reconfigure(changed));
    let consumersChanged = 0;
    for (const node of consumers) {
      const intent = intents.get(node.name);
      if (!intent) continue;
      const key = JSON.stringify(intent);
      if (this.intentsGiven.get(node.name) === key) continue;
      this.intentsGiven.set(node.name, key);
      consumersChanged++;
      await node.consumeIntent(intent);
    }
    const ms = Date.now() - started;
    if (toReconfigure.length + consumersChanged > 0) {
      this.syncLatenciesMs.push(ms);
      this.timeline.changed('Calico change');
    }
    return { changedNodes: toReconfigure.length + consumersChanged, ms };
  }

  /** Write the node's files that differ from what was last written; their names. */
  private writeChanged(node: CalicoLabNode, files: Readonly<Record<string, string>>): string[] {
    const previous = this.written.get(node.name) ?? new Map<string, string>();
    const changed: string[] = [];
    for (const [file, text] of Object.entries(files)) {
      if (previous.get(file) === text) continue;
      node.writeFile(file, text);
      previous.set(file, text);
      changed.push(file);
    }
    this.written.set(node.name, previous);
    return changed;
  }
}
