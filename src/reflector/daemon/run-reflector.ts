/**
 * Runs a reflector daemon with its API until SIGTERM or SIGINT, which shut it down cleanly: Cease 6/2
 * (Administrative Shutdown, RFC 4486) to every peer, then the API closes and the process exits 0.
 * Shared by the container entry (`main.ts`) and `rrlab reflector`.
 */
import type { NodeIntent } from '../../calico/intent.js';
import { ReflectorApiServer } from '../api/api-server.js';
import type { DaemonConfig } from './daemon-config.js';
import { JsonLog } from './json-log.js';
import { ReflectorDaemon } from './reflector-daemon.js';

export interface RunOptions {
  readonly config: DaemonConfig;
  readonly listen?: { readonly host?: string; readonly port?: number };
  readonly apiSocket?: string;
  readonly apiTcp?: { readonly host: string; readonly port: number };
  readonly configFromIntent?: (intent: NodeIntent) => DaemonConfig;
  readonly onIntent?: (intent: NodeIntent) => void;
  /** SIGHUP: re-read the configuration (e.g. the intent file) and apply it live. */
  readonly reload?: () => DaemonConfig;
  readonly log?: JsonLog;
}

export interface RunningReflector {
  readonly daemon: ReflectorDaemon;
  readonly api: ReflectorApiServer;
  /** Resolves once the daemon has stopped (after a signal or `shutdown`). */
  readonly stopped: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

export async function runReflector(options: RunOptions): Promise<RunningReflector> {
  const log = options.log ?? new JsonLog();
  const daemon = new ReflectorDaemon(options.config, {
    ...(options.listen !== undefined ? { listen: options.listen } : {}),
    log,
  });
  const api = new ReflectorApiServer(daemon, {
    ...(options.apiSocket !== undefined ? { socketPath: options.apiSocket } : {}),
    ...(options.apiTcp !== undefined ? { tcp: options.apiTcp } : {}),
    ...(options.configFromIntent !== undefined ? { configFromIntent: options.configFromIntent } : {}),
    ...(options.onIntent !== undefined ? { onIntent: options.onIntent } : {}),
  });
  await daemon.start();
  await api.listen();
  log.info('api listening', { socket: options.apiSocket, tcp: api.tcpPort });

  let resolveStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      log.info('shutting down', { reason });
      await daemon.stop();
      await api.close();
      process.off('SIGTERM', onTerm);
      process.off('SIGINT', onInt);
      process.off('SIGHUP', onHup);
      resolveStopped();
    })();
    return stopping;
  };
  const onTerm = (): void => void shutdown('SIGTERM');
  const onInt = (): void => void shutdown('SIGINT');
  const onHup = (): void => {
    if (options.reload === undefined) return;
    try {
      void daemon.reconfigure(options.reload());
    } catch (error) {
      log.error('reload failed', { error: error instanceof Error ? error.message : String(error) });
    }
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  process.on('SIGHUP', onHup);
  return { daemon, api, stopped, shutdown };
}
