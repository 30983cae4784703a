import type { ContainerRuntime } from '../runtime/container-runtime.js';
import { DockerLabNetwork } from './docker-network.js';
import { NETWORK_MODE_ENV, type LabNetwork, type NetworkMode } from './lab-network.js';
import { OwnLabNetwork } from './own-network.js';

const MODES: readonly NetworkMode[] = ['own', 'docker'];

/** Whether this process may wire its own links: root on Linux (netlink in other namespaces). */
function mayWireOwn(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0;
}

/** The mode asked for in RRLAB_NETWORK_MODE, else `own` where the lab may wire its own, else `docker`. */
export function labNetworkMode(): NetworkMode {
  const asked = process.env[NETWORK_MODE_ENV];
  if (asked !== undefined && asked !== '') {
    if (!MODES.includes(asked as NetworkMode)) {
      throw new Error(`${NETWORK_MODE_ENV}=${asked}: the network mode is "own" or "docker"`);
    }
    if (asked === 'own' && !mayWireOwn()) {
      throw new Error(
        `${NETWORK_MODE_ENV}=own needs root on Linux (the lab moves interfaces into the nodes' namespaces); use "docker"`,
      );
    }
    return asked as NetworkMode;
  }
  return mayWireOwn() ? 'own' : 'docker';
}

export async function createLabNetwork(
  mode: NetworkMode,
  runId: string,
  labId: string,
  engine: ContainerRuntime,
  options: { ipv6?: boolean } = {},
): Promise<LabNetwork> {
  return mode === 'own'
    ? OwnLabNetwork.create(runId, labId, engine, options)
    : DockerLabNetwork.create(runId, labId, engine, options);
}
