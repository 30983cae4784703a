import type { BirdReply } from './reply.js';

/** BIRD answered a command with a run-time (8xxx) or parse (9xxx) error code. */
export class BirdCommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number,
    /** BIRD's own text of the final line, e.g. `Network not in table` or `syntax error`. */
    readonly text: string,
    readonly reply: BirdReply,
  ) {
    super(`BIRD rejected "${command}": ${String(code).padStart(4, '0')} ${text}`);
    this.name = 'BirdCommandError';
  }
}

/**
 * `configure` failed because the configuration does not parse. BIRD reports
 * `8002 <file>:<line>:<column> <message>`; when the text has another shape (e.g. an unreadable file),
 * position fields stay undefined and `birdMessage` holds the whole text.
 */
export class BirdConfigError extends BirdCommandError {
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly birdMessage: string;

  constructor(command: string, code: number, text: string, reply: BirdReply) {
    super(command, code, text, reply);
    this.name = 'BirdConfigError';
    const located = /^(.*):(\d+):(\d+) (.*)$/s.exec(text);
    this.file = located?.[1];
    this.line = located ? Number(located[2]) : undefined;
    this.column = located ? Number(located[3]) : undefined;
    this.birdMessage = located?.[4] ?? text;
    this.message = located
      ? `BIRD configuration error in ${this.file}, line ${this.line}, column ${this.column}: ${this.birdMessage}`
      : `BIRD configuration error: ${text}`;
  }
}

/** No line arrived from BIRD within the per-line timeout. */
export class BirdTimeoutError extends Error {
  constructor(
    readonly socketPath: string,
    readonly timeoutMs: number,
    readonly command: string | undefined,
  ) {
    super(
      `BIRD at ${socketPath} sent no line for ${timeoutMs} ms` +
        (command ? ` while answering "${command}"` : ''),
    );
    this.name = 'BirdTimeoutError';
  }
}

/** The control socket could not be reached, or closed under a command and stayed closed. */
export class BirdConnectionError extends Error {
  constructor(
    readonly socketPath: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`BIRD control socket ${socketPath}: ${message}`, options);
    this.name = 'BirdConnectionError';
  }
}
