/**
 * What the lab needs of a container engine, and nothing more: containers from a typed spec, their
 * lifecycle and faults, exec and logs, lab networks, images, and the engine's own health. The one
 * implementation is the Docker engine's (src/lab/docker/dockerode-runtime.ts, the only module that
 * knows dockerode); everything else in rrlab asks `containerRuntime()` (shared.ts) for it.
 *
 * Errors are the engine's own, passed through unchanged: callers tell "already gone" (404), "in use"
 * or "overlaps" from their messages, as they did against the engine's API.
 */

/** A container the engine has created: the handle every started-only operation takes. */
export interface ContainerRef {
  readonly id: string;
}

/** A node's addresses on a network the engine wires (network mode "docker"). */
export interface EndpointAddresses {
  readonly ipv4: string;
  readonly ipv6?: string | undefined;
}

/** How a container is networked: a mode (`none`, `host`, a network's name) and its endpoints. */
export interface ContainerNetworkConfig {
  readonly mode: string;
  /** Addresses per network name, for the networks the engine wires at create. */
  readonly endpoints?: Readonly<Record<string, EndpointAddresses>> | undefined;
}

export interface ContainerSpec {
  readonly name?: string;
  readonly hostname?: string;
  readonly image: string;
  /** Replaces the image's entrypoint. */
  readonly entrypoint?: readonly string[];
  readonly cmd?: readonly string[] | undefined;
  /** `NAME=value` entries. */
  readonly env?: readonly string[] | undefined;
  readonly workdir?: string | undefined;
  readonly labels?: Readonly<Record<string, string>>;
  readonly network: ContainerNetworkConfig;
  /** The OCI runtime (runc, crun); the engine's default when unset. */
  readonly runtime?: string;
  /** `host-path:container-path` mounts. */
  readonly binds?: readonly string[];
  readonly capAdd?: readonly string[];
  readonly securityOpt?: readonly string[] | undefined;
  readonly sysctls?: Readonly<Record<string, string>> | undefined;
  /** Whether the engine runs an init process as PID 1 (the engine's default when unset). */
  readonly init?: boolean;
}

export interface ContainerState {
  readonly running: boolean;
  /** The host PID of the container's first process (0 when it does not run). */
  readonly pid: number;
  readonly exitCode: number;
}

export interface ExecResult {
  exitCode: number;
  output: string;
}

/** A container or network as listed: its ID, name and labels. */
export interface Labelled {
  readonly id: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface NetworkInfo extends Labelled {
  /** The subnets of its IPAM configuration. */
  readonly subnets: readonly string[];
}

/** A subscription to the engine's events; closing it ends the stream. */
export interface EventWatch {
  close(): void;
}

/** A bridge network of the engine's, for network mode "docker". */
export interface NetworkSpec {
  readonly name: string;
  readonly enableIpv6: boolean;
  /** The driver's options (masquerading, inter-container traffic). */
  readonly options: Readonly<Record<string, string>>;
  readonly subnets: readonly { subnet: string; gateway: string }[];
  readonly labels: Readonly<Record<string, string>>;
}

/** `key` (any value) or `key=value`: which labelled containers and networks a listing selects. */
export type LabelSelector = string;

export interface ContainerRuntime {
  /** Resolves when the engine answers. */
  ping(): Promise<void>;
  /** The OCI runtimes registered with the engine. */
  runtimes(): Promise<string[]>;

  create(spec: ContainerSpec): Promise<ContainerRef>;
  start(container: ContainerRef): Promise<void>;
  /** SIGTERM, then SIGKILL after the grace period. */
  stop(container: ContainerRef, graceSeconds: number): Promise<void>;
  kill(container: ContainerRef, signal: NodeJS.Signals): Promise<void>;
  restart(container: ContainerRef, graceSeconds: number): Promise<void>;
  /** Frozen (cgroup freezer) and thawed. */
  pause(container: ContainerRef): Promise<void>;
  unpause(container: ContainerRef): Promise<void>;
  /** Resolves with the exit code once the container has stopped. */
  wait(container: ContainerRef): Promise<number>;
  state(container: ContainerRef): Promise<ContainerState>;
  /**
   * Run a shell script in the container and collect its output. Through an engine's API each call
   * costs a round trip (~125 ms here, over a second while hundreds of containers start); the Docker
   * adapter enters the container's namespaces from the host instead where it can. Either way callers
   * batch: one script per node, never one exec per item.
   */
  exec(container: ContainerRef, script: string): Promise<ExecResult>;
  /** Start a command in the container and hand its output over as it comes; resolves once started. */
  execStreaming(
    container: ContainerRef,
    cmd: readonly string[],
    output: (text: string) => void,
  ): Promise<void>;
  /** The last lines of its stdout and stderr, interleaved. */
  logs(container: ContainerRef, tail: number): Promise<string>;
  /** Force-removed (killed if running), with its anonymous volumes. */
  remove(container: ContainerRef): Promise<void>;
  /** Every container carrying the label, running or not. */
  listContainers(selector: LabelSelector): Promise<Labelled[]>;
  /**
   * Tell `onExit` the ID of every container carrying the label whose process ends from now on, and
   * `onBroken` if the engine's event stream fails or ends before `close()`. Resolves once subscribed:
   * one stream for a whole lab instead of an inspect per container per poll.
   */
  watchExits(
    selector: LabelSelector,
    onExit: (containerId: string) => void,
    onBroken: (error: Error) => void,
  ): Promise<EventWatch>;

  createNetwork(spec: NetworkSpec): Promise<void>;
  /** Every network, or those carrying the label. */
  listNetworks(selector?: LabelSelector): Promise<NetworkInfo[]>;
  /** The IDs of the containers attached to the network. */
  networkContainers(network: string): Promise<string[]>;
  connect(network: string, container: ContainerRef, addresses: EndpointAddresses): Promise<void>;
  /** Forced: the container need not be running. */
  disconnect(network: string, container: ContainerRef): Promise<void>;
  removeNetwork(network: string): Promise<void>;

  imageExists(tag: string): Promise<boolean>;
  /** Give an image another name (`repo:tag`). */
  tagImage(image: string, repo: string, tag: string): Promise<void>;
}
