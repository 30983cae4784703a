/**
 * Structured logs as JSON lines (one object per line: time, level, event fields), small enough not to
 * need a logging library; a container's log then reads with `jq` and tests parse it line by line.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface JsonLogSink {
  write(line: string): unknown;
}

export class JsonLog {
  constructor(
    private readonly sink: JsonLogSink = process.stdout,
    private readonly minimum: LogLevel = 'info',
    private readonly base: LogFields = {},
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A logger that adds these fields to every line (e.g. `{ peer: 'Node_10_0_0_3' }`). */
  child(fields: LogFields): JsonLog {
    return new JsonLog(this.sink, this.minimum, { ...this.base, ...fields }, this.now);
  }

  log(level: LogLevel, message: string, fields: LogFields = {}): void {
    if (ORDER[level] < ORDER[this.minimum]) return;
    const line = { time: this.now().toISOString(), level, msg: message, ...this.base, ...fields };
    this.sink.write(
      JSON.stringify(line, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value)) +
        '\n',
    );
  }

  debug(message: string, fields?: LogFields): void {
    this.log('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.log('info', message, fields);
  }

  warn(message: string, fields?: LogFields): void {
    this.log('warn', message, fields);
  }

  error(message: string, fields?: LogFields): void {
    this.log('error', message, fields);
  }
}

/** A logger that drops everything (tests, benchmarks). */
export const SILENT_LOG = new JsonLog({ write: () => undefined }, 'error');
