import type { NodeIntent } from '../../calico/index.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BgpSessionView, RouteView } from '../observe/views.js';
import type { ContainerRef } from '../runtime/container-runtime.js';

export type NodeKind = 'bird-router' | 'calico-node' | 'ts-reflector' | 'frr-router' | 'gobgp-router';

/** What a kind asks of its container; the lab adds the name, labels, network, address and mounts. */
export interface ContainerRequirements {
  Image: string;
  Cmd?: string[];
  Env?: string[];
  WorkingDir?: string;
  /** Only the capabilities the kind needs: never --privileged (the VM withholds CAP_SYS_RESOURCE). */
  capAdd: string[];
  securityOpt?: string[];
  sysctls?: Record<string, string>;
}

/** What every node kind needs from its lab. */
export interface NodeContext {
  readonly runId: string;
  readonly labId: string;
  readonly scratchDir: string;
  addressOf(name: string): string;
  /** The node's IPv6 lab address in a dual-stack lab, else undefined. */
  address6Of(name: string): string | undefined;
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
/**
 * A node whose daemon takes its peerings from Calico's per-node intent directly (the TypeScript route
 * reflector), rather than from rendered BIRD files: the control plane hands it its intent on every sync.
 */
export interface IntentConsumer {
  consumeIntent(intent: NodeIntent): Promise<void>;
}

export function isIntentConsumer(node: LabNode): node is LabNode & IntentConsumer {
  return typeof (node as Partial<IntentConsumer>).consumeIntent === 'function';
}

/**
 * Where a node is in its life: `declared` (no container yet), `starting` (its container runs, its
 * daemons do not answer yet), then `running` and the states faults put it in.
 */
export type NodeState = 'declared' | 'starting' | 'running' | 'stopped' | 'paused' | 'disconnected';

/** The states of a node whose container exists. */
export type StartedState = Exclude<NodeState, 'declared'>;

/** A node's life as the lab drives it: once started, it carries its container's handle. */
export type NodeLifecycle =
  { readonly state: 'declared' } | { readonly state: StartedState; readonly container: ContainerRef };

/** What started-only operations work on: the node and its container. */
export interface StartedNode<N extends LabNode = LabNode> {
  readonly node: N;
  readonly container: ContainerRef;
}

export class NodeNotStartedError extends Error {
  override name = 'NodeNotStartedError';
}

export abstract class LabNode {
  abstract readonly kind: NodeKind;
  /** The signal on which the node's daemon restarts gracefully, when it has one (see `Lab.restartNode`). */
  readonly gracefulRestartSignal: NodeJS.Signals | undefined = undefined;
  private lifecycle: NodeLifecycle = { state: 'declared' };

  constructor(
    protected readonly context: NodeContext,
    readonly name: string,
  ) {}

  get address(): string {
    return this.context.addressOf(this.name);
  }

  get address6(): string | undefined {
    return this.context.address6Of(this.name);
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

  /** Set by the lab as faults are injected; a stopped or paused node reports no sessions or routes. */
  get state(): NodeState {
    return this.lifecycle.state;
  }

  get started(): boolean {
    return this.lifecycle.state !== 'declared';
  }

  /** Its container, once the lab has created it. */
  get container(): ContainerRef | undefined {
    return this.lifecycle.state === 'declared' ? undefined : this.lifecycle.container;
  }

  /** Its container, for what only a started node can do; throws, naming the node, before the start. */
  startedContainer(): ContainerRef {
    if (this.lifecycle.state === 'declared')
      throw new NodeNotStartedError(`"${this.name}" has not been started`);
    return this.lifecycle.container;
  }

  /** The lab created the node's container (it starts next). */
  containerCreated(container: ContainerRef): void {
    this.lifecycle = { state: 'starting', container };
  }

  /** The lab moved a started node on (ready, or a fault injected or healed). */
  moveTo(state: StartedState): void {
    this.lifecycle = { state, container: this.startedContainer() };
  }

  ensureFolder(): string {
    mkdirSync(this.folder, { recursive: true });
    return this.folder;
  }

  /** Write what the container reads at start (configs). Throws on bad input before anything starts. */
  abstract prepare(): Promise<void>;

  /** Image, command, capabilities and mounts; the lab adds the name, labels, network and address. */
  abstract containerOptions(): ContainerRequirements;

  /** Resolve when the node's daemons answer; throw with their own message when they refused to start. */
  abstract waitReady(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void>;

  /** What its daemons report; nothing while it is stopped or frozen (it cannot answer then). */
  async sessions(): Promise<BgpSessionView[]> {
    return this.answering ? this.observeSessions() : [];
  }

  async routes(): Promise<RouteView[]> {
    return this.answering ? this.observeRoutes() : [];
  }

  get answering(): boolean {
    return this.state === 'running' || this.state === 'disconnected';
  }

  protected abstract observeSessions(): Promise<BgpSessionView[]>;
  protected abstract observeRoutes(): Promise<RouteView[]>;

  /** After a restart the daemons are new: reconnect the observers. */
  abstract reattach(logs: () => Promise<string>, exited: () => Promise<boolean>): Promise<void>;
  abstract diagnostics(): Promise<NodeDiagnostics>;

  /** Release observer connections (the container is removed by the lab). */
  abstract close(): Promise<void>;
}
