/**
 * The core's timers (RFC 4724 restart and stale timers) as real ones: start replaces, stop cancels,
 * expiry calls back with the peer and timer so the daemon can hand the core a `timer-expired` event.
 */
import type { ReflectorTimer } from '../actions.js';

export class TimerTable {
  readonly #timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly expired: (peer: string, timer: ReflectorTimer) => void) {}

  start(peer: string, timer: ReflectorTimer, seconds: number): void {
    this.stop(peer, timer);
    const key = `${peer} ${timer}`;
    const handle = setTimeout(() => {
      this.#timers.delete(key);
      this.expired(peer, timer);
    }, seconds * 1000);
    handle.unref();
    this.#timers.set(key, handle);
  }

  stop(peer: string, timer: ReflectorTimer): void {
    const key = `${peer} ${timer}`;
    const handle = this.#timers.get(key);
    if (handle === undefined) return;
    clearTimeout(handle);
    this.#timers.delete(key);
  }

  stopAll(): void {
    for (const handle of this.#timers.values()) clearTimeout(handle);
    this.#timers.clear();
  }

  get running(): number {
    return this.#timers.size;
  }
}
