import { setTimeout as sleep } from 'node:timers/promises';

import { BirdCommandError, BirdConfigError, BirdConnectionError, BirdTimeoutError } from './bird-errors.js';
import { LineChannel, LineChannelClosed, LineReadTimeout } from './line-channel.js';
import { classifyReplyLine } from './reply-line.js';
import { BIRD_ERROR_CODE_MIN, type BirdReply, type BirdReplyLine } from './reply.js';

/** BIRD 1.x output (one daemon per family, lower-case headings) or 2.x-style output (BIRD 2 and 3). */
export type BirdGeneration = '1.x' | '2.x';

export interface BirdConnectOptions {
  /** How long to keep retrying until the socket exists and accepts (BIRD creates it after parsing its config). */
  readonly timeoutMs?: number;
  /** How long to wait for each line of a reply; `calicoctl` uses 2 s, busy lab containers need more. */
  readonly lineTimeoutMs?: number;
  /** Pause between connection attempts while waiting for the socket. */
  readonly retryIntervalMs?: number;
}

export interface BirdConfigureResult {
  /** `3` Reconfigured, `4` in progress, `5` queued, `19` nothing to do, `6` ignored (shutting down), … */
  readonly code: number;
  /** Text of the final line, e.g. `Reconfigured`. */
  readonly message: string;
  /** The file BIRD said it read (`0002-Reading configuration from <file>`), when it said so. */
  readonly file: string | undefined;
}

const CONFIG_FILE_ERROR = 8002;
const GREETING_CODE = 1;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_LINE_TIMEOUT_MS = 5_000;
const DEFAULT_RETRY_INTERVAL_MS = 100;

/** Socket errors that mean "BIRD is not listening yet", worth another try while connecting. */
const NOT_YET_LISTENING = new Set(['ENOENT', 'ECONNREFUSED', 'EAGAIN']);

/**
 * A client for one BIRD daemon's control socket, speaking the protocol `birdc` speaks: one command at a
 * time on one long-lived connection. Concurrent calls are queued, so observers may share a client.
 * If BIRD restarted and closed the connection, the next command reconnects (once) and is sent again;
 * BIRD's `show` and `configure` commands are safe to repeat.
 */
export class BirdControlClient {
  readonly socketPath: string;
  readonly #lineTimeoutMs: number;
  #channel: LineChannel | undefined;
  #version: string;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(socketPath: string, channel: LineChannel, version: string, lineTimeoutMs: number) {
    this.socketPath = socketPath;
    this.#channel = channel;
    this.#version = version;
    this.#lineTimeoutMs = lineTimeoutMs;
  }

  /** Connects, retrying until the socket accepts and greets or `timeoutMs` has passed. */
  static async connect(socketPath: string, options: BirdConnectOptions = {}): Promise<BirdControlClient> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    const lineTimeoutMs = options.lineTimeoutMs ?? DEFAULT_LINE_TIMEOUT_MS;
    const retryIntervalMs = options.retryIntervalMs ?? DEFAULT_RETRY_INTERVAL_MS;
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const { channel, version } = await openGreeted(socketPath, lineTimeoutMs);
        return new BirdControlClient(socketPath, channel, version, lineTimeoutMs);
      } catch (error) {
        const remaining = deadline - Date.now();
        if (!isNotYetListening(error) || remaining <= 0) {
          throw new BirdConnectionError(
            socketPath,
            `no BIRD greeting after ${attempt} attempt(s) in ${timeoutMs} ms: ${describe(error)}`,
            { cause: error },
          );
        }
        await sleep(Math.min(retryIntervalMs, remaining));
      }
    }
  }

  /** The version from BIRD's greeting, e.g. `1.6.8`, `2.0.12` or Calico's `v0.3.3+birdv1.6.8`. */
  get version(): string {
    return this.#version;
  }

  get generation(): BirdGeneration {
    return birdGeneration(this.#version);
  }

  /**
   * Sends one command and resolves with the whole reply. Final codes of 8000 and above reject with a
   * `BirdCommandError` carrying BIRD's code and text.
   */
  command(command: string): Promise<BirdReply> {
    if (/[\r\n]/.test(command)) {
      return Promise.reject(new Error(`a BIRD command is one line: ${JSON.stringify(command)}`));
    }
    const reply = this.#queue.then(() => this.#exchange(command));
    this.#queue = reply.catch(() => undefined);
    return reply.then((result) => {
      if (result.code >= BIRD_ERROR_CODE_MIN) {
        throw new BirdCommandError(command, result.code, finalText(result), result);
      }
      return result;
    });
  }

  /**
   * Asks BIRD to reload its configuration (from `file`, or from the file it was started with). Resolves
   * with BIRD's outcome; a configuration that does not parse rejects with a `BirdConfigError` holding
   * BIRD's message and its file, line and column.
   */
  async configure(file?: string): Promise<BirdConfigureResult> {
    if (file !== undefined && /["\r\n]/.test(file)) {
      throw new Error(`BIRD cannot quote this configuration path: ${JSON.stringify(file)}`);
    }
    const command = file === undefined ? 'configure' : `configure "${file}"`;
    let reply: BirdReply;
    try {
      reply = await this.command(command);
    } catch (error) {
      if (error instanceof BirdCommandError && error.code === CONFIG_FILE_ERROR) {
        throw new BirdConfigError(command, error.code, error.text, error.reply);
      }
      throw error;
    }
    const reading = reply.lines.find((line) => line.code === 2)?.text;
    return {
      code: reply.code,
      message: finalText(reply),
      file: reading?.replace(/^Reading configuration from /, ''),
    };
  }

  /** Closes the connection; commands after this reject. */
  async close(): Promise<void> {
    this.#closed = true;
    const channel = this.#channel;
    this.#channel = undefined;
    await channel?.close();
  }

  async #exchange(command: string): Promise<BirdReply> {
    for (let attempt = 0; ; attempt++) {
      if (this.#closed) throw new BirdConnectionError(this.socketPath, 'client is closed');
      try {
        const channel = await this.#openChannel();
        channel.write(`${command}\n`);
        return await readReply(channel, this.#lineTimeoutMs);
      } catch (error) {
        if (error instanceof LineReadTimeout) {
          // The reply's remaining lines may still come; a fresh connection avoids reading them as the next reply.
          await this.#dropChannel();
          throw new BirdTimeoutError(this.socketPath, this.#lineTimeoutMs, command);
        }
        if (error instanceof LineChannelClosed) {
          await this.#dropChannel();
          if (attempt === 0 && !this.#closed) continue;
          throw new BirdConnectionError(this.socketPath, `closed while answering "${command}"`, {
            cause: error,
          });
        }
        throw error;
      }
    }
  }

  async #openChannel(): Promise<LineChannel> {
    if (this.#channel && !this.#channel.closed) return this.#channel;
    await this.#dropChannel();
    try {
      const { channel, version } = await openGreeted(this.socketPath, this.#lineTimeoutMs);
      this.#channel = channel;
      this.#version = version;
      return channel;
    } catch (error) {
      throw new BirdConnectionError(this.socketPath, `reconnect failed: ${describe(error)}`, {
        cause: error,
      });
    }
  }

  async #dropChannel(): Promise<void> {
    const channel = this.#channel;
    this.#channel = undefined;
    await channel?.close();
  }
}

/** Maps a greeting version to the output generation; Calico's fork names the BIRD it is based on. */
export function birdGeneration(version: string): BirdGeneration {
  const major = /birdv(\d+)\./.exec(version)?.[1] ?? /^v?(\d+)\./.exec(version)?.[1];
  if (major === undefined) throw new Error(`cannot tell the BIRD version from "${version}"`);
  return Number(major) <= 1 ? '1.x' : '2.x';
}

async function openGreeted(
  socketPath: string,
  lineTimeoutMs: number,
): Promise<{ channel: LineChannel; version: string }> {
  const channel = await LineChannel.open(socketPath);
  try {
    const greeting = await readReply(channel, lineTimeoutMs);
    const version = /^BIRD (\S+) ready\.$/.exec(finalText(greeting))?.[1];
    if (greeting.code !== GREETING_CODE || version === undefined) {
      throw new Error(`unexpected greeting ${JSON.stringify(finalText(greeting))}`);
    }
    return { channel, version };
  } catch (error) {
    await channel.close();
    throw error;
  }
}

async function readReply(channel: LineChannel, lineTimeoutMs: number): Promise<BirdReply> {
  const lines: BirdReplyLine[] = [];
  let code: number | undefined;
  for (;;) {
    const line = classifyReplyLine(await channel.nextLine(lineTimeoutMs), code);
    if (line.kind === 'async') continue;
    code = line.code;
    lines.push({ code: line.code, text: line.text });
    if (line.final) return { code: line.code, lines };
  }
}

function finalText(reply: BirdReply): string {
  return reply.lines[reply.lines.length - 1]?.text ?? '';
}

function isNotYetListening(error: unknown): boolean {
  if (error instanceof LineChannelClosed) return true;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && NOT_YET_LISTENING.has(code);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
