import { imageTag } from '../images/catalog.js';
import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { containerRuntime } from '../runtime/shared.js';
import { RUN_LABEL } from './labels.js';

/** Set by `rrlab run --runtime` (or by `rrlab run` itself, once chosen) for its cucumber workers. */
export const RUNTIME_ENV = 'RRLAB_RUNTIME';

/**
 * The OCI runtimes rrlab knows, fastest first. crun (C) creates a container in a fraction of runc's
 * (Go) time; `npm run bench:bringup` measures both on the host at hand.
 */
export const PREFERRED_RUNTIMES = ['crun', 'runc'] as const;

export interface RuntimeChoice {
  runtime: string;
  /** Faster runtimes passed over, and why (not registered, or they cannot start a container here). */
  passedOver: { runtime: string; reason: string }[];
}

export async function registeredRuntimes(engine: ContainerRuntime = containerRuntime()): Promise<string[]> {
  return engine.runtimes();
}

/**
 * Whether the runtime can start a container on this host: registered is not enough (crun 1.8 refuses
 * hosts whose cgroup v2 hierarchy holds controllers beside v1's, "hybrid mode"). Undefined when it
 * can, else the engine's reason.
 */
export async function runtimeTrial(
  runtime: string,
  engine: ContainerRuntime = containerRuntime(),
): Promise<string | undefined> {
  const container = await engine.create({
    image: imageTag('base'),
    cmd: ['true'],
    labels: { [RUN_LABEL]: 'runtime-trial' },
    network: { mode: 'none' },
    runtime,
  });
  try {
    await engine.start(container);
    await engine.wait(container);
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error).replace(/^\(HTTP code \d+\)\s*\S+ error - /, '');
  } finally {
    await engine.remove(container).catch(() => undefined);
  }
}

let chosen: Promise<RuntimeChoice> | undefined;

/**
 * The runtime the lab's containers use: the one named in RRLAB_RUNTIME (it must be registered with
 * the engine), else the fastest registered one that starts a container here. Chosen once a process.
 */
export function chooseRuntime(engine: ContainerRuntime = containerRuntime()): Promise<RuntimeChoice> {
  chosen ??= (async () => {
    const registered = await registeredRuntimes(engine);
    const asked = process.env[RUNTIME_ENV];
    if (asked) {
      if (!registered.includes(asked)) {
        throw new Error(
          `${RUNTIME_ENV}=${asked}, but the Docker engine has no such runtime (it has: ${registered.join(', ') || 'none'})`,
        );
      }
      return { runtime: asked, passedOver: [] };
    }
    const passedOver: RuntimeChoice['passedOver'] = [];
    for (const runtime of PREFERRED_RUNTIMES) {
      if (!registered.includes(runtime)) {
        passedOver.push({ runtime, reason: 'not registered with the Docker engine' });
        continue;
      }
      const failure = runtime === 'runc' ? undefined : await runtimeTrial(runtime, engine);
      if (failure === undefined) return { runtime, passedOver };
      passedOver.push({ runtime, reason: failure });
    }
    return { runtime: 'runc', passedOver };
  })();
  return chosen;
}

export async function labRuntime(engine: ContainerRuntime = containerRuntime()): Promise<string> {
  return (await chooseRuntime(engine)).runtime;
}

/** "runc (crun: cannot …)": the runtime in use, and why faster ones are not. */
export function describeRuntimeChoice({ runtime, passedOver }: RuntimeChoice): string {
  const why = passedOver.map((p) => `${p.runtime}: ${p.reason}`).join('; ');
  return why ? `${runtime} (${why})` : runtime;
}
