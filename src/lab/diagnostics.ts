import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { mapLimit } from './concurrency.js';
import { CONTAINER_LOG_TAIL } from './node-containers.js';
import type { LabNode, NodeDiagnostics } from './nodes/lab-node.js';
import type { ContainerRuntime } from './runtime/container-runtime.js';

/** What a failed scenario's report shows of its nodes: their daemons' own views, configs and logs. */
export class Diagnostics {
  constructor(private readonly engine: ContainerRuntime) {}

  /** The last lines of the node's container log; nothing before the node has a container. */
  async containerLog(node: LabNode, tail = CONTAINER_LOG_TAIL): Promise<string> {
    const { container } = node;
    return container ? this.engine.logs(container, tail) : '';
  }

  /** Everything worth attaching to a failed scenario's report, per node. */
  async of(nodes: readonly LabNode[]): Promise<Map<string, NodeDiagnostics>> {
    const out = new Map<string, NodeDiagnostics>();
    await mapLimit(nodes, 8, async (node) => {
      const sections: NodeDiagnostics['sections'] = [];
      try {
        sections.push(...(await node.diagnostics()).sections);
      } catch (error) {
        sections.push({ title: 'observer error', text: String(error) });
      }
      for (const file of filesIn(node.folder)) {
        sections.push({ title: `config ${file}`, text: readFileSync(join(node.folder, file), 'utf8') });
      }
      sections.push({ title: 'container log', text: await this.containerLog(node).catch((e) => String(e)) });
      out.set(node.name, { sections });
    });
    return out;
  }
}

function filesIn(folder: string): string[] {
  try {
    return readdirSync(folder).filter(
      (f) => /\.(cfg|conf|json|yaml)$/.test(f) && statSync(join(folder, f)).isFile(),
    );
  } catch {
    return [];
  }
}
