/**
 * A reflector daemon in a container on the host's network namespace (the loader's 127.1.x.y sessions
 * reach it over loopback), with the daemon itself as the container's process: its host pid is then
 * the container's State.Pid, the process whose peak RSS the benchmark reports.
 */
import { readFileSync } from 'node:fs';
import { containerRuntime } from '../../src/lab/runtime/shared.js';
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

export async function startHostContainer(spec: HostContainerSpec): Promise<RunningReflector> {
  const engine = containerRuntime();
  const [program, ...args] = spec.command;
  const container = await engine.create({
    name: `rrlab-${runId}-${spec.name}`,
    image: imageTag(spec.image),
    labels: { [RUN_LABEL]: runId },
    entrypoint: [program ?? ''],
    cmd: args,
    workdir: '/run/rrlab',
    network: { mode: 'host' },
    binds: [`${spec.folder}:/run/rrlab`],
  });
  const remove = async (): Promise<void> => {
    await engine.remove(container).catch((error: unknown) => {
      // Already gone, or going (a concurrent `rrlab down --all`, the signal handler below), is what we
      // wanted.
      if (!/\b(404|409)\b/.test(String(error))) throw error;
    });
  };
  try {
    await engine.start(container);
    const { pid } = await engine.state(container);
    const gone = async (): Promise<string | undefined> => {
      const state = await engine.state(container);
      if (state.running) return undefined;
      const logs = await engine.logs(container, 20);
      return `${program} exited (status ${state.exitCode}): ${logs.trim() || 'no output'}`;
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
      const engine = containerRuntime();
      void engine
        .listContainers(`${RUN_LABEL}=${runId}`)
        .then((list) => Promise.all(list.map((c) => engine.remove(c))))
        .catch(() => undefined)
        .finally(() => {
          cleanup();
          process.exit(130);
        });
    });
  }
}
