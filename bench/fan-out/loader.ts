/**
 * The load: N scripted route reflection clients (rrlab's multi-session peer, one iBGP session per
 * loopback address) connect to the reflector under test; every client announces its prefixes at once
 * and the clock runs until every client holds all the others' routes; then every client withdraws all
 * of them at once and the clock runs until every client holds none.
 */
import { performance } from 'node:perf_hooks';
import type { Nlri, UpdateMessage } from '../../src/bgp/codec/messages.js';
import type { RouteAttributesInput } from '../../src/bgp/peer-script/route-attributes.js';
import { ScriptedPeers } from '../../src/bgp/peer-script/scripted-peers.js';
import { ipv4ToNumber } from '../../src/net/index.js';
import {
  AS,
  clientAddress,
  clientRouterId,
  peakRssMiB,
  PREFIX_BASE,
  PREFIX_LENGTH,
  prefixes,
  REFLECTOR,
  type Scenario,
} from './common.js';

export interface LoadResult {
  readonly establishedSeconds: number;
  readonly announceSeconds: number;
  readonly withdrawSeconds: number;
  readonly peakRssMiB: number;
}

/** A phase fails when no client's table changes for this long (a reflector that stopped sending). */
const STALL_MS = 60_000;
/**
 * A phase fails past this bound even while it progresses: a reflector 20× slower than the others
 * (GoBGP sends one UPDATE per route) would otherwise hold the whole run for an hour.
 */
const PHASE_LIMIT_MS = 180_000;

/**
 * What each client holds of the other clients' prefixes: one bit per prefix of the run, set by an
 * announcement and cleared by a withdrawal, so a route sent twice counts once and both phases end
 * exactly when every table is full, or empty. A client's own prefixes are not counted (a reflector
 * sending them back would otherwise end the announce phase early).
 */
class Tables {
  private readonly bits: Uint8Array[];
  private readonly held: number[];
  private readonly expected: number;
  /** Clients holding all the others' routes, and clients holding none of them. */
  private full = 0;
  private empty: number;
  /** Bumped on every change, so a stalled phase can be told from a slow one. */
  changes = 0;
  private waiter: { readonly done: () => boolean; resolve(): void; reject(error: Error): void } | undefined;
  private failure: Error | undefined;

  constructor(private readonly scenario: Scenario) {
    const total = scenario.clients * scenario.prefixes;
    this.bits = Array.from({ length: scenario.clients }, () => new Uint8Array(Math.ceil(total / 8)));
    this.held = new Array<number>(scenario.clients).fill(0);
    this.expected = (scenario.clients - 1) * scenario.prefixes;
    this.empty = scenario.clients;
  }

  /** Applies one received UPDATE to client `i`'s table. */
  apply(i: number, update: UpdateMessage, treatAsWithdraw: boolean): void {
    const before = this.held[i] ?? 0;
    let held = before;
    const set = (nlri: readonly Nlri[], present: boolean): void => {
      const table = this.bits[i] as Uint8Array;
      for (const prefix of nlri) {
        const index = this.indexOf(i, prefix);
        if (index < 0) continue;
        const byte = index >> 3;
        const mask = 1 << (index & 7);
        const was = ((table[byte] ?? 0) & mask) !== 0;
        if (was === present) continue;
        table[byte] = (table[byte] ?? 0) ^ mask;
        held += present ? 1 : -1;
      }
    };
    set(update.withdrawn, false);
    if (update.mpUnreach?.afi === 1 && update.mpUnreach.safi === 1) set(update.mpUnreach.withdrawn, false);
    // RFC 7606 §2: an UPDATE with a malformed attribute withdraws what it announces.
    set(update.nlri, !treatAsWithdraw);
    if (update.mpReach?.afi === 1 && update.mpReach.safi === 1) set(update.mpReach.nlri, !treatAsWithdraw);
    if (held === before) return;
    this.held[i] = held;
    this.changes++;
    if (before === this.expected) this.full--;
    if (held === this.expected) this.full++;
    if (before === 0) this.empty--;
    if (held === 0) this.empty++;
    this.settle();
  }

  /** The bit of one of the run's /28s, or −1 for anything else and for client `i`'s own prefixes. */
  private indexOf(i: number, prefix: Nlri): number {
    if (prefix.afi !== 1 || prefix.length !== PREFIX_LENGTH) return -1;
    const index = (ipv4ToNumber(prefix.address) - PREFIX_BASE) / 16;
    const { clients, prefixes: count } = this.scenario;
    if (!Number.isInteger(index) || index < 0 || index >= clients * count) return -1;
    return Math.floor(index / count) === i ? -1 : index;
  }

  get allFull(): boolean {
    return this.full === this.scenario.clients;
  }

  get allEmpty(): boolean {
    return this.empty === this.scenario.clients;
  }

  /** How many clients are not yet in the state a phase waits for. */
  short(phase: 'announce' | 'withdraw'): number {
    return this.scenario.clients - (phase === 'announce' ? this.full : this.empty);
  }

  /** How far a phase got, in reflected routes delivered (announce) or taken back (withdraw). */
  progress(phase: 'announce' | 'withdraw'): string {
    const total = this.scenario.clients * this.expected;
    let held = 0;
    for (const count of this.held) held += count;
    const done = phase === 'announce' ? held : total - held;
    return `${done} of ${total} routes ${phase === 'announce' ? 'delivered' : 'withdrawn'} (${((100 * done) / total).toFixed(1)} %)`;
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.waiter?.reject(error);
    this.waiter = undefined;
  }

  /** Resolves when `done()` holds; rejects on a failure, or when nothing changes for STALL_MS. */
  async until(phase: 'announce' | 'withdraw', done: () => boolean): Promise<void> {
    const started = performance.now();
    const failed = (error: Error): Error =>
      new Error(
        `${phase} phase, after ${((performance.now() - started) / 1000).toFixed(0)} s: ${error.message}`,
      );
    if (this.failure) throw failed(this.failure);
    if (done()) return;
    let seen = this.changes;
    let quiet = 0;
    const watchdog = setInterval(() => {
      if (performance.now() - started >= PHASE_LIMIT_MS) {
        this.fail(
          new Error(
            `not done within ${PHASE_LIMIT_MS / 1000} s: ${this.progress(phase)}, ` +
              `${this.short(phase)} of ${this.scenario.clients} clients not done`,
          ),
        );
        return;
      }
      if (this.changes !== seen) {
        seen = this.changes;
        quiet = 0;
        return;
      }
      quiet += 5000;
      if (quiet >= STALL_MS) {
        this.fail(
          new Error(
            `stalled: no client's table changed for ${STALL_MS / 1000} s: ${this.progress(phase)}, ` +
              `${this.short(phase)} of ${this.scenario.clients} clients not done`,
          ),
        );
      }
    }, 5000);
    try {
      await new Promise<void>((resolve, reject) => {
        this.waiter = { done, resolve, reject: (error) => reject(failed(error)) };
      });
    } finally {
      clearInterval(watchdog);
    }
  }

  private settle(): void {
    if (this.waiter?.done()) {
      this.waiter.resolve();
      this.waiter = undefined;
    }
  }
}

/** Calico's LOCAL_PREF for a route of normal priority (2^31 − 1 − 1024). */
const CALICO_LOCAL_PREF = 2 ** 31 - 1 - 1024;

/**
 * Client i's route attributes. The NEXT_HOP is the client's router ID, not its 127.1.x.y session
 * address: GoBGP treats a loopback NEXT_HOP as a withdrawal and FRR closes the session over it
 * (martian next hop). Every reflector gets the same announcements, and none resolves next hops here.
 */
const attributes = (i: number): RouteAttributesInput => ({
  localPref: CALICO_LOCAL_PREF,
  nextHop: clientRouterId(i),
});

/** Runs both phases against the reflector listening on `port`; `pid` is the process to measure. */
export async function load(
  scenario: Scenario,
  port: number,
  pid: number,
  settleMs: number,
): Promise<LoadResult> {
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
  const tables = new Tables(scenario);
  let stopping = false;
  peers.sessions.forEach((session, i) => {
    session.on('update', (update, info) => tables.apply(i, update, info.treatAsWithdraw));
    // The loader announces once: a lost session loses its client's routes for good, and the run fails.
    session.on('down', (reason) => {
      if (!stopping) tables.fail(new Error(`loader session ${i} (${clientAddress(i)}) went down: ${reason}`));
    });
  });
  const ownPrefixes = Array.from({ length: clients }, (_, i) => prefixes(i, count));
  try {
    const connecting = performance.now();
    await peers.start();
    await peers.waitEstablished(120_000);
    const establishedSeconds = (performance.now() - connecting) / 1000;
    await new Promise((resolve) => setTimeout(resolve, settleMs));

    const announcing = performance.now();
    await Promise.all(ownPrefixes.map((own, i) => peers.announce([i], own, attributes(i))));
    await tables.until('announce', () => tables.allFull);
    const announceSeconds = (performance.now() - announcing) / 1000;

    const withdrawing = performance.now();
    await Promise.all(ownPrefixes.map((own, i) => peers.withdraw([i], own)));
    await tables.until('withdraw', () => tables.allEmpty);
    const withdrawSeconds = (performance.now() - withdrawing) / 1000;

    return { establishedSeconds, announceSeconds, withdrawSeconds, peakRssMiB: peakRssMiB(pid) };
  } finally {
    stopping = true;
    await peers.stop();
  }
}
