/**
 * Named one-shot timers that turn into events (holo's "timers as events"): the FSM asks for
 * `startTimer`/`stopTimer`, the host runs them here and feeds the expiry back.
 *
 * Restarting a timer is cheap: the hold timer restarts on every received UPDATE, so instead of a
 * clearTimeout/setTimeout pair per message the deadline is moved and the pending timeout, when it
 * fires early, re-arms itself for the remainder.
 */

interface Entry {
  deadline: number;
  handle: ReturnType<typeof setTimeout> | undefined;
  generation: number;
}

export class TimerSet<Name extends string> {
  private readonly entries = new Map<Name, Entry>();
  private generation = 0;

  constructor(
    private readonly onExpire: (name: Name) => void,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** (Re)start `name` to fire after `seconds`. */
  start(name: Name, seconds: number): void {
    const deadline = this.now() + Math.max(0, seconds) * 1000;
    const entry = this.entries.get(name);
    if (entry !== undefined && entry.handle !== undefined && entry.deadline <= deadline) {
      // The pending timeout fires no later than the new deadline; it will re-arm itself.
      entry.deadline = deadline;
      return;
    }
    if (entry?.handle !== undefined) clearTimeout(entry.handle);
    const fresh: Entry = { deadline, handle: undefined, generation: ++this.generation };
    this.entries.set(name, fresh);
    this.arm(name, fresh);
  }

  stop(name: Name): void {
    const entry = this.entries.get(name);
    if (entry === undefined) return;
    if (entry.handle !== undefined) clearTimeout(entry.handle);
    this.entries.delete(name);
  }

  stopAll(): void {
    for (const name of [...this.entries.keys()]) this.stop(name);
  }

  isRunning(name: Name): boolean {
    return this.entries.has(name);
  }

  /** Seconds until `name` fires, or undefined when it is not running. */
  remaining(name: Name): number | undefined {
    const entry = this.entries.get(name);
    return entry === undefined ? undefined : Math.max(0, entry.deadline - this.now()) / 1000;
  }

  private arm(name: Name, entry: Entry): void {
    const delay = Math.max(0, entry.deadline - this.now());
    entry.handle = setTimeout(() => this.fire(name, entry.generation), Math.ceil(delay));
  }

  private fire(name: Name, generation: number): void {
    const entry = this.entries.get(name);
    if (entry === undefined || entry.generation !== generation) return;
    if (this.now() + 0.5 < entry.deadline) {
      this.arm(name, entry);
      return;
    }
    this.entries.delete(name);
    this.onExpire(name);
  }
}
