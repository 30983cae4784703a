/**
 * Active open (RFC 4271 §8: "initiates a TCP connection"), optionally from a given source address,
 * as BIRD's `source address` / Calico's per-peer source does. Cancellable, because an incoming
 * connection in the Connect state replaces the attempt (§8.2.2).
 */
import { isIPv6, Socket } from 'node:net';
import type { ConnectionLoss } from '../fsm/events.js';
import { socketErrorText } from './socket-error-text.js';
import {
  descriptorOf,
  hasTcpSecurity,
  md5DropCounters,
  md5DropSummary,
  openTcpSocket,
  secureOutboundSocket,
  type TcpSecurity,
} from './socket-options.js';

export interface ActiveOpenOptions {
  readonly host: string;
  readonly port: number;
  /** Bind to this source address before connecting. */
  readonly localAddress?: string;
  /** Give up after this long (default 5000 ms): ConnectRetry governs the next try. */
  readonly timeoutMs?: number;
  /** TCP-MD5 key and TTL security, set on the socket before connect(). */
  readonly security?: TcpSecurity;
}

/** A socket with the session's protections already on its descriptor, or a plain one. */
function outboundSocket(options: ActiveOpenOptions): Socket {
  if (!hasTcpSecurity(options.security)) return new Socket();
  const family = isIPv6(options.host) ? 6 : 4;
  const socket = new Socket({ fd: openTcpSocket(family), readable: true, writable: true });
  try {
    secureOutboundSocket(descriptorOf(socket), family, options.host, options.security);
  } catch (error) {
    socket.destroy();
    throw error;
  }
  return socket;
}

/**
 * RFC 2385 §2: a segment whose signature does not check is dropped without a reply, so a key
 * mismatch looks like a silent peer; the kernel's drop counters tell the two apart. Undefined for an
 * unsigned session, where an unanswered attempt says nothing more than a timeout.
 */
export function unansweredSignedConnectText(security: TcpSecurity | undefined): string | undefined {
  if (security?.md5Key === undefined) return undefined;
  return `Connection timed out (TCP-MD5 signed: a peer with another key or none drops the SYN unanswered; ${md5DropSummary(md5DropCounters())})`;
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
  let socket: Socket;
  try {
    socket = outboundSocket(options);
  } catch (error) {
    const text = (error as Error).message;
    let cancelled = false;
    queueMicrotask(() => {
      if (!cancelled) failed({ kind: 'socket', text });
    });
    return {
      cancel(): void {
        cancelled = true;
      },
    };
  }
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
    failed({ kind: 'socket', text: unansweredSignedConnectText(options.security) ?? 'Connection timed out' });
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
