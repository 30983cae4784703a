import { createConnection, type Socket } from 'node:net';

/**
 * One UNIX-socket connection read as lines. BIRD writes whole lines, but the kernel may split or join
 * them arbitrarily, so bytes are buffered until a newline. Closing is sticky: once the peer goes away,
 * every pending and later read fails with the same `LineChannelClosed`, which the client turns into a
 * reconnect.
 */
export class LineChannelClosed extends Error {
  constructor(readonly reason: unknown) {
    super(`connection closed${reason instanceof Error ? `: ${reason.message}` : ''}`, { cause: reason });
    this.name = 'LineChannelClosed';
  }
}

export class LineReadTimeout extends Error {
  constructor() {
    super('line read timed out');
    this.name = 'LineReadTimeout';
  }
}

interface PendingRead {
  resolve(line: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export class LineChannel {
  readonly #socket: Socket;
  #partial = '';
  readonly #lines: string[] = [];
  #pending: PendingRead | undefined;
  #closed: LineChannelClosed | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.#receive(chunk));
    socket.on('error', (error) => this.#close(error));
    socket.on('close', () => this.#close(undefined));
    socket.on('end', () => this.#close(undefined));
  }

  /** Resolves once the socket accepts; rejects with the OS error (ENOENT, ECONNREFUSED, …) otherwise. */
  static open(socketPath: string): Promise<LineChannel> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ path: socketPath });
      const onError = (error: Error): void => {
        socket.destroy();
        reject(error);
      };
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(new LineChannel(socket));
      });
    });
  }

  get closed(): boolean {
    return this.#closed !== undefined;
  }

  /** The next complete line without its newline (and without a trailing `\r`). */
  nextLine(timeoutMs: number): Promise<string> {
    const ready = this.#lines.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#closed) return Promise.reject(this.#closed);
    if (this.#pending) return Promise.reject(new Error('LineChannel supports one reader at a time'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending = undefined;
        reject(new LineReadTimeout());
      }, timeoutMs);
      this.#pending = { resolve, reject, timer };
    });
  }

  write(text: string): void {
    if (this.#closed) throw this.#closed;
    this.#socket.write(text);
  }

  /** Ends the connection; resolves when the socket is fully closed. */
  close(): Promise<void> {
    if (this.#socket.destroyed) {
      this.#close(undefined);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.destroy();
    });
  }

  #receive(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const part of parts) this.#lines.push(part.endsWith('\r') ? part.slice(0, -1) : part);
    this.#deliver();
  }

  #deliver(): void {
    const pending = this.#pending;
    if (!pending) return;
    const line = this.#lines.shift();
    if (line === undefined) return;
    this.#pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(line);
  }

  #close(reason: unknown): void {
    this.#closed ??= new LineChannelClosed(reason);
    const pending = this.#pending;
    // Lines that arrived before the close are still delivered; only an empty queue fails the reader.
    if (pending && this.#lines.length === 0) {
      this.#pending = undefined;
      clearTimeout(pending.timer);
      pending.reject(this.#closed);
    }
  }
}
