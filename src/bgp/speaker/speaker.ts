/**
 * A BGP speaker: one listener shared by many configured peers, plus their sessions.
 *
 * Connections from addresses with no configured peer are refused (Cease 6/5 by default, RFC 4486);
 * each configured peer's connections go to its `BgpSession`, which runs the FSM.
 */
import type { Socket } from 'node:net';
import { CeaseSubcode } from '../codec/messages.js';
import { BgpListener } from '../transport/listener.js';
import { normaliseAddress } from '../transport/connection.js';
import type { PeerConfig } from './peer-config.js';
import { BgpSession } from './session.js';

export interface SpeakerOptions {
  /** Listen address and port (BIRD `listen bgp address … port …`); `false` for active-only speakers. */
  readonly listen?: { readonly host?: string; readonly port?: number } | false;
  /** Replaces the default refusal (Cease 6/5) of connections from unknown addresses. */
  readonly onUnknownPeer?: (socket: Socket, remoteAddress: string) => void;
}

export class BgpSpeaker {
  private readonly listener: BgpListener | undefined;
  private readonly sessions = new Map<string, BgpSession>();

  constructor(options: SpeakerOptions = {}) {
    if (options.listen !== false) {
      const listen = options.listen ?? {};
      this.listener = new BgpListener({
        ...(listen.host !== undefined ? { host: listen.host } : {}),
        ...(listen.port !== undefined ? { port: listen.port } : {}),
        ...(options.onUnknownPeer !== undefined ? { onUnknownPeer: options.onUnknownPeer } : {}),
      });
    }
  }

  /** Start listening (no-op for active-only speakers). */
  async listen(): Promise<void> {
    await this.listener?.listen();
  }

  /** The bound listening port, when listening. */
  get port(): number | undefined {
    return this.listener?.port;
  }

  /** Connections refused because they came from no configured peer. */
  get refusedConnections(): number {
    return this.listener?.refusedCount ?? 0;
  }

  /** Configure a peer and start its session. One session per peer address. */
  addPeer(config: PeerConfig, options: { start?: boolean } = {}): BgpSession {
    const address = normaliseAddress(config.peerAddress);
    if (this.sessions.has(address)) throw new Error(`peer ${address} is already configured`);
    const session = new BgpSession(config);
    this.listener?.register(address, (socket) => session.acceptIncoming(socket), config.security);
    this.sessions.set(address, session);
    if (options.start !== false) session.start();
    return session;
  }

  peer(address: string): BgpSession | undefined {
    return this.sessions.get(normaliseAddress(address));
  }

  get peers(): BgpSession[] {
    return [...this.sessions.values()];
  }

  /** De-configure a peer: Cease 6/3 Peer De-configured (RFC 4486 §4), then forget it. */
  async removePeer(address: string): Promise<void> {
    const key = normaliseAddress(address);
    const session = this.sessions.get(key);
    if (session === undefined) return;
    this.listener?.unregister(key);
    this.sessions.delete(key);
    if (session.state === 'Idle') {
      await session.stop();
      return;
    }
    await session.automaticStop(CeaseSubcode.PeerDeconfigured);
    await session.stop();
  }

  /** Stop every session with Cease 6/2 (and an optional RFC 9003 message), then stop listening. */
  async close(shutdownMessage?: string): Promise<void> {
    // Stop accepting first; the server's close completes only once its sockets are gone.
    const listenerClosed = this.listener?.close();
    await Promise.all(this.peers.map((session) => session.stop(shutdownMessage)));
    await listenerClosed;
  }
}
