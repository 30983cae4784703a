import { After, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import type { RrlabWorld } from './world.js';
import { liveLabs } from './live-labs.js';
import {
  METRICS_MEDIA_TYPE,
  nodeReportFileName,
  nodesNamedIn,
  observeTopology,
  renderTopologySvg,
  scenarioMetrics,
} from '../src/lab/index.js';

/** The lab as its observers saw it at the end, as a picture; on failure, the nodes the step named stand out. */
async function attachTopology(world: RrlabWorld, title: string, failure: string | undefined): Promise<void> {
  try {
    const topology = await observeTopology(world.lab);
    const highlight = failure === undefined ? new Set<string>() : nodesNamedIn(failure, topology);
    const svg = await renderTopologySvg(topology, { highlight, title });
    world.attach(Buffer.from(svg), { mediaType: 'image/svg+xml', fileName: 'topology.svg' });
  } catch (error) {
    // The picture is a report; a lab that cannot be drawn must not fail the scenario.
    world.attach(`topology picture unavailable: ${String(error)}`, 'text/plain');
  }
}

// Steps manage their own windows (60 s by default, `within N seconds`); this only stops a hung step.
setDefaultTimeout(30 * 60 * 1000);

BeforeAll(function () {
  // Ctrl-C and SIGTERM reach cucumber and each of its workers (--parallel): every process removes its
  // own labs before it exits, and `rrlab run` sweeps the whole run by label afterwards.
  const handler = (signal: NodeJS.Signals) => {
    void Promise.allSettled([...liveLabs].map((lab) => lab.dispose())).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
});

After(async function (this: RrlabWorld, { result, pickle }) {
  try {
    if (this.hasLab && this.lab.allNodes().length > 0)
      await attachTopology(this, pickle.name, result?.message);
    const latencies = this.hasLab ? [...this.lab.syncLatenciesMs].sort((a, b) => a - b) : [];
    if (latencies.length > 0) {
      // Change-to-reconfigured latency of the control plane: datastore change → every affected BIRD
      // reconfigured over its control socket.
      const median = latencies[Math.floor(latencies.length / 2)]!;
      this.attach(
        `control plane: ${latencies.length} live change(s), change to reconfigured: median ${median} ms, max ${latencies[latencies.length - 1]} ms`,
        'text/plain',
      );
    }
    // The figures `rrlab run` reads back from messages.ndjson for its summary and junit.xml.
    if (this.hasLab) this.attach(JSON.stringify(scenarioMetrics(this.lab)), METRICS_MEDIA_TYPE);
    if (result?.status === Status.FAILED && this.hasLab) {
      const diagnostics = await this.lab.diagnostics();
      for (const [node, { sections }] of diagnostics) {
        const text = sections.map(({ title, text }) => `===== ${node}: ${title} =====\n${text}`).join('\n\n');
        this.attach(text, { mediaType: 'text/plain', fileName: nodeReportFileName(node) });
      }
    }
  } finally {
    await this.disposeLab();
  }
});
