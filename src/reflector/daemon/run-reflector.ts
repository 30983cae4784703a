/**
 * Runs a reflector daemon with its API until SIGTERM or SIGINT, which shut it down cleanly: Cease 6/2
 * (Administrative Shutdown, RFC 4486) to every peer, then the API closes and the process exits 0.
 * SIGUSR2 is a graceful restart (RFC 4724): with a restart-state file configured, the process leaves a
 * note there and exits at once, without NOTIFICATION, so peers keep its routes as stale; the next run
 * finds the note and comes up as the restarting speaker. Shared by the container entry (`main.ts`)
 * and `rrlab reflector`.
 */
import { rmSync } from 'node:fs';
import type { NodeIntent } from '../../calico/index.js';
import { ReflectorApiServer } from '../api/api-server.js';
import type { DaemonConfig } from './daemon-config.js';
import { JsonLog } from './json-log.js';
import { tuneHeap } from './heap-tuning.js';
import { ReflectorDaemon } from './reflector-daemon.js';
import { takeRestartMarker, writeRestartMarker } from './restart-marker.js';

export interface RunOptions {
  readonly config: DaemonConfig;
  readonly listen?: { readonly host?: string; readonly port?: number };
  readonly apiSocket?: string;
  readonly apiTcp?: { readonly host: string; readonly port: number };
  /** The bearer token for requests other than GET over `apiTcp`; without it, TCP is read-only. */
  readonly apiToken?: string;
  readonly configFromIntent?: (intent: NodeIntent) => DaemonConfig;
  readonly onIntent?: (intent: NodeIntent) => void;
  /** SIGHUP: re-read the configuration (e.g. the intent file) and apply it live. */
  readonly reload?: () => DaemonConfig;
  readonly log?: JsonLog;
  /** Where a graceful restart (SIGUSR2) leaves its note for the next run; without it SIGUSR2 is ignored. */
  readonly restartStateFile?: string;
  /** RFC 4724 §4.1 Selection_Deferral_Timer for a run that follows a graceful restart. */
  readonly selectionDeferralSeconds?: number;
}

export interface RunningReflector {
  readonly daemon: ReflectorDaemon;
  readonly api: ReflectorApiServer;
  /** Resolves once the daemon has stopped (after a signal or `shutdown`). */
  readonly stopped: Promise<void>;
  shutdown(reason: string): Promise<void>;
}

export async function runReflector(options: RunOptions): Promise<RunningReflector> {
  tuneHeap();
  const log = options.log ?? new JsonLog();
  const stateFile = options.restartStateFile;
  const restarting = stateFile !== undefined && takeRestartMarker(stateFile);
  const daemon = new ReflectorDaemon(options.config, {
    ...(options.listen !== undefined ? { listen: options.listen } : {}),
    log,
    restarting,
    ...(options.selectionDeferralSeconds !== undefined
      ? { selectionDeferralSeconds: options.selectionDeferralSeconds }
      : {}),
  });
  const api = new ReflectorApiServer(daemon, {
    ...(options.apiSocket !== undefined ? { socketPath: options.apiSocket } : {}),
    ...(options.apiTcp !== undefined ? { tcp: options.apiTcp } : {}),
    ...(options.apiToken !== undefined ? { tcpToken: options.apiToken } : {}),
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
      process.off('SIGUSR2', onUsr2);
      resolveStopped();
    })();
    return stopping;
  };
  const onTerm = (): void => void shutdown('SIGTERM');
  const onInt = (): void => void shutdown('SIGINT');
  const onHup = (): void => {
    if (options.reload === undefined) return;
    const failed = (error: unknown): void =>
      log.error('reload failed', { error: error instanceof Error ? error.message : String(error) });
    try {
      // Awaited nowhere (a signal handler): a rejection must be caught here, or it ends the process.
      daemon.reconfigure(options.reload()).catch(failed);
    } catch (error) {
      failed(error);
    }
  };
  const onUsr2 = (): void => {
    if (stateFile === undefined) {
      log.warn('SIGUSR2 ignored: graceful restart needs a restart-state file');
      return;
    }
    writeRestartMarker(stateFile, { leftAt: Date.now(), restartTimeSeconds: daemon.restartTimeSeconds });
    log.info('graceful restart: leaving without NOTIFICATION', { state: stateFile });
    if (options.apiSocket !== undefined) rmSync(options.apiSocket, { force: true });
    // Exiting closes every connection the way a restart does: no NOTIFICATION, so peers that support
    // graceful restart keep our routes for the Restart Time we advertised (RFC 4724 §4.2).
    process.exit(0);
  };
  process.on('SIGTERM', onTerm);
  process.on('SIGUSR2', onUsr2);
  process.on('SIGINT', onInt);
  process.on('SIGHUP', onHup);
  return { daemon, api, stopped, shutdown };
}
