/**
 * One listening socket for many configured peers (BIRD's `listen bgp address … port …`): accepted
 * connections are routed by source address; unknown sources are refused.
 *
 * RFC 4486 §4 / §3: a speaker that refuses a connection may send Cease, Connection Rejected (6/5);
 * the default refusal does that and closes.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { writeHeader } from '../codec/header.js';
import { CeaseSubcode, MessageType, NotificationCode } from '../codec/messages.js';
import { normaliseAddress } from './connection.js';
import {
  descriptorOf,
  hasTcpSecurity,
  sendWithMaximumTtl,
  setMd5Key,
  setTtlSecurity,
  type TcpSecurity,
} from './socket-options.js';

export interface ListenerOptions {
  /**
   * Address to listen on. Without one: every address of both families (`::`, dual-stack, so peers
   * of either family configured later are accepted too), or every IPv4 address (`0.0.0.0`) on a host
   * without IPv6.
   */
  readonly host?: string;
  /** TCP port (default 179, RFC 4271 §8.2.1.1 / IANA). */
  readonly port?: number;
  /** What to do with a connection from an address no peer is registered for (default: refuse with 6/5). */
  readonly onUnknownPeer?: (socket: Socket, remoteAddress: string) => void;
}

export type AcceptHandler = (socket: Socket) => void;

/** A NOTIFICATION Cease / Connection Rejected, built from the codec's header writer (21 octets, RFC 4271 §4.5). */
export function connectionRejectedNotification(): Uint8Array {
  const bytes = new Uint8Array(21);
  const body = writeHeader(bytes, 0, bytes.length, MessageType.Notification);
  bytes[body] = NotificationCode.Cease;
  bytes[body + 1] = CeaseSubcode.ConnectionRejected;
  return bytes;
}

export function refuseConnection(socket: Socket): void {
  socket.on('error', () => undefined);
  // Read and discard, so the peer's FIN is seen and the socket finishes closing.
  socket.on('data', () => undefined);
  socket.resume();
  socket.end(connectionRejectedNotification());
  const grace = setTimeout(() => socket.destroy(), 1000);
  socket.once('close', () => clearTimeout(grace));
}

export class BgpListener {
  private readonly server: Server;
  private readonly peers = new Map<string, AcceptHandler>();
  /** Peers whose connections are signed (RFC 2385) or TTL-checked (RFC 5082). */
  private readonly security = new Map<string, TcpSecurity>();
  /** Peers whose protection the kernel refused: their connections are refused, never let in bare. */
  private readonly securityErrors = new Map<string, string>();
  private readonly host: string | undefined;
  private readonly requestedPort: number;
  private readonly onUnknownPeer: (socket: Socket, remoteAddress: string) => void;
  /** Connections refused because no peer matched, for observers. */
  refusedCount = 0;

  constructor(options: ListenerOptions = {}) {
    this.host = options.host;
    this.requestedPort = options.port ?? 179;
    this.onUnknownPeer = options.onUnknownPeer ?? ((socket) => refuseConnection(socket));
    this.server = createServer({ pauseOnConnect: true }, (socket) => this.accept(socket));
  }

  /**
   * Route connections from `remoteAddress` to `handler`. A TCP-MD5 key goes on the listening socket
   * now (the kernel checks the peer's SYN against it).
   */
  register(remoteAddress: string, handler: AcceptHandler, security?: TcpSecurity): void {
    const address = normaliseAddress(remoteAddress);
    if (hasTcpSecurity(security)) {
      this.security.set(address, security);
      if (this.server.listening) this.protect(address, security);
    }
    this.peers.set(address, handler);
  }

  unregister(remoteAddress: string): void {
    const address = normaliseAddress(remoteAddress);
    this.peers.delete(address);
    const security = this.security.get(address);
    this.security.delete(address);
    const refused = this.securityErrors.delete(address);
    if (security?.md5Key !== undefined && this.server.listening && !refused)
      setMd5Key(descriptorOf(this.server), this.family, address, undefined);
  }

  /** The listening socket's family: `::` is an IPv6 socket that also takes IPv4 peers. */
  private get family(): 4 | 6 {
    const address = this.server.address();
    return typeof address === 'object' && address?.family === 'IPv4' ? 4 : 6;
  }

  /**
   * A peer's key on the listening socket; with GTSM, TTL 255 on everything the listener sends (its
   * SYN-ACKs must pass the peer's minimum TTL; 255 harms no other peer). The minimum TTL itself is
   * per peer, so it goes on each accepted socket instead.
   */
  private protect(address: string, security: TcpSecurity): void {
    try {
      const fd = descriptorOf(this.server);
      if (security.md5Key !== undefined) setMd5Key(fd, this.family, address, security.md5Key);
      // Idempotent: every GTSM peer of a family asks for the same TTL.
      if (security.ttlSecurityHops !== undefined) sendWithMaximumTtl(fd, !address.includes(':'));
      this.securityErrors.delete(address);
    } catch (error) {
      this.securityErrors.set(address, (error as Error).message);
    }
  }

  async listen(): Promise<void> {
    if (this.host !== undefined) await this.listenOn(this.host);
    else {
      try {
        // Node opens `::` dual-stack (IPV6_V6ONLY off): IPv4 peers arrive as ::ffff:a.b.c.d.
        await this.listenOn('::');
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EAFNOSUPPORT' && code !== 'EADDRNOTAVAIL') throw error;
        await this.listenOn('0.0.0.0');
      }
    }
    for (const [address, security] of this.security) this.protect(address, security);
  }

  private async listenOn(host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen({ host, port: this.requestedPort }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
  }

  /** The bound port (useful with port 0). */
  get port(): number {
    const address = this.server.address();
    return typeof address === 'object' && address !== null ? address.port : this.requestedPort;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    const remote = normaliseAddress(socket.remoteAddress ?? '');
    const handler = this.peers.get(remote);
    if (handler === undefined) {
      this.refusedCount++;
      this.onUnknownPeer(socket, remote);
      return;
    }
    if (this.securityErrors.has(remote)) {
      refuseConnection(socket);
      return;
    }
    const hops = this.security.get(remote)?.ttlSecurityHops;
    if (hops !== undefined) {
      try {
        // Before the first read (connections arrive paused): the peer's OPEN must pass the check too.
        setTtlSecurity(descriptorOf(socket), !remote.includes(':'), hops);
      } catch {
        socket.destroy();
        return;
      }
    }
    handler(socket);
  }
}
