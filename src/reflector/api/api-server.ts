/**
 * The reflector's API: HTTP/1.1 with JSON bodies over a Unix socket (and optionally a loopback TCP
 * port), served with `node:http`. The lab's observers and `rrlab reflector status` use it; nothing
 * goes through `docker exec`.
 *
 * Who may change things: the Unix socket is mode 0660, so its owner and group may; over TCP, which
 * any local user can reach, a request other than GET needs the bearer token the reflector was given
 * (`Authorization: Bearer <token>`), and without a token TCP is read-only. Refusals are 403.
 *
 *   GET  /status             identity, counts, refused sources
 *   GET  /peers              sessions (BIRD's state words, counters, capabilities)
 *   GET  /routes[?prefix=P]  the Loc-RIB with every candidate path and the best path's reason
 *   GET  /metrics            Prometheus text
 *   POST /refresh[?peer=X]   send ROUTE-REFRESH to one peer (name or address) or all
 *   POST /intent             body: a Calico NodeIntent; applied live (see `ReflectorDaemon.reconfigure`)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { chmodSync, lstatSync, rmSync, unlinkSync, type Stats } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { NodeIntent } from '../../calico/index.js';
import type { ReflectorDaemon } from '../daemon/reflector-daemon.js';
import type { DaemonConfig } from '../daemon/daemon-config.js';
import { describePeer, describeRoutes, describeStatus } from './describe.js';
import { renderMetrics } from './metrics.js';

export interface ApiServerOptions {
  /**
   * Unix socket path, created with mode 0660. A socket left there by a process that is gone is
   * replaced; anything else at the path (a file, a folder, a socket in use) is refused.
   */
  readonly socketPath?: string;
  /** Loopback TCP port, as an alternative or addition. */
  readonly tcp?: { readonly host: string; readonly port: number };
  /** The bearer token a request other than GET must carry over TCP; without one, TCP is read-only. */
  readonly tcpToken?: string;
  /** Turns a pushed intent into a configuration (the daemon's own mapping options applied). */
  readonly configFromIntent?: (intent: NodeIntent) => DaemonConfig;
  /** Called after a pushed intent was applied (e.g. to save it). */
  readonly onIntent?: (intent: NodeIntent) => void;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Owner and group read and write; nobody else may connect (connecting takes write permission). */
export const API_SOCKET_MODE = 0o660;

/** What is at a path, in words, for an error message. */
function kindOf(stats: Stats): string {
  if (stats.isFile()) return 'a regular file';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'not a socket';
}

/**
 * Why the Unix socket at `path` is not stale, or undefined when it is: a refused connection means no
 * process listens on it any more.
 */
function liveSocket(path: string, timeoutMs = 1000): Promise<string | undefined> {
  return new Promise((resolve) => {
    const probe = connect(path);
    const settle = (why: string | undefined): void => {
      probe.destroy();
      resolve(why);
    };
    probe.setTimeout(timeoutMs, () => settle(`connecting to it took over ${timeoutMs} ms`));
    probe.once('connect', () => settle('another process listens on it'));
    probe.once('error', (error: NodeJS.ErrnoException) =>
      settle(
        error.code === 'ECONNREFUSED' ? undefined : `connecting to it fails (${error.code ?? error.message})`,
      ),
    );
  });
}

/**
 * Makes way for the API socket at `path`: nothing to do when the path is free; a socket nobody
 * answers on (left by a reflector that died) is removed. Anything else stays as it is and the
 * reflector refuses to start: removing a file or folder someone put there, or the socket of a
 * reflector still running, would destroy what is not ours.
 */
async function clearSocketPath(path: string): Promise<void> {
  let stats: Stats;
  try {
    stats = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!stats.isSocket())
    throw new Error(`API socket path ${path} exists and is ${kindOf(stats)}; refusing to replace it`);
  const live = await liveSocket(path);
  if (live !== undefined) throw new Error(`API socket ${path} is not stale: ${live}; refusing to replace it`);
  unlinkSync(path);
}

/** Runs `create` with this umask, so whatever it creates never has more permissions, even briefly. */
function withUmask<T>(mask: number, create: () => T): T {
  const previous = process.umask(mask);
  try {
    return create();
  } finally {
    process.umask(previous);
  }
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

async function readBody(request: IncomingMessage, limit = 16 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class ReflectorApiServer {
  readonly #servers: Server[] = [];

  constructor(
    private readonly daemon: ReflectorDaemon,
    private readonly options: ApiServerOptions,
  ) {}

  async listen(): Promise<void> {
    const { socketPath, tcp } = this.options;
    if (socketPath !== undefined) {
      await clearSocketPath(socketPath);
      // The socket file is made inside listen(): umask 0117 gives it 0660 from the start, with no
      // moment at the process's usual umask; chmod then pins the mode whatever happened.
      await this.#listen('unix', (server, done) =>
        withUmask(0o777 & ~API_SOCKET_MODE, () => server.listen(socketPath, done)),
      );
      chmodSync(socketPath, API_SOCKET_MODE);
    }
    if (tcp !== undefined)
      await this.#listen('tcp', (server, done) => server.listen(tcp.port, tcp.host, done));
  }

  /** The bound TCP port, when listening on TCP. */
  get tcpPort(): number | undefined {
    for (const server of this.#servers) {
      const address = server.address();
      if (address !== null && typeof address === 'object') return address.port;
    }
    return undefined;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.#servers.map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
    // Only our socket: whatever else has taken the path meanwhile is left alone.
    const socketPath = this.options.socketPath;
    if (socketPath !== undefined && lstatSync(socketPath, { throwIfNoEntry: false })?.isSocket())
      rmSync(socketPath, { force: true });
  }

  async #listen(transport: 'unix' | 'tcp', start: (server: Server, done: () => void) => void): Promise<void> {
    const server = createServer((request, response) => void this.#handle(request, response, transport));
    this.#servers.push(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      start(server, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  async #handle(
    request: IncomingMessage,
    response: ServerResponse,
    transport: 'unix' | 'tcp',
  ): Promise<void> {
    try {
      const url = new URL(request.url ?? '/', 'http://reflector');
      const method = request.method ?? 'GET';
      const route = `${method} ${url.pathname}`;
      // Refused before anything is read or done: a change over TCP needs the token.
      if (transport === 'tcp' && method !== 'GET') this.#authorise(request, route);
      switch (route) {
        case 'GET /status':
          return json(response, describeStatus(this.daemon));
        case 'GET /peers':
          return json(
            response,
            this.daemon.peers().map((peer) => describePeer(this.daemon, peer)),
          );
        case 'GET /routes':
          return json(response, describeRoutes(this.daemon, url.searchParams.get('prefix') ?? undefined));
        case 'GET /metrics':
          response.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
          response.end(renderMetrics(this.daemon));
          return;
        case 'POST /refresh':
          return json(response, {
            asked: this.daemon.requestRefresh(url.searchParams.get('peer') ?? undefined),
          });
        case 'POST /intent':
          return json(response, await this.#applyIntent(await readBody(request)));
        default:
          throw new HttpError(404, `no such endpoint: ${route}`);
      }
    } catch (error) {
      const status = error instanceof HttpError ? error.status : 500;
      json(response, { error: error instanceof Error ? error.message : String(error) }, status);
    }
  }

  /** Over TCP, anything but GET needs the bearer token (see the module comment); 403 otherwise. */
  #authorise(request: IncomingMessage, route: string): void {
    const token = this.options.tcpToken;
    if (token === undefined)
      throw new HttpError(
        403,
        `${route} is refused over TCP: this reflector has no API token (--api-token-file), ` +
          'so its TCP API is read-only; use the Unix socket',
      );
    const header = request.headers.authorization;
    const presented = header?.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : undefined;
    if (presented === undefined)
      throw new HttpError(403, `${route} over TCP needs the API token: send "Authorization: Bearer <token>"`);
    // Digests have equal lengths, so the comparison takes the same time whatever the token.
    if (!timingSafeEqual(digest(presented), digest(token)))
      throw new HttpError(403, `${route} over TCP: the bearer token does not match the reflector's`);
  }

  async #applyIntent(body: string): Promise<unknown> {
    const configFromIntent = this.options.configFromIntent;
    if (configFromIntent === undefined) throw new HttpError(405, 'this reflector does not take intents');
    let intent: NodeIntent;
    try {
      intent = JSON.parse(body) as NodeIntent;
    } catch (error) {
      throw new HttpError(400, `intent is not JSON: ${String(error)}`);
    }
    let config: DaemonConfig;
    try {
      config = configFromIntent(intent);
    } catch (error) {
      throw new HttpError(400, error instanceof Error ? error.message : String(error));
    }
    const plan = await this.daemon.reconfigure(config);
    this.options.onIntent?.(intent);
    return {
      added: plan.added.map((s) => s.name),
      removed: plan.removed.map((s) => s.name),
      changed: plan.changed.map((c) => c.after.name),
      unchanged: plan.unchanged.map((s) => s.name),
    };
  }
}

function json(response: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
