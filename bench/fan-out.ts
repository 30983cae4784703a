/**
 * Fan-out over real sockets: N route reflection clients each announce P prefixes (Calico-style: ORIGIN
 * IGP, empty AS_PATH, LOCAL_PREF 2^31 − 1 − 1024; NEXT_HOP the client's router ID, see loader.ts), and
 * every client must receive the N − 1 others' routes, reflected; then every client withdraws all of
 * its prefixes, and every client must end up holding none of the others'. The loader is rrlab's
 * scripted multi-session peer (N sessions from N loopback addresses); the reflectors under test, one
 * after the other against the same loader in the same run, are:
 *
 *   ts      rrlab's TypeScript reflector, a child process configured from a Calico intent (a Node with
 *           `routeReflectorClusterID`, a BGPPeer selecting it, an IP pool over the clients' prefixes);
 *   bird2   BIRD 2.0.12 with `rr client` sessions, configured by hand;
 *   bird16  BIRD 1.6.8 configured by rrlab's confd port from the same Calico resources as `ts`;
 *   frr     FRR 8.4's bgpd with a route-reflector-client peer group, without zebra;
 *   gobgp   GoBGP 3.10 with route-reflector-client neighbors.
 *
 * The daemons run in containers on the host's network namespace (loopback only). Sessions come up
 * first (timed apart), then are left alone for a second, or for as long as the reflector holds back
 * advertisements after start-up by design (FRR's update-group coalesce timer). The announce time runs
 * from the moment every client starts announcing until every client holds its (N − 1) × P reflected
 * routes; the withdraw time from the moment every client starts withdrawing until every client holds
 * none; routes are counted as distinct prefixes. Memory is the reflector process's peak resident set
 * (VmHWM) over both phases; beside it, the peak once listening and before any client connects (idle:
 * the runtime itself, a floor no reflection work goes below). The loader decodes every UPDATE it receives, the same work for every
 * reflector, so it caps how fast any can appear. Each size ends with the line
 * `fan-out NxP: time ratio R, memory ratio M` (TS / BIRD 2; R from the announce times).
 *
 *   node dist/bench/fan-out.js                       (200x100 and 50x10000, every reflector)
 *   node dist/bench/fan-out.js 200x100 --reflectors ts,bird2
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { bird16 } from './fan-out/bird16.js';
import { bird2 } from './fan-out/bird2.js';
import {
  deliveredRoutes,
  listening,
  peakRssMiB,
  REFLECTOR_KEYS,
  scenarioLabel,
  SETTLE_MS,
  type Reflector,
  type ReflectorKey,
  type Scenario,
} from './fan-out/common.js';
import { removeOnSignal } from './fan-out/container.js';
import { frr } from './fan-out/frr.js';
import { gobgp } from './fan-out/gobgp.js';
import { load, type LoadResult } from './fan-out/loader.js';
import { tsReflector } from './fan-out/ts-reflector.js';

const REFLECTORS: Record<ReflectorKey, Reflector> = { ts: tsReflector, bird2, bird16, frr, gobgp };

interface Measurement extends LoadResult {
  readonly reflector: Reflector;
  /** Peak RSS once listening, before any client connects: the runtime and the daemon at rest. */
  readonly idleRssMiB: number;
}

function parseCommandLine(): { scenarios: Scenario[]; reflectors: Reflector[] } {
  const { values, positionals } = parseArgs({
    options: { reflectors: { type: 'string', default: REFLECTOR_KEYS.join(',') } },
    allowPositionals: true,
  });
  const scenarios = (positionals.length > 0 ? positionals : ['200x100', '50x10000']).map((text) => {
    const [clients, count] = text.split('x').map(Number);
    if (!clients || !count || clients < 2) throw new Error(`scenario "${text}" is not CLIENTSxPREFIXES`);
    return { clients, prefixes: count };
  });
  const keys = values.reflectors.split(',').filter((key) => key !== '');
  for (const key of keys) {
    if (!(REFLECTOR_KEYS as readonly string[]).includes(key))
      throw new Error(`unknown reflector "${key}" (known: ${REFLECTOR_KEYS.join(', ')})`);
  }
  // The table's order, whatever the option's: TS first, since every line compares with it.
  const reflectors = REFLECTOR_KEYS.filter((key) => keys.includes(key)).map((key) => REFLECTORS[key]);
  return { scenarios, reflectors };
}

const ratio = (ts: number | undefined, other: number): string =>
  ts === undefined ? 'n/a' : (ts / other).toFixed(2);

function format(m: Measurement, scenario: Scenario, ts: Measurement | undefined): string {
  return (
    `  ${m.reflector.name.padEnd(20)}` +
    `  announce ${m.announceSeconds.toFixed(2).padStart(7)} s` +
    `  withdraw ${m.withdrawSeconds.toFixed(2).padStart(7)} s` +
    `  ${(deliveredRoutes(scenario) / m.announceSeconds / 1000).toFixed(0).padStart(5)} k routes/s` +
    `  peak RSS ${m.peakRssMiB.toFixed(1).padStart(6)} MiB (idle ${m.idleRssMiB.toFixed(1).padStart(5)})` +
    `  TS/this: time ${ratio(ts?.announceSeconds, m.announceSeconds)},` +
    ` memory ${ratio(ts?.peakRssMiB, m.peakRssMiB)}` +
    `  (sessions up ${m.establishedSeconds.toFixed(2)} s)`
  );
}

/** The next port from `from` on which nothing listens (other engineers' labs share this host). */
function freePort(from: number): number {
  let port = from;
  // GoBGP's API takes port + 20000 (see gobgp.ts).
  while (listening(port) || listening(port + 20_000)) port++;
  return port;
}

async function measure(
  reflector: Reflector,
  scenario: Scenario,
  folder: string,
  port: number,
): Promise<Measurement> {
  const own = join(folder, `${reflector.key}-${port}`);
  mkdirSync(own);
  const running = await reflector.start(own, port, scenario);
  try {
    const idleRssMiB = peakRssMiB(running.pid);
    const settleMs = Math.max(SETTLE_MS, reflector.settleMs?.(scenario) ?? 0);
    try {
      return { reflector, idleRssMiB, ...(await load(scenario, port, running.pid, settleMs)) };
    } catch (error) {
      // A reflector that did not finish still tells how much memory it took getting there.
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`${message}; peak RSS ${peakRssMiB(running.pid).toFixed(1)} MiB`, { cause: error });
    }
  } finally {
    await running.stop();
  }
}

async function main(): Promise<void> {
  const { scenarios, reflectors } = parseCommandLine();
  const folder = mkdtempSync(join(tmpdir(), 'rrlab-fan-out-'));
  removeOnSignal(() => rmSync(folder, { recursive: true, force: true }));
  let port = 11790;
  try {
    for (const scenario of scenarios) {
      const label = scenarioLabel(scenario);
      console.log(
        `fan-out ${label}: ${scenario.clients} clients × ${scenario.prefixes} prefixes, ` +
          `${deliveredRoutes(scenario)} reflected routes delivered, then withdrawn`,
      );
      const results = new Map<ReflectorKey, Measurement>();
      for (const reflector of reflectors) {
        port = freePort(port);
        try {
          const m = await measure(reflector, scenario, folder, port++);
          results.set(reflector.key, m);
          console.log(format(m, scenario, results.get('ts')));
        } catch (error) {
          const reason = error instanceof Error ? error.message : String(error);
          console.log(`  ${reflector.name.padEnd(20)}  FAILED: ${reason.replace(/\s*\n\s*/g, ' | ')}`);
        }
      }
      const ts = results.get('ts');
      const bird = results.get('bird2');
      console.log(
        `fan-out ${label}: time ratio ${bird ? ratio(ts?.announceSeconds, bird.announceSeconds) : 'n/a'}, ` +
          `memory ratio ${bird ? ratio(ts?.peakRssMiB, bird.peakRssMiB) : 'n/a'}`,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
