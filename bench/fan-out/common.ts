/**
 * What every part of the fan-out benchmark shares: the scenario, the addresses the loader and the
 * reflectors use, and the one interface a reflector under test implements.
 */
import { readFileSync } from 'node:fs';
import { formatIpv4Number } from '../../src/net/index.js';

export const AS = 64512;
export const REFLECTOR = '127.0.0.1';
export const CLUSTER_ID = '224.0.0.1';
export const RUN_LABEL = 'io.rrlab.run';
export const runId = `bench-fan-out-${process.pid}`;

export interface Scenario {
  readonly clients: number;
  readonly prefixes: number;
}

export const scenarioLabel = (s: Scenario): string => `${s.clients}x${s.prefixes}`;

/** Reflected routes one phase delivers: every client gets every other client's prefixes. */
export const deliveredRoutes = (s: Scenario): number => s.clients * (s.clients - 1) * s.prefixes;

export const clientAddress = (i: number): string => `127.1.${(i >> 8) & 0xff}.${(i & 0xff) + 1}`;
export const clientRouterId = (i: number): string => `10.254.${(i >> 8) & 0xff}.${(i & 0xff) + 1}`;

/** Every client prefix is a /28 in this /8, so the loader can index them without parsing strings. */
export const PREFIX_BASE = (10 << 24) >>> 0;
export const PREFIX_LENGTH = 28;

/** Client i's j-th prefix: the (i × count + j)-th /28 of 10.0.0.0/8, unique across clients. */
export function prefixes(i: number, count: number): string[] {
  const out: string[] = [];
  for (let j = 0; j < count; j++) {
    const value = (PREFIX_BASE + (i * count + j) * 16) >>> 0;
    out.push(`${formatIpv4Number(value)}/28`);
  }
  return out;
}

/** A reflector that is up: `pid` is the process whose peak RSS is reported. */
export interface RunningReflector {
  readonly pid: number;
  stop(): Promise<void>;
}

export interface Reflector {
  /** The name `--reflectors` takes. */
  readonly key: ReflectorKey;
  /** The name the table prints. */
  readonly name: string;
  /**
   * Starts the reflector for `scenario`, listening for the clients on 127.0.0.1:`port`; `folder` is
   * its own, empty. Resolves once it listens; on failure it has cleaned up after itself.
   */
  start(folder: string, port: number, scenario: Scenario): Promise<RunningReflector>;
  /**
   * How long the reflector may hold back what it learns after its sessions came up, by design. The
   * announce phase starts after that (and at least SETTLE_MS): a reflector's sessions are normally up
   * long before a burst of routes, and a start-up timer is not reflection speed.
   */
  readonly settleMs?: (scenario: Scenario) => number;
}

export const SETTLE_MS = 1000;

export const REFLECTOR_KEYS = ['ts', 'bird2', 'bird16', 'frr', 'gobgp'] as const;
export type ReflectorKey = (typeof REFLECTOR_KEYS)[number];

export function peakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmHWM:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmHWM for pid ${pid}`);
  return Number(match[1]) / 1024;
}

/** Whether some socket of this network namespace listens on TCP `port` (IPv4 or IPv6). */
export function listening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      // Field 1 is local address:port in hex, field 3 the state; 0A is LISTEN.
      if (fields[3] === '0A' && fields[1]?.endsWith(`:${hexPort}`)) return true;
    }
  }
  return false;
}

/**
 * Waits until something listens on `port`. Reads /proc/net rather than connecting, so the daemon never
 * sees a stray connection from an unknown peer. `gone` returns why the daemon is not running, if it
 * is not, so a daemon that dies at start fails the wait at once with its own words.
 */
export async function waitListening(
  port: number,
  gone: () => Promise<string | undefined>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (listening(port)) return;
    const reason = await gone();
    if (reason !== undefined) throw new Error(reason);
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
