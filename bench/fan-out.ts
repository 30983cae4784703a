/**
 * Fan-out over real sockets: N route reflection clients each announce P prefixes (Calico-style: ORIGIN
 * IGP, empty AS_PATH, NEXT_HOP the client, LOCAL_PREF 2^31 − 1 − 1024), and every client must receive
 * the N − 1 others' routes, reflected. The loader is rrlab's scripted multi-session peer (N sessions
 * from N loopback addresses); the reflector under test is, in the same run:
 *
 *   - rrlab's TypeScript reflector, as a child process (`dist/src/reflector/daemon/main.js`), configured
 *     from a Calico intent (a Node with `routeReflectorClusterID` and a BGPPeer selecting it);
 *   - BIRD 2 (Debian's 2.0.12, the lab's `bird` image) with `rr client` sessions, in a container on
 *     the host's network namespace (loopback only).
 *
 * Sessions come up first (timed apart); then every client announces at once, and the clock runs until
 * every client holds its (N − 1) × P reflected routes, counted as distinct prefixes. Memory is the
 * reflector process's peak resident set (VmHWM). The loader decodes and records every UPDATE it
 * receives, the same work for both reflectors, so it caps how fast either can appear.
 *
 *   node dist/bench/fan-out.js                 (200x100 and 50x10000)
 *   node dist/bench/fan-out.js 200x100
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { applyDocuments } from '../src/calico/documents.js';
import { computeNodeIntent } from '../src/calico/intent.js';
import { emptyCalicoState } from '../src/calico/model/state.js';
import { loadCalicoYaml } from '../src/calico/yaml.js';
import { ScriptedPeers } from '../src/bgp/peer-script/scripted-peers.js';
import { dockerClient } from '../src/lab/docker/client.js';
import { imageTag } from '../src/lab/images/catalog.js';

const AS = 64512;
const REFLECTOR = '127.0.0.1';
const RUN_LABEL = 'io.rrlab.run';
const runId = `bench-fan-out-${process.pid}`;

interface Scenario {
  readonly clients: number;
  readonly prefixes: number;
}

interface Measurement {
  readonly name: string;
  readonly seconds: number;
  readonly establishedSeconds: number;
  readonly peakRssMiB: number;
}

const clientAddress = (i: number): string => `127.1.${(i >> 8) & 0xff}.${(i & 0xff) + 1}`;
const clientRouterId = (i: number): string => `10.254.${(i >> 8) & 0xff}.${(i & 0xff) + 1}`;

/** Client i's j-th prefix: a /28 in 10.0.0.0/8, unique across clients. */
function prefixes(i: number, count: number): string[] {
  const out: string[] = [];
  for (let j = 0; j < count; j++) {
    const value = ((10 << 24) + (i * count + j) * 16) >>> 0;
    out.push(`${value >>> 24}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xf0}/28`);
  }
  return out;
}

function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Connects the loader, announces, waits until every client has every other client's routes. */
async function load(scenario: Scenario, port: number, pid: () => number): Promise<Omit<Measurement, 'name'>> {
  const { clients, prefixes: count } = scenario;
  const peers = new ScriptedPeers({
    target: { address: REFLECTOR, port, as: AS },
    localAs: AS,
    holdTime: 240,
    connectRetryTime: 1,
    sessions: Array.from({ length: clients }, (_, i) => ({
      localAddress: clientAddress(i),
      routerId: clientRouterId(i),
    })),
  });
  // Records of every received prefix would hold (N − 1) × N × P strings: keep none.
  peers.on('record', () => {
    peers.records.length = 0;
  });
  // Distinct prefixes per client, one bit per prefix of the run: a route sent twice counts once, so
  // completion means every client really holds every other client's routes.
  const total = clients * count;
  const seen = Array.from({ length: clients }, () => new Uint8Array(Math.ceil(total / 8)));
  const received = new Array<number>(clients).fill(0);
  const expected = (clients - 1) * count;
  let complete = 0;
  let resolveDone: () => void = () => undefined;
  let rejectDone: (error: Error) => void = () => undefined;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  const base = (10 << 24) >>> 0;
  peers.sessions.forEach((session, i) =>
    session.on('update', (update) => {
      const bits = seen[i] as Uint8Array;
      let fresh = 0;
      for (const nlri of update.nlri) {
        const a = nlri.address;
        const value = (((a[0] ?? 0) << 24) | ((a[1] ?? 0) << 16) | ((a[2] ?? 0) << 8) | (a[3] ?? 0)) >>> 0;
        const index = (value - base) / 16;
        if (nlri.length !== 28 || index < 0 || index >= total) continue;
        const mask = 1 << (index & 7);
        if (((bits[index >> 3] ?? 0) & mask) !== 0) continue;
        bits[index >> 3] = (bits[index >> 3] ?? 0) | mask;
        fresh++;
      }
      if (update.withdrawn.length > 0)
        throw new Error(`client ${i} received withdrawals during the initial load`);
      const before = received[i] ?? 0;
      received[i] = before + fresh;
      if (before < expected && before + fresh >= expected && ++complete === clients) resolveDone();
    }),
  );
  // A lost session would lose its client's routes for good (the loader announces once): the run fails.
  peers.sessions.forEach((session, i) =>
    session.on('down', (reason) =>
      rejectDone(new Error(`loader session ${i} (${clientAddress(i)}) went down: ${reason}`)),
    ),
  );
  const connecting = performance.now();
  await peers.start();
  await peers.waitEstablished(120_000);
  const establishedSeconds = (performance.now() - connecting) / 1000;
  // Every client announces at once; the clock runs until every client holds every other client's routes.
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => peers.announce([i], prefixes(i, count))));
  const timeout = setTimeout(() => {
    const short = received.filter((n) => n < expected).length;
    process.stderr.write(`fan-out: still waiting after 120 s: ${short} of ${clients} clients lack routes\n`);
  }, 120_000);
  try {
    await done;
  } finally {
    clearTimeout(timeout);
  }
  const seconds = (performance.now() - started) / 1000;
  const rss = peakRssMiB(pid());
  await peers.stop();
  return { seconds, establishedSeconds, peakRssMiB: rss };
}

function calicoIntent(clients: number) {
  const docs = [
    `apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: ts-rr, labels: { route-reflector: "true" } }
spec: { bgp: { ipv4Address: ${REFLECTOR}/8, routeReflectorClusterID: 224.0.0.1 } }`,
    ...Array.from(
      { length: clients },
      (_, i) => `apiVersion: projectcalico.org/v3
kind: Node
metadata: { name: client-${i} }
spec: { bgp: { ipv4Address: ${clientAddress(i)}/8 } }`,
    ),
    `apiVersion: projectcalico.org/v3
kind: BGPPeer
metadata: { name: peer-with-route-reflectors }
spec: { nodeSelector: all(), peerSelector: route-reflector == 'true' }`,
  ];
  const state = applyDocuments(emptyCalicoState(), loadCalicoYaml(docs.join('\n---\n'), 'bench'));
  return computeNodeIntent(state, 'ts-rr');
}

async function runTypeScript(scenario: Scenario, folder: string, port: number): Promise<Measurement> {
  const intentFile = join(folder, 'intent.json');
  writeFileSync(intentFile, JSON.stringify(calicoIntent(scenario.clients)));
  const main = fileURLToPath(new URL('../src/reflector/daemon/main.js', import.meta.url));
  const child: ChildProcess = spawn(
    process.execPath,
    [main, '--intent', intentFile, '--listen', REFLECTOR, '--port', String(port), '--log-level', 'warn'],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { name: 'rrlab TS reflector', ...(await load(scenario, port, () => child.pid ?? 0)) };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function birdConfig(scenario: Scenario, port: number): string {
  const lines = [
    `router id ${REFLECTOR};`,
    'protocol device {}',
    'template bgp clients {',
    `  local ${REFLECTOR} port ${port} as ${AS};`,
    '  rr client;',
    '  rr cluster id 224.0.0.1;',
    '  passive on;',
    '  ipv4 { import all; export all; };',
    '}',
  ];
  for (let i = 0; i < scenario.clients; i++)
    lines.push(`protocol bgp c${i} from clients { neighbor ${clientAddress(i)} as ${AS}; }`);
  return lines.join('\n') + '\n';
}

async function runBird(scenario: Scenario, folder: string, port: number): Promise<Measurement> {
  writeFileSync(join(folder, 'bird.conf'), birdConfig(scenario, port));
  const docker = dockerClient();
  const container = await docker.createContainer({
    name: `rrlab-${runId}-bird2`,
    Image: imageTag('bird'),
    Labels: { [RUN_LABEL]: runId },
    HostConfig: { NetworkMode: 'host', Binds: [`${folder}:/run/rrlab`] },
  });
  try {
    await container.start();
    const pid = (await container.inspect()).State.Pid;
    await new Promise((resolve) => setTimeout(resolve, 500));
    return { name: 'BIRD 2.0.12', ...(await load(scenario, port, () => pid)) };
  } finally {
    await container.remove({ force: true }).catch((error: unknown) => {
      // Already gone (a concurrent `rrlab down --all`) is what we wanted.
      if (!String(error).includes('404')) throw error;
    });
  }
}

function format(m: Measurement, scenario: Scenario): string {
  const routes = scenario.clients * (scenario.clients - 1) * scenario.prefixes;
  return (
    `  ${m.name.padEnd(20)} ${m.seconds.toFixed(2).padStart(8)} s (sessions up ${m.establishedSeconds.toFixed(2)} s)` +
    `  ${(routes / m.seconds / 1000).toFixed(0).padStart(6)} k routes/s delivered` +
    `  peak RSS ${m.peakRssMiB.toFixed(1).padStart(7)} MiB`
  );
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const scenarios: Scenario[] = (wanted.length > 0 ? wanted : ['200x100', '50x10000']).map((text) => {
    const [clients, count] = text.split('x').map(Number);
    if (!clients || !count) throw new Error(`scenario "${text}" is not CLIENTSxPREFIXES`);
    return { clients, prefixes: count };
  });
  const folder = mkdtempSync(join(tmpdir(), 'rrlab-fan-out-'));
  let port = 11790;
  try {
    for (const scenario of scenarios) {
      const label = `${scenario.clients}x${scenario.prefixes}`;
      console.log(
        `fan-out ${label}: ${scenario.clients} clients × ${scenario.prefixes} prefixes, ` +
          `${scenario.clients * (scenario.clients - 1) * scenario.prefixes} reflected routes delivered`,
      );
      const ts = await runTypeScript(scenario, folder, port++);
      console.log(format(ts, scenario));
      const bird = await runBird(scenario, folder, port++);
      console.log(format(bird, scenario));
      console.log(
        `fan-out ${label}: time ratio ${(ts.seconds / bird.seconds).toFixed(2)}, ` +
          `memory ratio ${(ts.peakRssMiB / bird.peakRssMiB).toFixed(2)}`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
