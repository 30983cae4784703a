/**
 * One BGP TCP connection: framing on the way in, a bounded write queue on the way out.
 *
 * Inbound: bytes go through the codec's `MessageFramer`; whole messages are handed to the owner at
 * most `maxMessagesPerTick` at a time, and within the process-wide budget of an `InboundScheduler`
 * (bytes per event-loop turn, shared by all connections). Between batches the socket is paused and
 * the loop yields, so timers (hold, keepalive, other sessions' work) still run during a burst, and at
 * most one chunk of unprocessed input is held per connection.
 *
 * Outbound: messages wait in our own queue and are written only while the socket accepts data
 * (`write()` returned true, or `drain` fired), so Node's internal buffer stays small. The queue has
 * a byte limit: `trySend` refuses data beyond it, and `drain` tells the owner when there is room.
 * RFC 9687: while written data is not accepted by the peer for SendHoldTime, the owner is told
 * (`sendHoldExpired`) so the session can be torn down instead of buffering forever.
 */
import type { Socket } from 'node:net';
import { MessageFramer } from '../codec/framer.js';
import type { CodecError } from '../codec/errors.js';
import type { CodecContext } from '../codec/messages.js';
import type { ConnectionLoss } from '../fsm/events.js';
import { sharedInboundScheduler, type InboundReader, type InboundScheduler } from './inbound-scheduler.js';
import { socketErrorText } from './socket-error-text.js';
import { TimerSet } from './timer-set.js';

export interface ConnectionHandlers {
  /** One whole message, header included. */
  message(frame: Uint8Array): void;
  /** A header error (RFC 4271 §6.1); no further messages follow. */
  headerError(error: CodecError): void;
  /** The connection is gone (peer closed, reset, or we closed it). Called once. */
  closed(loss: ConnectionLoss): void;
  /** The write queue emptied below its limit after `trySend` refused data. */
  drain(): void;
  /** RFC 9687: queued data made no progress for SendHoldTime. */
  sendHoldExpired(): void;
}

export interface ConnectionOptions {
  /** Messages handed over before yielding to the event loop (default 256). */
  readonly maxMessagesPerTick?: number;
  /** Bytes `trySend` accepts into the queue before refusing (default 8 MiB). */
  readonly maxQueuedBytes?: number;
  /** How long `close` waits for queued bytes to leave before destroying the socket (default 1000 ms). */
  readonly closeGraceMs?: number;
  /** The inbound budget shared with other connections (default: one per process). */
  readonly scheduler?: InboundScheduler;
}

const DEFAULTS = {
  maxMessagesPerTick: 256,
  maxQueuedBytes: 8 * 1024 * 1024,
  closeGraceMs: 1000,
  scheduler: sharedInboundScheduler,
};

export class BgpConnection implements InboundReader {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;

  private readonly framer: MessageFramer;
  private readonly options: Required<ConnectionOptions>;
  private readonly inbox: Uint8Array[] = [];
  private inboxHead = 0;
  /** A header error found after the queued messages: reported once they are handed over. */
  private inboxError: CodecError | undefined;
  private readonly queue: Uint8Array[] = [];
  private queueHead = 0;
  private queuedBytes = 0;
  private waitingForDrain = false;
  private flushScheduled = false;
  private refusedSend = false;
  private sendHoldSeconds = 0;
  private readonly timers: TimerSet<'SendHold'>;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private handlers: ConnectionHandlers | undefined;
  private pendingLoss: ConnectionLoss | undefined;

  constructor(
    private readonly socket: Socket,
    context: CodecContext | undefined,
    options: ConnectionOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.framer = new MessageFramer(context);
    this.localAddress = normaliseAddress(socket.localAddress ?? '');
    this.localPort = socket.localPort ?? 0;
    this.remoteAddress = normaliseAddress(socket.remoteAddress ?? '');
    this.remotePort = socket.remotePort ?? 0;
    this.timers = new TimerSet(() => this.handlers?.sendHoldExpired());
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onSocketDrain());
    socket.on('error', (error: NodeJS.ErrnoException) => {
      this.pendingLoss ??= { kind: 'socket', text: socketErrorText(error) };
    });
    socket.on('end', () => {
      this.pendingLoss ??= { kind: 'socket', text: 'Connection closed' };
    });
    socket.on('close', () => this.onSocketClose());
    // Hold incoming data until an owner is attached, so no message is lost in between.
    socket.pause();
  }

  /** Attach the owner and start reading. */
  attach(handlers: ConnectionHandlers): void {
    this.handlers = handlers;
    if (this.state === 'open') this.socket.resume();
  }

  /** Message size limits change after OPEN (RFC 8654). */
  setContext(context: CodecContext): void {
    this.framer.setContext(context);
  }

  /** RFC 9687 SendHoldTime in seconds; 0 disables the check. */
  setSendHoldTime(seconds: number): void {
    this.sendHoldSeconds = seconds;
    if (seconds === 0) this.timers.stop('SendHold');
    else if (this.pendingBytes > 0) this.timers.start('SendHold', seconds);
  }

  /** Bytes held in user space for the peer: our queue plus Node's socket buffer (not the kernel's). */
  get pendingBytes(): number {
    return this.queuedBytes + this.socket.writableLength;
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  /** Queue a message regardless of the byte limit (OPEN, KEEPALIVE, ROUTE-REFRESH: small and rare). */
  send(bytes: Uint8Array): void {
    if (this.state !== 'open') return;
    this.enqueue(bytes);
  }

  /**
   * Queue a message if the queue is under its byte limit. Returns false (and queues nothing) when
   * full; `drain` follows once there is room again.
   */
  trySend(bytes: Uint8Array): boolean {
    if (this.state !== 'open') return false;
    if (this.pendingBytes > 0 && this.pendingBytes + bytes.length > this.options.maxQueuedBytes) {
      this.refusedSend = true;
      return false;
    }
    this.enqueue(bytes);
    return true;
  }

  /**
   * Close the connection. With `finalMessage` (a NOTIFICATION), anything still queued is dropped
   * and that message goes out first: the session is over, so stale UPDATEs have no value.
   */
  close(finalMessage?: Uint8Array): void {
    if (this.state !== 'open') return;
    this.state = 'closing';
    // Keep reading (and discarding) so the peer's FIN is seen and the socket can finish closing.
    this.socket.resume();
    this.options.scheduler.forget(this);
    this.inbox.length = 0;
    this.inboxHead = 0;
    this.inboxError = undefined;
    if (finalMessage !== undefined) {
      this.queue.length = 0;
      this.queueHead = 0;
      this.queuedBytes = 0;
      this.queue.push(finalMessage);
      this.queuedBytes = finalMessage.length;
      this.waitingForDrain = false;
    }
    this.flush();
    this.socket.end();
    // A peer that does not read will never take the rest: do not wait for it longer than the grace.
    const grace = setTimeout(() => this.socket.destroy(), this.options.closeGraceMs);
    this.socket.once('close', () => clearTimeout(grace));
  }

  /** Close at once, without flushing (e.g. after a send hold timeout). */
  destroy(): void {
    if (this.state === 'closed') return;
    this.state = 'closing';
    this.socket.destroy();
  }

  private enqueue(bytes: Uint8Array): void {
    this.queue.push(bytes);
    this.queuedBytes += bytes.length;
    // Messages queued in one synchronous run (a reflector batch sends many to each peer) leave in
    // one corked write, so one writev per peer instead of one syscall per message.
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(this.scheduledFlush);
  }

  private readonly scheduledFlush = (): void => {
    this.flushScheduled = false;
    if (this.state !== 'closed') this.flush();
  };

  private readonly written = (): void => this.onWritten();

  private flush(): void {
    if (this.waitingForDrain || this.queueHead >= this.queue.length) return;
    this.socket.cork();
    while (this.queueHead < this.queue.length) {
      const bytes = this.queue[this.queueHead] as Uint8Array;
      this.queue[this.queueHead++] = EMPTY;
      this.queuedBytes -= bytes.length;
      const accepted = this.socket.write(bytes, this.written);
      if (!accepted) {
        this.waitingForDrain = true;
        break;
      }
    }
    this.socket.uncork();
    if (this.queueHead >= this.queue.length) {
      this.queue.length = 0;
      this.queueHead = 0;
    } else if (this.queueHead > 1024 && this.queueHead * 2 > this.queue.length) {
      this.queue.splice(0, this.queueHead);
      this.queueHead = 0;
    }
    if (this.sendHoldSeconds > 0 && this.pendingBytes > 0 && !this.timers.isRunning('SendHold')) {
      this.timers.start('SendHold', this.sendHoldSeconds);
    }
  }

  /** The kernel took a message: progress, so the send hold timer restarts (RFC 9687). */
  private onWritten(): void {
    if (this.pendingBytes === 0) this.timers.stop('SendHold');
    else if (this.sendHoldSeconds > 0) this.timers.start('SendHold', this.sendHoldSeconds);
  }

  private onSocketDrain(): void {
    this.waitingForDrain = false;
    this.flush();
    if (this.refusedSend && !this.waitingForDrain && this.pendingBytes < this.options.maxQueuedBytes / 2) {
      this.refusedSend = false;
      if (this.state === 'open') this.handlers?.drain();
    }
  }

  private onData(chunk: Buffer): void {
    if (this.state !== 'open' || this.inboxError !== undefined) return;
    const { messages, error } = this.framer.push(chunk);
    for (const message of messages) this.inbox.push(message);
    if (error !== undefined) {
      // Deliver what came before the bad header, then the error; read nothing more.
      this.inboxError = error;
      this.socket.pause();
    }
    this.options.scheduler.ready(this);
  }

  get hasInbox(): boolean {
    return this.state === 'open' && (this.inboxHead < this.inbox.length || this.inboxError !== undefined);
  }

  setReading(reading: boolean): void {
    if (this.state !== 'open') return;
    if (reading && this.inboxError === undefined) this.socket.resume();
    else this.socket.pause();
  }

  readInbox(budget: number): number {
    let handled = 0;
    let bytes = 0;
    while (this.inboxHead < this.inbox.length && this.state === 'open') {
      // Bounded work per turn: what is left waits while timers and other sockets run.
      if (handled === this.options.maxMessagesPerTick || bytes >= budget) return bytes;
      const frame = this.inbox[this.inboxHead] as Uint8Array;
      this.inbox[this.inboxHead++] = EMPTY;
      handled++;
      bytes += frame.length;
      this.handlers?.message(frame);
    }
    this.inbox.length = 0;
    this.inboxHead = 0;
    const error = this.inboxError;
    if (error !== undefined && this.state === 'open') {
      this.inboxError = undefined;
      this.handlers?.headerError(error);
    }
    return bytes;
  }

  private onSocketClose(): void {
    const wasClosing = this.state === 'closing';
    this.state = 'closed';
    this.options.scheduler.forget(this);
    this.timers.stopAll();
    const loss = this.pendingLoss ?? {
      kind: 'socket',
      text: wasClosing ? 'Connection closed locally' : 'Connection closed',
    };
    this.handlers?.closed(loss);
  }
}

const EMPTY = new Uint8Array(0);

/** `::ffff:127.0.0.2` (an IPv4 peer on a dual-stack socket) → `127.0.0.2`. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
