/**
 * Progress of a long step on the terminal: one line updated in place on a TTY, and elsewhere (CI
 * logs) the line printed again at most every few seconds, so a 202-node bring-up says what it is
 * doing instead of nothing for a minute. Short steps print nothing: the first line waits a moment.
 */
export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream | { write(text: string): boolean; isTTY?: boolean };
  /** Nothing is shown before this much time has passed (ms). */
  readonly quietMs?: number;
  /** Off a TTY, the least time between two printed lines (ms). */
  readonly everyMs?: number;
  readonly now?: () => number;
}

export class ProgressLine {
  readonly #stream: NonNullable<ProgressOptions['stream']>;
  readonly #tty: boolean;
  readonly #started: number;
  readonly #quietMs: number;
  readonly #everyMs: number;
  readonly #now: () => number;
  #lastPrinted = -Infinity;
  #shown = false;
  #latest = '';

  constructor(options: ProgressOptions = {}) {
    this.#stream = options.stream ?? process.stderr;
    this.#tty = this.#stream.isTTY === true;
    this.#now = options.now ?? Date.now;
    this.#started = this.#now();
    this.#quietMs = options.quietMs ?? 3000;
    this.#everyMs = options.everyMs ?? 5000;
  }

  /** The current state; printed when the step has run long enough and the last line is old enough. */
  update(text: string): void {
    this.#latest = text;
    const now = this.#now();
    if (now - this.#started < this.#quietMs) return;
    if (this.#tty) {
      this.#stream.write(`\r\x1b[2K${text}`);
      this.#shown = true;
    } else if (now - this.#lastPrinted >= this.#everyMs) {
      this.#stream.write(`${text}\n`);
      this.#lastPrinted = now;
    }
  }

  /** The final state, if anything was shown; on a TTY the line is ended. */
  done(text = this.#latest): void {
    if (this.#tty && this.#shown) this.#stream.write(`\r\x1b[2K${text}\n`);
    else if (!this.#tty && this.#lastPrinted > -Infinity) this.#stream.write(`${text}\n`);
  }
}
