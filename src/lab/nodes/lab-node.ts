import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type Docker from 'dockerode';
import type { BgpSessionView, RouteView } from '../observe/views.js';

export type NodeKind = 'bird-router' | 'calico-node';

/** What every node kind needs from its lab. */
export interface NodeContext {
  readonly runId: string;
  readonly labId: string;
  readonly networkName: string;
  readonly scratchDir: string;
  addressOf(name: string): string;
}

export interface NodeDiagnostics {
  /** Titled texts for the report: protocols, routes, config, container log. */
  sections: { title: string; text: string }[];
}

/**
 * One lab node: one container with its own scratch folder (configs, control sockets) bind-mounted at
 * /run/rrlab. Kinds (BIRD router, calico node) supply the image, the files and the observers, the way
 * testcontainers' module classes specialise a generic container.
 */
export abstract class LabNode {
  abstract readonly kind: NodeKind;
  containerId: string | undefined;

  constructor(
    protected readonly context: NodeContext,
    readonly name: string,
  ) {}

  get address(): string {
    return this.context.addressOf(this.name);
  }

  /** The BGP identifier observers compare ORIGINATOR_ID with: the lab address unless a kind says otherwise. */
  get routerId(): string {
    return this.address;
  }

  get folder(): string {
    return join(this.context.scratchDir, this.name);
  }

  get containerName(): string {
    return `rrlab-${this.context.labId}-${this.name.replace(/[^a-zA-Z0-9_.-]/g, '_')}`;
  }

  get started(): boolean {
    return this.containerId !== undefined;
  }

  ensureFolder(): string {
    mkdirSync(this.folder, { recursive: true });
    return this.folder;
  }

  /** Write what the container reads at start (configs). Throws on bad input before anything starts. */
  abstract prepare(): Promise<void>;

  /** Image, command, capabilities and mounts; the lab adds the name, labels, network and address. */
  abstract containerOptions(): Pick<Docker.ContainerCreateOptions, 'Image' | 'Cmd' | 'Env' | 'WorkingDir'> & {
    capAdd: string[];
  };

  /** Resolve when the node's daemons answer; throw with their own message when they refused to start. */
  abstract waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void>;

  abstract sessions(): Promise<BgpSessionView[]>;
  abstract routes(): Promise<RouteView[]>;
  abstract diagnostics(): Promise<NodeDiagnostics>;

  /** Release observer connections (the container is removed by the lab). */
  abstract close(): Promise<void>;
}
