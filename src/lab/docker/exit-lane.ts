import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { processAlive } from '../process-alive.js';

/**
 * One container exit at a time on this machine, across every rrlab process.
 *
 * Docker 20.10 up to 20.10.26 (Debian 12's docker.io is 20.10.24) deadlocks when two containers on
 * one network are cleaned up at the same moment: one cleanup holds the network's lock and asks for the
 * controller's, while the engine's endpoint watcher, handling the other, holds the controller's and
 * asks for the network's (moby/moby#42545, fixed in 20.10.27 and 23.0). Every later start, stop and
 * removal then hangs until dockerd is restarted. Under the lab's own wiring every node is on the
 * engine's "none" network, so any two exits can collide; a lab's disposal used to remove 16 at once.
 *
 * Operations that end a container therefore pass through this lane: in-process through a promise
 * chain, across processes (parallel scenario workers, a second run) through an exclusive lock file.
 * An exit is a few tens of milliseconds of engine work, so serialising them costs a 200-node lab about
 * five seconds at disposal.
 */
export class ExitLane {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly lockFile: string) {}

  /** Run `work` once no other exit of this process or another one is in progress. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      const release = await this.acquire();
      try {
        return await work();
      } finally {
        release();
      }
    });
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async acquire(): Promise<() => void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(this.lockFile, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        return () => rmSync(this.lockFile, { force: true });
      } catch (error) {
        const { code } = error as NodeJS.ErrnoException;
        if (code === 'ENOENT') {
          mkdirSync(dirname(this.lockFile), { recursive: true });
          continue;
        }
        if (code !== 'EEXIST') throw error;
      }
      if (this.holderIsGone()) this.breakStaleLock();
      await new Promise((resolve) => setTimeout(resolve, Math.min(2 + attempt, 20)));
    }
  }

  /** The holder died without releasing (SIGKILL), or has held it far longer than any exit takes. */
  private holderIsGone(): boolean {
    let pid: number;
    let heldMs: number;
    try {
      pid = Number(readFileSync(this.lockFile, 'utf8'));
      heldMs = Date.now() - statSync(this.lockFile).mtimeMs;
    } catch {
      return false; // released meanwhile
    }
    if (heldMs > STALE_AFTER_MS) return true;
    if (!Number.isInteger(pid) || pid <= 0) return false; // being written: not stale yet
    return !processAlive(pid);
  }

  /**
   * Renamed aside before it is deleted, so that of two waiters that found it stale only one breaks it
   * (the other's rename fails); a holder that took it in between would lose it, a window of
   * microseconds after a process died holding the lock.
   */
  private breakStaleLock(): void {
    const aside = `${this.lockFile}.stale-${process.pid}`;
    try {
      renameSync(this.lockFile, aside);
      rmSync(aside, { force: true });
    } catch {
      // Another waiter broke it first.
    }
  }
}

/** Longer than any stop's grace period and the engine's own exit handling together. */
const STALE_AFTER_MS = 60_000;
