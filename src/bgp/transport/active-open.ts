/**
 * Active open (RFC 4271 §8: "initiates a TCP connection"), optionally from a given source address,
 * as BIRD's `source address` / Calico's per-peer source does. Cancellable, because an incoming
 * connection in the Connect state replaces the attempt (§8.2.2).
 */
import { Socket } from 'node:net';
import type { ConnectionLoss } from '../fsm/events.js';
import { socketErrorText } from './socket-error-text.js';

export interface ActiveOpenOptions {
  readonly host: string;
  readonly port: number;
  /** Bind to this source address before connecting. */
  readonly localAddress?: string;
  /** Give up after this long (default 5000 ms): ConnectRetry governs the next try. */
  readonly timeoutMs?: number;
}

export interface PendingConnection {
  /** Stop the attempt; neither callback runs afterwards. */
  cancel(): void;
}

export function activeOpen(
  options: ActiveOpenOptions,
  connected: (socket: Socket) => void,
  failed: (loss: ConnectionLoss) => void,
): PendingConnection {
  const socket = new Socket();
  let settled = false;
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    clearTimeout(timer);
    return true;
  };
  const timer = setTimeout(() => {
    if (!settle()) return;
    socket.destroy();
    failed({ kind: 'socket', text: 'Connection timed out' });
  }, options.timeoutMs ?? 5000);
  const onError = (error: NodeJS.ErrnoException): void => {
    if (!settle()) return;
    socket.destroy();
    failed({ kind: 'socket', text: socketErrorText(error) });
  };
  socket.once('error', onError);
  socket.once('connect', () => {
    if (!settle()) return;
    // The new owner attaches its own error handler synchronously in `connected`.
    socket.off('error', onError);
    connected(socket);
  });
  socket.connect({
    host: options.host,
    port: options.port,
    ...(options.localAddress !== undefined ? { localAddress: options.localAddress } : {}),
  });
  return {
    cancel(): void {
      if (!settle()) return;
      socket.destroy();
    },
  };
}
