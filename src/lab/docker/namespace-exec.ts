import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import type { ExecResult } from '../runtime/container-runtime.js';

/** `engine` makes every exec go through the engine's API, even where the host could enter itself. */
export const EXEC_ENV = 'RRLAB_EXEC';

/** What a shell started by the engine's exec would find, instead of the host's environment. */
const CONTAINER_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
};

/**
 * Whether scripts can run in a container by entering its namespaces from the host (nsenter): as root,
 * on Linux, with the engine on this host's own socket. An exec through the engine's API costs a round
 * trip through dockerd, containerd and a shim — about 125 ms alone, and over a second each while
 * hundreds of containers start — where nsenter costs a fork.
 */
export function hostCanEnterContainers(): boolean {
  if (process.env[EXEC_ENV] === 'engine') return false;
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const host = process.env['DOCKER_HOST'];
  return host === undefined || host === '' || host.startsWith('unix://');
}

/** Whether `pid` is still the first process of the container: it changes with every (re)start. */
export function isProcessOf(pid: number, containerId: string): boolean {
  try {
    return readFileSync(`/proc/${pid}/cgroup`, 'utf8').includes(containerId);
  } catch {
    return false;
  }
}

/**
 * Run a shell script in the mount, UTS, IPC, network and PID namespaces of process `pid`, as the
 * engine's exec would: the container's files and binaries, its hostname, its network, its PIDs.
 */
export async function execInNamespaces(pid: number, script: string): Promise<ExecResult> {
  const result = await execa(
    'nsenter',
    ['-t', String(pid), '-m', '-u', '-i', '-n', '-p', '--root', '--wd', '--', 'sh', '-c', script],
    {
      env: CONTAINER_ENV,
      extendEnv: false,
      stripFinalNewline: false,
      all: true,
      reject: false,
      stdin: 'ignore',
    },
  );
  return { exitCode: result.exitCode ?? -1, output: String(result.all ?? '') };
}
