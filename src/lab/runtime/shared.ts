import { DockerodeRuntime } from '../docker/dockerode-runtime.js';
import type { ContainerRuntime } from './container-runtime.js';

let shared: ContainerRuntime | undefined;

/** The one container runtime of the process: the Docker engine's. */
export function containerRuntime(): ContainerRuntime {
  shared ??= new DockerodeRuntime();
  return shared;
}
