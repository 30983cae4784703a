import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabNode, type NodeContext } from './lab-node.js';

/**
 * A router outside the Calico cluster, configured by hand: rrlab writes a header (router ID, what the
 * kind needs to run) and the scenario's text after it into one file. Kinds say what the header is and
 * where the file goes; keeping the header apart lets them map the daemon's line numbers back into the
 * scenario's docstring.
 */
export abstract class HandConfiguredNode extends LabNode {
  constructor(
    context: NodeContext,
    name: string,
    readonly asNumber: number,
    readonly userConfig: string,
  ) {
    super(context, name);
  }

  protected abstract header(): string[];
  protected abstract readonly configFile: string;

  get configPath(): string {
    return join(this.folder, this.configFile);
  }

  async prepare(): Promise<void> {
    this.ensureFolder();
    writeFileSync(this.configPath, [...this.header(), this.userConfig, ''].join('\n'));
  }
}
