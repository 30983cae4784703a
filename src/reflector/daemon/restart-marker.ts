/**
 * The note a reflector leaves for its next run when it restarts gracefully (RFC 4724 §4.1): when it
 * went, and how long its peers promised to keep its routes. The next run that finds a fresh note is
 * the restarting speaker (R bit, deferred selection); a stale or missing note is a cold start, as the
 * peers have dropped its routes by then anyway.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

export interface RestartMarker {
  /** When the previous run left, epoch milliseconds. */
  readonly leftAt: number;
  /** The Restart Time it advertised: how long peers keep its routes as stale. */
  readonly restartTimeSeconds: number;
}

export function writeRestartMarker(file: string, marker: RestartMarker): void {
  writeFileSync(`${file}.tmp`, `${JSON.stringify(marker)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * Reads and removes the note (it speaks for one restart only). True when the previous run left it
 * within its Restart Time; a note that cannot be read counts as none.
 */
export function takeRestartMarker(file: string, now = Date.now()): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  rmSync(file, { force: true });
  try {
    const marker = JSON.parse(text) as Partial<RestartMarker>;
    const { leftAt, restartTimeSeconds } = marker;
    if (typeof leftAt !== 'number' || typeof restartTimeSeconds !== 'number') return false;
    return now >= leftAt && now - leftAt <= restartTimeSeconds * 1000;
  } catch {
    return false;
  }
}
