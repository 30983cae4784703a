import { existsSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { dockerClient } from './client.js';
import { logger } from '../log.js';

const log = logger('engine');

export class DockerEngineMissingError extends Error {
  override name = 'DockerEngineMissingError';
}

async function engineAnswers(): Promise<boolean> {
  try {
    await dockerClient().ping();
    return true;
  } catch {
    return false;
  }
}

function isDebianRoot(): boolean {
  return process.platform === 'linux' && existsSync('/etc/debian_version') && process.getuid?.() === 0;
}

async function commandExists(name: string): Promise<boolean> {
  const { exitCode } = await execa('sh', ['-c', `command -v ${name}`], { reject: false });
  return exitCode === 0;
}

/**
 * Make sure a Docker engine answers. Where none does on a Debian host and we are root, install Debian's
 * docker.io when dockerd is missing and start dockerd in the background; anywhere else say exactly
 * what is missing. Named steps, each logged, one plain error when none works (as testcontainers finds
 * its runtime).
 */
export async function ensureDockerEngine({ timeoutMs = 60_000 } = {}): Promise<void> {
  if (await engineAnswers()) return;
  if (!isDebianRoot()) {
    throw new DockerEngineMissingError(
      'rrlab needs a Docker engine, and `docker info` does not answer here. Start Docker (or install it: ' +
        'https://docs.docker.com/engine/install/), or set DOCKER_HOST to a running engine, then try again.',
    );
  }
  if (!(await commandExists('dockerd'))) {
    log.info('no Docker engine: installing Debian docker.io');
    await execa('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    await execa('apt-get', ['install', '-y', '-qq', 'docker.io'], {
      stdio: 'inherit',
      env: { DEBIAN_FRONTEND: 'noninteractive' },
    });
  }
  log.info('starting dockerd (log: /var/log/rrlab-dockerd.log)');
  const out = openSync('/var/log/rrlab-dockerd.log', 'a');
  const daemon = spawn('dockerd', [], { detached: true, stdio: ['ignore', out, out] });
  daemon.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await engineAnswers()) {
      log.info('dockerd answers');
      return;
    }
    if (daemon.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new DockerEngineMissingError(
    `dockerd did not answer within ${timeoutMs / 1000} s; see /var/log/rrlab-dockerd.log`,
  );
}
