import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { execa } from 'execa';
import { containerRuntime } from '../runtime/shared.js';
import { imageTag } from '../images/catalog.js';
import { createLabels, RUN_LABEL } from './labels.js';
import { EngineStalledError, settleWithin } from './engine-stall.js';
import { processAlive } from '../process-alive.js';
import { registeredRuntimes } from './runtime.js';
import { logger } from '../log.js';

const log = logger('engine');

export class DockerEngineMissingError extends Error {
  override name = 'DockerEngineMissingError';
}

async function engineAnswers(): Promise<boolean> {
  try {
    await containerRuntime().ping();
    return true;
  } catch {
    return false;
  }
}

function isDebianRoot(): boolean {
  return process.platform === 'linux' && existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

async function aptInstall(name: string): Promise<void> {
  await execa('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  await execa('apt-get', ['install', '-y', '-qq', name], {
    stdio: 'inherit',
    env: { DEBIAN_FRONTEND: 'noninteractive' },
  });
}

async function commandExists(name: string): Promise<boolean> {
  const { exitCode } = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  return exitCode === 0;
}

/**
 * Make sure a Docker engine answers and runs containers. Where none does on a Debian host and we are
 * root, install Debian's docker.io when dockerd is missing and start dockerd in the background; where
 * one answers but a probe container does not run (a deadlocked dockerd), restart it there; anywhere
 * else say exactly what is missing. Named steps, each logged, one plain error when none works (as testcontainers finds
 * its runtime).
 */
export async function ensureDockerEngine({ timeoutMs = 60_000 } = {}): Promise<void> {
  if (await engineAnswers()) {
    if (await engineFinishesContainers()) return;
    if (!isDebianRoot()) {
      throw new EngineStalledError(
        `the Docker engine answers but did not run a container within ${PROBE_TIMEOUT_MS / 1000} s: it has ` +
          'stopped handling containers (Docker 20.10 before 20.10.27 can deadlock on container cleanup, ' +
          'moby/moby#42545). Restart dockerd and try again.',
      );
    }
    log.warn('dockerd answers but no longer runs containers (deadlocked): restarting it');
    if (existsSync('/run/systemd/system')) {
      // systemd would restart a dockerd we killed behind its back: let it do the restart.
      await execa('systemctl', ['restart', 'docker'], { stdio: 'inherit' });
      await removeProbeLeftovers();
      return;
    }
    await stopDockerd();
  }
  if (!isDebianRoot()) {
    throw new DockerEngineMissingError(
      'rrlab needs a Docker engine, and `docker info` does not answer here. Start Docker (or install it: ' +
        'https://docs.docker.com/engine/install/), or set DOCKER_HOST to a running engine, then try again.',
    );
  }
  if (!(await commandExists('dockerd'))) {
    log.info('no Docker engine: installing Debian docker.io');
    await aptInstall('docker.io');
  }
  log.info('starting dockerd (log: /var/log/rrlab-dockerd.log)');
  const out = openSync('/var/log/rrlab-dockerd.log', 'a');
  const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  daemon.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await engineAnswers()) {
      log.info('dockerd answers');
      await removeProbeLeftovers();
      return;
    }
    if (daemon.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new DockerEngineMissingError(
    `dockerd did not answer within ${timeoutMs / 1000} s; see /var/log/rrlab-dockerd.log`,
  );
}

/** A deadlocked engine still answers pings and listings; only running a container tells. */
const PROBE_TIMEOUT_MS = 60_000;

/**
 * Whether the engine creates, starts and removes a container (one that exits at once) in time. Where
 * the base image is not built yet, there is nothing to run and nothing that could have deadlocked it.
 */
async function engineFinishesContainers(): Promise<boolean> {
  const engine = containerRuntime();
  const image = imageTag('base');
  if (!(await engine.imageExists(image))) return true;
  const probe = async () => {
    await removeProbeLeftovers();
    const container = await engine.create({
      name: `rrlab-${PROBE_RUN_ID}-${randomBytes(3).toString('hex')}`,
      image,
      cmd: ['true'],
      labels: createLabels({ runId: PROBE_RUN_ID, labId: PROBE_RUN_ID }),
      network: { mode: 'none' },
    });
    try {
      await engine.start(container);
      await engine.wait(container);
    } finally {
      await engine.remove(container);
    }
    return true;
  };
  // A probe that fails outright (rather than hangs) is no sign of a deadlock: the run will say what.
  return settleWithin(
    () => probe().catch(() => true),
    PROBE_TIMEOUT_MS,
    () => false,
  );
}

const PROBE_RUN_ID = 'engine-probe';

/** Probe containers an engine restart cut short (their removal was under way when dockerd went). */
async function removeProbeLeftovers(): Promise<void> {
  const engine = containerRuntime();
  for (const container of await engine.listContainers(`${RUN_LABEL}=${PROBE_RUN_ID}`)) {
    await engine.remove(container);
  }
}

/** SIGTERM, then SIGKILL: a deadlocked dockerd may never finish shutting down. */
async function stopDockerd(): Promise<void> {
  const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
  const alive = () => processAlive(pid);
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; alive() && waited < 15_000; waited += 250) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (alive()) process.kill(pid, 'SIGKILL');
  while (alive()) await new Promise((resolve) => setTimeout(resolve, 100));
}

const DAEMON_CONFIG = '/etc/docker/daemon.json';

/**
 * Register Debian's crun with the engine where we may (root on Debian): install the package when it
 * is missing, add it to daemon.json's `runtimes` and have dockerd reload that file (SIGHUP: runtimes
 * are reloadable, no restart). Elsewhere the engine's runtimes are used as they are; the lab says which.
 */
export async function ensureCrunRuntime({ timeoutMs = 15_000 } = {}): Promise<void> {
  if ((await registeredRuntimes()).includes('crun') || !isDebianRoot()) return;
  if (!(await commandExists('crun'))) {
    log.info('installing Debian crun (a faster OCI runtime than runc)');
    await aptInstall('crun');
  }
  const config = existsSync(DAEMON_CONFIG)
    ? (JSON.parse(readFileSync(DAEMON_CONFIG, 'utf8')) as { runtimes?: Record<string, unknown> })
    : {};
  config.runtimes = { ...config.runtimes, crun: { path: '/usr/bin/crun' } };
  mkdirSync('/etc/docker', { recursive: true });
  writeFileSync(DAEMON_CONFIG, `${JSON.stringify(config, null, 2)}\n`);
  const pid = Number(readFileSync('/var/run/docker.pid', 'utf8').trim());
  process.kill(pid, 'SIGHUP');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await registeredRuntimes()).includes('crun')) {
      log.info(`registered crun with dockerd (${DAEMON_CONFIG})`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  log.warn(`dockerd did not take crun from ${DAEMON_CONFIG} within ${timeoutMs / 1000} s; the lab uses runc`);
}
