import { rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { containerRuntime } from './runtime/shared.js';
import { LAB_LABEL, RUN_LABEL } from './docker/labels.js';
import { mapLimit } from './concurrency.js';
import { ownLinks, removeOwnLinks } from './network/own-network.js';

export interface RemovalSummary {
  containers: number;
  /** Docker networks and the lab's own links (network mode "own"). */
  networks: number;
}

/** `io.rrlab.run` (any run), `io.rrlab.run=<id>` or `io.rrlab.lab=<id>`. */
export type LabelFilter = { all: true } | { runId: string } | { labId: string };

function labelSelector(filter: LabelFilter): string {
  if ('all' in filter) return RUN_LABEL;
  if ('runId' in filter) return `${RUN_LABEL}=${filter.runId}`;
  return `${LAB_LABEL}=${filter.labId}`;
}

/**
 * Remove every container, then every network, carrying the label (and the lab links whose alias
 * carries it): force-removal kills running containers, so this works the same after success, failure
 * or an interrupted bring-up.
 */
export async function removeLabelled(filter: LabelFilter): Promise<RemovalSummary> {
  const engine = containerRuntime();
  const selector = labelSelector(filter);
  // Docker 20.10 can lose count of a network's endpoints when many containers on it are removed at
  // once, and then refuses to remove the network forever ("has active endpoints"). Disconnecting the
  // containers one at a time first keeps that count right; removing them can then go in parallel.
  for (const net of await engine.listNetworks(selector)) {
    for (const container of await engine.networkContainers(net.id)) {
      await engine.disconnect(net.id, { id: container }).catch((error: unknown) => {
        if (!/404|is not connected|No such container/i.test(String(error))) throw error;
      });
    }
  }
  const containers = await engine.listContainers(selector);
  const labIds = new Set(containers.map((c) => c.labels[LAB_LABEL]).filter((id) => id !== undefined));
  // The runtime lets one exit at a time reach the engine (ExitLane); the rest wait their turn there.
  await mapLimit(containers, 16, async (info) => {
    try {
      await engine.remove(info);
    } catch (error) {
      // Already gone (removed by a concurrent cleanup) is what we wanted.
      if (!String(error).includes('404') && !String(error).includes('already in progress')) throw error;
    }
  });
  // A container removed concurrently (another cleanup, a worker's own dispose) may still hold its
  // endpoint for a moment: wait until none is listed before removing the networks.
  for (let attempt = 0; attempt < 40; attempt++) {
    if ((await engine.listContainers(selector)).length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const networks = await engine.listNetworks(selector);
  for (const net of networks) {
    for (let attempt = 0; ; attempt++) {
      try {
        await engine.removeNetwork(net.id);
        break;
      } catch (error) {
        if (String(error).includes('404')) break;
        if (!String(error).includes('active endpoints') || attempt >= 120) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    }
  }
  const links = await ownLinks('all' in filter ? {} : filter);
  await removeOwnLinks(links);
  for (const net of networks) if (net.labels[LAB_LABEL]) labIds.add(net.labels[LAB_LABEL]);
  for (const labId of labIds) rmSync(join(scratchRoot(), labId), { recursive: true, force: true });
  return { containers: containers.length, networks: networks.length + links.length };
}

/** Where a lab keeps per-node folders (configs, control sockets). Short: socket paths are limited to 107 bytes. */
export function scratchRoot(): string {
  return join(tmpdir(), 'rrlab');
}

/** Every lab folder, whoever made it: for `rrlab down --all --force` only. */
export function removeScratchFolders(): void {
  try {
    for (const entry of readdirSync(scratchRoot()))
      rmSync(join(scratchRoot(), entry), { recursive: true, force: true });
  } catch {
    // Nothing there.
  }
}
