import Docker from 'dockerode';
import type {
  ContainerRef,
  ContainerRuntime,
  ContainerSpec,
  ContainerState,
  EndpointAddresses,
  EventWatch,
  ExecResult,
  Labelled,
  LabelSelector,
  NetworkInfo,
  NetworkSpec,
} from '../runtime/container-runtime.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_OPERATION_DEADLINE_MS, withinDeadline } from './engine-stall.js';
import { ExitLane } from './exit-lane.js';
import { demultiplexDockerLog } from './log-stream.js';
import { execInNamespaces, hostCanEnterContainers, isProcessOf } from './namespace-exec.js';

/** A container as `docker ps` names it by ID, for messages. */
const shortId = ({ id }: ContainerRef) => id.slice(0, 12);

/** Stops, kills, restarts and removals: one at a time on the machine (see ExitLane for why). */
const exits = new ExitLane(join(tmpdir(), 'rrlab', 'engine-exit.lock'));

/**
 * The lab's container runtime on a Docker engine, through dockerode: the only module of rrlab that
 * imports it (the lint rules hold everything else to `ContainerRuntime`). DOCKER_HOST and friends are
 * honoured by docker-modem.
 */
export class DockerodeRuntime implements ContainerRuntime {
  /** First processes of running containers, for exec from the host; checked against /proc before use. */
  private readonly pids = new Map<string, number>();
  /** Containers this runtime froze: a script entering one from the host would run, not fail as exec does. */
  private readonly paused = new Set<string>();

  constructor(
    private readonly docker: Docker = new Docker(),
    private readonly enterFromHost: boolean = hostCanEnterContainers(),
  ) {}

  async ping(): Promise<void> {
    await this.docker.ping();
  }

  async runtimes(): Promise<string[]> {
    return Object.keys(((await this.docker.info()) as { Runtimes?: object }).Runtimes ?? {});
  }

  async create(spec: ContainerSpec): Promise<ContainerRef> {
    const endpoints = spec.network.endpoints;
    const options: Docker.ContainerCreateOptions = {
      ...(spec.name !== undefined ? { name: spec.name } : {}),
      ...(spec.hostname !== undefined ? { Hostname: spec.hostname } : {}),
      Image: spec.image,
      ...(spec.entrypoint ? { Entrypoint: [...spec.entrypoint] } : {}),
      Cmd: spec.cmd ? [...spec.cmd] : undefined,
      Env: spec.env ? [...spec.env] : undefined,
      WorkingDir: spec.workdir,
      Labels: spec.labels ? { ...spec.labels } : undefined,
      HostConfig: {
        NetworkMode: spec.network.mode,
        ...(spec.runtime !== undefined ? { Runtime: spec.runtime } : {}),
        ...(spec.binds ? { Binds: [...spec.binds] } : {}),
        ...(spec.capAdd ? { CapAdd: [...spec.capAdd] } : {}),
        ...(spec.securityOpt ? { SecurityOpt: [...spec.securityOpt] } : {}),
        ...(spec.sysctls ? { Sysctls: { ...spec.sysctls } } : {}),
        ...(spec.init !== undefined ? { Init: spec.init } : {}),
      },
      ...(endpoints
        ? {
            NetworkingConfig: {
              EndpointsConfig: Object.fromEntries(
                Object.entries(endpoints).map(([network, addresses]) => [network, endpoint(addresses)]),
              ),
            },
          }
        : {}),
    };
    const container = await withinDeadline(`creating container ${spec.name ?? spec.image}`, () =>
      this.docker.createContainer(options),
    );
    return { id: container.id };
  }

  private container({ id }: ContainerRef): Docker.Container {
    return this.docker.getContainer(id);
  }

  async start(container: ContainerRef): Promise<void> {
    await withinDeadline(`starting container ${shortId(container)}`, () => this.container(container).start());
  }

  async stop(container: ContainerRef, graceSeconds: number): Promise<void> {
    await exits.run(() =>
      withinDeadline(
        `stopping container ${shortId(container)}`,
        async () => {
          await this.container(container).stop({ t: graceSeconds });
          await this.exitHandled(container);
        },
        graceSeconds * 1000 + ENGINE_OPERATION_DEADLINE_MS,
      ),
    );
  }

  async kill(container: ContainerRef, signal: NodeJS.Signals): Promise<void> {
    await exits.run(() =>
      withinDeadline(`killing container ${shortId(container)}`, async () => {
        await this.container(container).kill({ signal });
        // Other signals may leave the container running (a daemon restarting gracefully).
        if (signal !== 'SIGKILL') return;
        await this.container(container).wait({ condition: 'not-running' });
        await this.exitHandled(container);
      }),
    );
  }

  async restart(container: ContainerRef, graceSeconds: number): Promise<void> {
    await exits.run(() =>
      withinDeadline(
        `restarting container ${shortId(container)}`,
        () => this.container(container).restart({ t: graceSeconds }),
        graceSeconds * 1000 + ENGINE_OPERATION_DEADLINE_MS,
      ),
    );
  }

  /**
   * Returns once the engine has finished with the container's exit, network cleanup included: the
   * engine holds the container's lock throughout, and an inspect takes it.
   */
  private async exitHandled(container: ContainerRef): Promise<void> {
    await this.container(container)
      .inspect()
      .catch(() => undefined);
  }

  async pause(container: ContainerRef): Promise<void> {
    this.paused.add(container.id);
    await this.container(container).pause();
  }

  async unpause(container: ContainerRef): Promise<void> {
    await this.container(container).unpause();
    this.paused.delete(container.id);
  }

  async wait(container: ContainerRef): Promise<number> {
    return ((await this.container(container).wait()) as { StatusCode: number }).StatusCode;
  }

  async state(container: ContainerRef): Promise<ContainerState> {
    const { State } = await this.container(container).inspect();
    if (State.Running) this.pids.set(container.id, State.Pid);
    return { running: State.Running, pid: State.Pid, exitCode: State.ExitCode };
  }

  async exec(container: ContainerRef, script: string): Promise<ExecResult> {
    if (this.enterFromHost && !this.paused.has(container.id)) {
      const pid = await this.runningPid(container);
      if (pid !== undefined) return execInNamespaces(pid, script);
    }
    return this.execThroughEngine(container, script);
  }

  /** The container's first process if it runs: remembered, and asked of the engine when it changed. */
  private async runningPid(container: ContainerRef): Promise<number | undefined> {
    const known = this.pids.get(container.id);
    if (known !== undefined && isProcessOf(known, container.id)) return known;
    this.pids.delete(container.id);
    const { running, pid } = await this.state(container);
    return running && isProcessOf(pid, container.id) ? pid : undefined;
  }

  private async execThroughEngine(container: ContainerRef, script: string): Promise<ExecResult> {
    const exec = await this.container(container).exec({
      Cmd: ['sh', '-c', script],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    const { ExitCode } = await exec.inspect();
    return { exitCode: ExitCode ?? -1, output: demultiplexDockerLog(Buffer.concat(chunks)) };
  }

  async execStreaming(
    container: ContainerRef,
    cmd: readonly string[],
    output: (text: string) => void,
  ): Promise<void> {
    const exec = await this.container(container).exec({
      Cmd: [...cmd],
      AttachStdout: true,
      AttachStderr: true,
    });
    const stream = await exec.start({ hijack: true, stdin: false });
    const sink = {
      write: (chunk: Buffer) => {
        output(chunk.toString('utf8'));
        return true;
      },
    } as NodeJS.WritableStream;
    this.docker.modem.demuxStream(stream, sink, sink);
  }

  async logs(container: ContainerRef, tail: number): Promise<string> {
    const buffer = (await this.container(container).logs({
      stdout: true,
      stderr: true,
      tail,
      follow: false,
    })) as unknown as Buffer;
    return demultiplexDockerLog(buffer);
  }

  async remove(container: ContainerRef): Promise<void> {
    this.pids.delete(container.id);
    this.paused.delete(container.id);
    await exits.run(() =>
      withinDeadline(`removing container ${shortId(container)}`, () =>
        this.container(container).remove({ force: true, v: true }),
      ),
    );
  }

  async listContainers(selector: LabelSelector): Promise<Labelled[]> {
    const containers = await this.docker.listContainers({ all: true, filters: byLabel(selector) });
    return containers.map((c) => ({ id: c.Id, name: c.Names[0] ?? c.Id, labels: c.Labels }));
  }

  async watchExits(
    selector: LabelSelector,
    onExit: (containerId: string) => void,
    onBroken: (error: Error) => void,
  ): Promise<EventWatch> {
    const stream = (await this.docker.getEvents({
      filters: JSON.stringify({ type: ['container'], event: ['die'], label: [selector] }),
    })) as NodeJS.ReadableStream & { destroy(): void };
    let closed = false;
    let pending = '';
    // The engine writes one JSON object a line; a chunk may end mid-line.
    stream.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const event = JSON.parse(line) as { id?: string; Actor?: { ID?: string } };
        const id = event.Actor?.ID ?? event.id;
        if (id) onExit(id);
      }
    });
    stream.on('error', (error: Error) => {
      if (!closed) onBroken(error);
    });
    stream.on('end', () => {
      if (!closed) onBroken(new Error('the engine ended its event stream'));
    });
    return {
      close: () => {
        closed = true;
        stream.destroy();
      },
    };
  }

  async createNetwork(spec: NetworkSpec): Promise<void> {
    await this.docker.createNetwork({
      Name: spec.name,
      Driver: 'bridge',
      Internal: false,
      EnableIPv6: spec.enableIpv6,
      CheckDuplicate: true,
      Options: { ...spec.options },
      IPAM: {
        Driver: 'default',
        Config: spec.subnets.map(({ subnet, gateway }) => ({ Subnet: subnet, Gateway: gateway })),
      },
      Labels: { ...spec.labels },
    });
  }

  async listNetworks(selector?: LabelSelector): Promise<NetworkInfo[]> {
    const networks = await this.docker.listNetworks(
      selector === undefined ? undefined : { filters: byLabel(selector) },
    );
    return networks.map((n) => ({
      id: n.Id,
      name: n.Name,
      labels: n.Labels ?? {},
      subnets: (n.IPAM?.Config ?? []).map((c) => c.Subnet ?? ''),
    }));
  }

  async networkContainers(network: string): Promise<string[]> {
    const info = (await this.docker.getNetwork(network).inspect()) as {
      Containers?: Record<string, unknown>;
    };
    return Object.keys(info.Containers ?? {});
  }

  async connect(network: string, container: ContainerRef, addresses: EndpointAddresses): Promise<void> {
    await this.docker
      .getNetwork(network)
      .connect({ Container: container.id, EndpointConfig: endpoint(addresses) });
  }

  async disconnect(network: string, container: ContainerRef): Promise<void> {
    await this.docker.getNetwork(network).disconnect({ Container: container.id, Force: true });
  }

  async removeNetwork(network: string): Promise<void> {
    await this.docker.getNetwork(network).remove();
  }

  async imageExists(tag: string): Promise<boolean> {
    try {
      await this.docker.getImage(tag).inspect();
      return true;
    } catch {
      return false;
    }
  }

  async tagImage(image: string, repo: string, tag: string): Promise<void> {
    await this.docker.getImage(image).tag({ repo, tag });
  }
}

function byLabel(selector: LabelSelector): string {
  return JSON.stringify({ label: [selector] });
}

/** The engine's endpoint settings for addresses the lab chose. */
function endpoint({ ipv4, ipv6 }: EndpointAddresses): Docker.EndpointSettings {
  return { IPAMConfig: { IPv4Address: ipv4, ...(ipv6 ? { IPv6Address: ipv6 } : {}) } };
}
