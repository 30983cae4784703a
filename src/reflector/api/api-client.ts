/**
 * A client of the reflector's API over its Unix socket (or a TCP address): what the lab's observer
 * and `rrlab reflector status` use. Every call has a timeout, and errors name the socket.
 */
import { request } from 'node:http';
import type { NodeIntent } from '../../calico/index.js';
import type { PeerView, RouteEntryView, StatusView } from './views.js';

export type ApiEndpoint =
  | { readonly socketPath: string }
  /** Over TCP, `token` goes with every request as a bearer token (`ApiServerOptions.tcpToken`). */
  | { readonly host: string; readonly port: number; readonly token?: string };

export class ReflectorApiError extends Error {
  override name = 'ReflectorApiError';
}

export class ReflectorApiClient {
  constructor(
    readonly endpoint: ApiEndpoint,
    private readonly timeoutMs = 5000,
  ) {}

  get where(): string {
    return 'socketPath' in this.endpoint
      ? this.endpoint.socketPath
      : `${this.endpoint.host}:${this.endpoint.port}`;
  }

  status(): Promise<StatusView> {
    return this.#json('GET', '/status');
  }

  peers(): Promise<PeerView[]> {
    return this.#json('GET', '/peers');
  }

  routes(prefix?: string): Promise<RouteEntryView[]> {
    return this.#json(
      'GET',
      prefix === undefined ? '/routes' : `/routes?prefix=${encodeURIComponent(prefix)}`,
    );
  }

  async metrics(): Promise<string> {
    return (await this.#call('GET', '/metrics')).body;
  }

  refresh(peer?: string): Promise<{ asked: number }> {
    return this.#json('POST', peer === undefined ? '/refresh' : `/refresh?peer=${encodeURIComponent(peer)}`);
  }

  pushIntent(
    intent: NodeIntent,
  ): Promise<{ added: string[]; removed: string[]; changed: string[]; unchanged: string[] }> {
    return this.#json('POST', '/intent', JSON.stringify(intent));
  }

  async #json<T>(method: string, path: string, body?: string): Promise<T> {
    const reply = await this.#call(method, path, body);
    let parsed: unknown;
    try {
      parsed = JSON.parse(reply.body);
    } catch {
      throw new ReflectorApiError(
        `${this.where} ${method} ${path}: reply is not JSON: ${reply.body.slice(0, 200)}`,
      );
    }
    if (reply.status !== 200) {
      const message = (parsed as { error?: string }).error ?? reply.body;
      throw new ReflectorApiError(`${this.where} ${method} ${path}: ${reply.status} ${message}`);
    }
    return parsed as T;
  }

  #call(method: string, path: string, body?: string): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          ...('socketPath' in this.endpoint
            ? { socketPath: this.endpoint.socketPath }
            : { host: this.endpoint.host, port: this.endpoint.port }),
          method,
          path,
          headers: {
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...('token' in this.endpoint && this.endpoint.token !== undefined
              ? { authorization: `Bearer ${this.endpoint.token}` }
              : {}),
          },
          timeout: this.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      req.on('timeout', () =>
        req.destroy(new ReflectorApiError(`${this.where}: no answer within ${this.timeoutMs} ms`)),
      );
      req.on('error', (error) =>
        reject(
          error instanceof ReflectorApiError
            ? error
            : new ReflectorApiError(`${this.where}: ${error.message}`),
        ),
      );
      req.end(body);
    });
  }
}
