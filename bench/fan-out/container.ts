/**
 * A reflector daemon in a container on the host's network namespace (the loader's 127.1.x.y sessions
 * reach it over loopback), with the daemon itself as the container's process: its host pid is then
 * the container's State.Pid, the process whose peak RSS the benchmark reports.
 */
import { readFileSync } from 'node:fs';
import { dockerClient } from '../../src/lab/docker/client.js';
import { imageTag, type ImageName } from '../../src/lab/images/catalog.js';
import { RUN_LABEL, runId, waitListening, type RunningReflector } from './common.js';

export interface HostContainerSpec {
  /** Unique within the run; part of the container's name. */
  readonly name: string;
  readonly image: ImageName;
  /** The daemon and its arguments, replacing the image's entrypoint (no init, no wrapper script). */
  readonly command: readonly string[];
  /** Bind-mounted at /run/rrlab, the container's working directory. */
  readonly folder: string;
  readonly port: number;
}

/** `docker logs` output without the 8-byte stream headers of a container without a TTY. */
function demux(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const size = buffer.readUInt32BE(offset + 4);
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return Buffer.concat(parts).toString('utf8');
}

export async function startHostContainer(spec: HostContainerSpec): Promise<RunningReflector> {
  const docker = dockerClient();
  const [program, ...args] = spec.command;
  const container = await docker.createContainer({
    name: `rrlab-${runId}-${spec.name}`,
    Image: imageTag(spec.image),
    Labels: { [RUN_LABEL]: runId },
    Entrypoint: [program ?? ''],
    Cmd: args,
    WorkingDir: '/run/rrlab',
    HostConfig: { NetworkMode: 'host', Binds: [`${spec.folder}:/run/rrlab`] },
  });
  const remove = async (): Promise<void> => {
    await container.remove({ force: true }).catch((error: unknown) => {
      // Already gone, or going (a concurrent `rrlab down --all`, the signal handler below), is what we
      // wanted.
      if (!/\b(404|409)\b/.test(String(error))) throw error;
    });
  };
  try {
    await container.start();
    const pid = (await container.inspect()).State.Pid;
    const gone = async (): Promise<string | undefined> => {
      const state = (await container.inspect()).State;
      if (state.Running) return undefined;
      const logs = demux(await container.logs({ stdout: true, stderr: true, tail: 20 }));
      return `${program} exited (status ${state.ExitCode}): ${logs.trim() || 'no output'}`;
    };
    await waitListening(spec.port, gone);
    // The figure must be the daemon's own, not a shell's or an init's.
    const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    const expected = (program ?? '').split('/').pop() ?? '';
    if (!expected.startsWith(comm)) throw new Error(`pid ${pid} is "${comm}", not ${expected}`);
    return { pid, stop: remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

/**
 * Removes this run's containers, then runs `cleanup`, when the run is interrupted: finally blocks do
 * not run on signals.
 */
export function removeOnSignal(cleanup: () => void): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const docker = dockerClient();
      void docker
        .listContainers({ all: true, filters: { label: [`${RUN_LABEL}=${runId}`] } })
        .then((list) => Promise.all(list.map((c) => docker.getContainer(c.Id).remove({ force: true }))))
        .catch(() => undefined)
        .finally(() => {
          cleanup();
          process.exit(130);
        });
    });
  }
}
