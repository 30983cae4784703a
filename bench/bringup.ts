/**
 * Bring-up benchmark: 2 route reflectors + N calico nodes (one workload each) from nothing to every
 * configured session established, every block learned and the full workload reachability matrix — next
 * to floors measured in the same run: N + 2 bare containers created and started through the Docker API
 * with the same concurrency, on a Docker network and with `NetworkMode: none`, under each registered
 * runtime (runc, crun). Last line: `bringup N nodes: T s (floor F s, ratio R)`, F being the
 * no-network floor of the runtime the lab uses.
 *
 *   npm run bench:bringup -- [--nodes 200]
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { containerRuntime } from '../src/lab/runtime/shared.js';
import { createLabels } from '../src/lab/docker/labels.js';
import { ensureDockerEngine } from '../src/lab/docker/engine.js';
import {
  labRuntime,
  PREFERRED_RUNTIMES,
  registeredRuntimes,
  runtimeTrial,
} from '../src/lab/docker/runtime.js';
import { buildImages } from '../src/lab/images/build-images.js';
import { imageTag } from '../src/lab/images/catalog.js';
import { removeLabelled } from '../src/lab/cleanup.js';
import { mapLimit } from '../src/lab/concurrency.js';
import { Lab, START_CONCURRENCY } from '../src/lab/lab.js';
import { createLabNetwork, labNetworkMode } from '../src/lab/network/create-network.js';
import { eventually } from '../src/lab/eventually.js';
import { unestablishedConfiguredSessions } from '../src/lab/checks/configured-sessions.js';
import { learnMismatches } from '../src/lab/checks/route-checks.js';
import { ReachabilityMatrix } from '../src/lab/workloads/probe.js';
import type { Workload } from '../src/lab/workloads/workload.js';

const { values } = parseArgs({ options: { nodes: { type: 'string', default: '200' } } });
const nodeCount = Number(values.nodes);
const runId = `bench-${randomBytes(3).toString('hex')}`;

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** A floor: bare containers (sleeping) created and started 16 at a time, then removed (not timed). */
async function measureFloor(runtime: string, networking: 'docker' | 'none'): Promise<number> {
  const engine = containerRuntime();
  const labId = `floor${randomBytes(2).toString('hex')}`;
  const networkMode =
    networking === 'docker' ? (await createLabNetwork('docker', runId, labId, engine)).name : 'none';
  const started = Date.now();
  await mapLimit(
    Array.from({ length: nodeCount + 2 }, (_, i) => i),
    START_CONCURRENCY,
    async (i) => {
      const container = await engine.create({
        name: `rrlab-${labId}-${i}`,
        image: imageTag('base'),
        cmd: ['sleep', 'infinity'],
        labels: createLabels({ runId, labId }),
        network: { mode: networkMode },
        runtime,
      });
      await engine.start(container);
    },
  );
  const elapsed = Date.now() - started;
  await removeLabelled({ labId });
  console.log(
    `floor: ${nodeCount + 2} bare containers, ${networking === 'docker' ? 'Docker network' : 'NetworkMode none'}, ${runtime}: ${seconds(elapsed)} s (${START_CONCURRENCY} in flight)`,
  );
  return elapsed;
}

async function measureLab(): Promise<{ ms: number; phases: string[] }> {
  const lab = new Lab({ runId });
  const phases: string[] = [];
  const started = Date.now();
  const mark = (what: string) => phases.push(`${what.padEnd(34)} ${seconds(Date.now() - started)} s`);
  try {
    lab.calico.setMeshEnabled(false);
    for (const rr of ['rr-1', 'rr-2'])
      await lab.declareCalicoNode(rr, { clusterId: '224.0.0.1', labels: { 'route-reflector': 'true' } });
    const clients = Array.from({ length: nodeCount }, (_, i) => `client-${i + 1}`);
    for (const name of clients) await lab.declareCalicoNode(name);
    await lab.addWorkloads(clients.map((name) => [name, 'w1'] as [string, string]));
    lab.calico.applyYaml(
      [
        'apiVersion: projectcalico.org/v3',
        'kind: BGPPeer',
        'metadata:',
        '  name: peer-with-route-reflectors',
        'spec:',
        '  nodeSelector: all()',
        "  peerSelector: route-reflector == 'true'",
      ].join('\n'),
    );
    await lab.start();
    mark('containers up, BIRD answering');
    await eventually(
      async () => {
        const missing = await unestablishedConfiguredSessions(lab);
        if (missing.length > 0) throw new Error(missing.slice(0, 3).join('\n'));
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    mark('all configured sessions established');
    await eventually(
      async () => {
        const missing = await learnMismatches(
          lab,
          clients,
          [{ kind: 'workload-blocks', nodes: clients }],
          true,
        );
        if (missing.length > 0) throw new Error(missing.slice(0, 3).join('\n'));
      },
      { timeoutMs: 600_000, intervalMs: 500 },
    );
    mark('every block learned');
    const workloads = lab.workloads();
    const pairs = workloads.flatMap((a) =>
      workloads.filter((b) => b !== a).map((b) => [a, b] as [Workload, Workload]),
    );
    // As the scenarios' reachability step does: later rounds probe only the pairs still silent.
    const matrix = new ReachabilityMatrix(lab, pairs);
    await eventually(
      async () => {
        const failed = await matrix.unreachable();
        if (failed.length > 0) throw new Error(`${failed.length} pairs unreachable`);
      },
      { timeoutMs: 600_000, intervalMs: 1000 },
    );
    mark(`reachability matrix (${pairs.length} pairs)`);
    return { ms: Date.now() - started, phases };
  } finally {
    await lab.dispose();
  }
}

async function main(): Promise<void> {
  await ensureDockerEngine();
  await buildImages();
  const handler = () => void removeLabelled({ runId }).finally(() => process.exit(130));
  process.once('SIGINT', handler);
  process.once('SIGTERM', handler);
  try {
    const registered = await registeredRuntimes();
    const runtimes = PREFERRED_RUNTIMES.filter((r) => registered.includes(r));
    const runtime = await labRuntime();
    const mode = labNetworkMode();
    await measureFloor(runtime, 'docker');
    const noNetworkFloors = new Map<string, number>();
    for (const r of runtimes) {
      const failure = await runtimeTrial(r);
      if (failure === undefined) noNetworkFloors.set(r, await measureFloor(r, 'none'));
      else console.log(`floor: ${r} cannot start a container here: ${failure}`);
    }
    const floorMs = noNetworkFloors.get(runtime) ?? (await measureFloor(runtime, 'none'));
    console.log(`lab: runtime ${runtime}, network mode ${mode}`);
    const { ms, phases } = await measureLab();
    for (const phase of phases) console.log(`  ${phase}`);
    console.log(`peak RSS of rrlab: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
    console.log(
      `bringup ${nodeCount} nodes: ${seconds(ms)} s (floor ${seconds(floorMs)} s, ratio ${(ms / floorMs).toFixed(2)})`,
    );
  } finally {
    await removeLabelled({ runId });
  }
}

await main();
