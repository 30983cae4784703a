import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A small BIRD 1.6 route-reflection lab on loopback addresses, for tests and fixture recording:
 *
 * - `rr` (127.0.0.11, router ID 10.0.0.11): reflector for `c1` and `c2` in cluster 244.0.0.1, plus a
 *   client at 127.0.0.14 where nothing listens (a session that never comes up);
 * - `c1` (127.0.0.12): originates 10.65.12.0/26 plain and 10.65.112.0/24 with MED, local preference,
 *   a prepended AS, 45 standard communities (enough to wrap onto continuation lines), an extended and
 *   a large community; also a mesh session to `c2` configured with the wrong AS (65099);
 * - `c2` (127.0.0.13): originates 10.65.13.0/26, has the other side of that mesh session and a
 *   disabled global peer.
 *
 * No kernel protocol is configured, so the host's routing table is never touched. A static device
 * route for 127.0.0.0/8 lets `gateway recursive` resolve the loopback next hops.
 */
export type Bird16Node = 'rr' | 'c1' | 'c2';

export interface Bird16Lab {
  readonly dir: string;
  readonly sockets: Readonly<Record<Bird16Node, string>>;
  readonly configs: Readonly<Record<Bird16Node, string>>;
  /** Starts a node's daemon again (after `kill`), on the same socket path. */
  start(node: Bird16Node): Promise<void>;
  kill(node: Bird16Node): Promise<void>;
  stop(): Promise<void>;
}

export function birdOnPath(): boolean {
  return spawnSync('bird', ['--version'], { stdio: 'ignore' }).status === 0;
}

const TEMPLATE = `template bgp bgp_template {
  description "Connection to BGP peer";
  local as 65000;
  multihop;
  gateway recursive;
  import all;
  add paths on;
  graceful restart;
  connect delay time 1;
  connect retry time 2;
  error wait time 1,2;
}`;

function common(id: string): string {
  return [
    `router id 10.0.0.${id};`,
    `listen bgp address 127.0.0.${id} port 11179;`,
    'protocol device { }',
    'protocol static loopback { route 127.0.0.0/8 via "lo"; }',
    TEMPLATE,
  ].join('\n');
}

function reflectorClient(id: string): string {
  return `protocol bgp Node_127_0_0_${id} from bgp_template {
  neighbor 127.0.0.${id} port 11179 as 65000;
  source address 127.0.0.11;
  rr client;
  rr cluster id 244.0.0.1;
  export where proto != "loopback";
}`;
}

const COMMUNITIES = Array.from({ length: 45 }, (_, i) => `    bgp_community.add((65000,${100 + i}));`).join(
  '\n',
);

export const BIRD16_CONFIGS: Readonly<Record<Bird16Node, string>> = {
  rr: [
    common('11'),
    'protocol static s1 { route 10.65.11.0/26 blackhole; }',
    reflectorClient('12'),
    reflectorClient('13'),
    reflectorClient('14'),
    '',
  ].join('\n'),
  c1: [
    common('12'),
    'protocol static s1 { route 10.65.12.0/26 blackhole; route 10.65.112.0/24 blackhole; }',
    `filter export_to_rr {
  if proto != "s1" then reject;
  if net = 10.65.112.0/24 then {
    bgp_med = 50;
    bgp_local_pref = 2147482623;
    bgp_path.prepend(65012);
${COMMUNITIES}
    bgp_ext_community.add((rt, 65000, 1));
    bgp_large_community.add((65000, 1, 2));
  }
  accept;
}`,
    `protocol bgp Node_127_0_0_11 from bgp_template {
  neighbor 127.0.0.11 port 11179 as 65000;
  source address 127.0.0.12;
  next hop self;
  export filter export_to_rr;
}`,
    `protocol bgp Mesh_127_0_0_13 from bgp_template {
  neighbor 127.0.0.13 port 11179 as 65099;
  source address 127.0.0.12;
  export none;
}`,
    '',
  ].join('\n'),
  c2: [
    common('13'),
    'protocol static s1 { route 10.65.13.0/26 blackhole; }',
    `protocol bgp Node_127_0_0_11 from bgp_template {
  neighbor 127.0.0.11 port 11179 as 65000;
  source address 127.0.0.13;
  next hop self;
  export where proto = "s1";
}`,
    `protocol bgp Mesh_127_0_0_12 from bgp_template {
  neighbor 127.0.0.12 port 11179 as 65000;
  source address 127.0.0.13;
  export none;
}`,
    `protocol bgp Global_127_0_0_99 from bgp_template {
  disabled;
  neighbor 127.0.0.99 port 11179 as 65000;
  source address 127.0.0.13;
}`,
    '',
  ].join('\n'),
};

const NODES: readonly Bird16Node[] = ['rr', 'c1', 'c2'];

export async function startBird16Lab(): Promise<Bird16Lab> {
  const dir = await mkdtemp(join(tmpdir(), 'rrlab-bird16-'));
  const sockets = Object.fromEntries(NODES.map((node) => [node, join(dir, `${node}.ctl`)])) as Record<
    Bird16Node,
    string
  >;
  const configs = Object.fromEntries(NODES.map((node) => [node, join(dir, `${node}.conf`)])) as Record<
    Bird16Node,
    string
  >;
  for (const node of NODES) await writeFile(configs[node], BIRD16_CONFIGS[node]);
  const daemons = new Map<Bird16Node, ChildProcess>();

  const start = async (node: Bird16Node): Promise<void> => {
    // -f keeps BIRD in the foreground, so the test owns the process and can stop it by its handle.
    const child = spawn('bird', ['-f', '-c', configs[node], '-s', sockets[node]], { stdio: 'ignore' });
    daemons.set(node, child);
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
  };
  const kill = async (node: Bird16Node): Promise<void> => {
    const child = daemons.get(node);
    daemons.delete(node);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
  };

  try {
    for (const node of NODES) await start(node);
  } catch (error) {
    for (const node of NODES) await kill(node);
    throw error;
  }
  return {
    dir,
    sockets,
    configs,
    start,
    kill,
    async stop() {
      for (const node of NODES) await kill(node);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Sends one command on a fresh connection and returns exactly the bytes BIRD wrote for the reply (the
 * greeting excluded). Deliberately independent of `BirdControlClient`, so recorded fixtures do not
 * depend on the code they test.
 */
export function recordRawReply(socketPath: string, command: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ path: socketPath });
    let received = '';
    let greeted = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete reply to "${command}" within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (!greeted) {
        const end = received.indexOf('\n');
        if (end < 0) return;
        greeted = true;
        received = received.slice(end + 1);
        socket.write(`${command}\n`);
      }
      const lines = received.split('\n');
      if (lines.slice(0, -1).some((line) => /^\d{4} /.test(line))) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
  });
}
