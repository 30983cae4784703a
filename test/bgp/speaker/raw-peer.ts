/**
 * A hand-driven BGP endpoint for session tests: a plain socket plus the codec, so a test decides
 * exactly which message goes out when (and can fall silent, or open a second connection).
 */
import { Socket } from 'node:net';
import { MessageFramer } from '../../../src/bgp/codec/framer.js';
import { decodeMessage, encodeMessage } from '../../../src/bgp/codec/message-codec.js';
import { DEFAULT_CODEC_CONTEXT, type Message, type OpenMessage } from '../../../src/bgp/codec/messages.js';

export class RawPeer {
  readonly received: Message[] = [];
  closed = false;
  private readonly framer = new MessageFramer();
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      for (const frame of this.framer.push(chunk).messages) {
        const result = decodeMessage(frame, DEFAULT_CODEC_CONTEXT);
        if (result.action !== 'session-reset') this.received.push(result.message);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => undefined);
  }

  static connect(host: string, port: number, localAddress: string): Promise<RawPeer> {
    return new Promise((resolve, reject) => {
      const socket = new Socket();
      socket.once('error', reject);
      socket.connect({ host, port, localAddress }, () => resolve(new RawPeer(socket)));
    });
  }

  send(message: Message): void {
    this.socket.write(encodeMessage(message, DEFAULT_CODEC_CONTEXT));
  }

  /** Resolves with the first received message matching `predicate` (waiting for it if needed). */
  async next<T extends Message>(predicate: (message: Message) => message is T, timeoutMs = 5000): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(predicate);
      if (found !== undefined) return found;
      if (this.closed)
        throw new Error(`connection closed; received ${JSON.stringify(this.received.map((m) => m.type))}`);
      const left = until - Date.now();
      if (left <= 0)
        throw new Error(`timed out; received ${JSON.stringify(this.received.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async waitClosed(timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > until) throw new Error('connection still open');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export function openMessage(overrides: Partial<OpenMessage> = {}): OpenMessage {
  return {
    type: 'open',
    version: 4,
    myAs: 65000,
    holdTime: 90,
    bgpId: 0x0a000002,
    capabilities: [{ kind: 'four-octet-as', asn: 65000 }],
    ...overrides,
  };
}

export const isOpen = (m: Message): m is Extract<Message, { type: 'open' }> => m.type === 'open';
export const isKeepalive = (m: Message): m is Extract<Message, { type: 'keepalive' }> =>
  m.type === 'keepalive';
export const isNotification = (m: Message): m is Extract<Message, { type: 'notification' }> =>
  m.type === 'notification';
