import { readFileSync, writeFileSync } from 'node:fs';
import { logger } from '../log.js';

const log = logger('host');

/** The CPU weight the lab wants for the engine's container group: 64 host processes' worth (each 1024). */
export const CONTAINER_GROUP_SHARES = 65_536;

let warned = false;

/**
 * Under cgroup v1 with Docker's cgroupfs driver all containers sit in one group, `docker`, that the
 * scheduler weighs as a single task against every host process. While the engine starts a few hundred
 * containers its own processes (dockerd, containerd, runc, a shim per container) are the runnable
 * host tasks, and every node that is already up (its BIRD holding sessions, answering the lab, running
 * its timers) shares one task's CPU: a reflector then accepts a connection seconds late, peers collide
 * and BIRD's connect-delay timers replay the collision every two seconds. Give the group the largest
 * weight, so running nodes come before the engine's work for the next ones (as root; never lowered;
 * nothing to do under cgroup v2 or the systemd driver, where each container is a group of its own).
 */
export function ensureContainerCpuWeight(cgroupRoot = '/sys/fs/cgroup/cpu'): void {
  const file = `${cgroupRoot}/docker/cpu.shares`;
  let current: number;
  try {
    current = Number(readFileSync(file, 'utf8').trim());
  } catch {
    return;
  }
  if (current >= CONTAINER_GROUP_SHARES) return;
  try {
    writeFileSync(file, String(CONTAINER_GROUP_SHARES));
    log.info(
      `raised the CPU weight of the engine's container group (${file}) ${current} → ${CONTAINER_GROUP_SHARES}`,
    );
  } catch {
    if (warned) return;
    warned = true;
    log.warn(
      `nodes compete for CPU with the engine as one task (${file} is ${current}); as root: echo ${CONTAINER_GROUP_SHARES} > ${file}`,
    );
  }
}
